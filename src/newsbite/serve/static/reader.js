/* NewsBite reader: the light/dark switch and the keyboard shortcuts (press ? on any page).
   Only a layer over pages that work without it: every key does what a link or button on the
   page already does, and the controls it needs stay hidden when it does not run. */
(() => {
  "use strict";

  const THEME_KEY = "newsbite:theme";
  const CURRENT_KEY = "newsbite:current:";
  const RETURN_KEY = "newsbite:returning-to";
  const root = document.documentElement;

  // Storage can be refused (a private window, a policy: even naming it may throw); the page then
  // simply forgets.
  function stored(storage, key) {
    try {
      return window[storage].getItem(key);
    } catch {
      return null;
    }
  }

  function store(storage, key, value) {
    try {
      window[storage].setItem(key, value);
    } catch {
      // Not remembered: it still holds on this page.
    }
  }

  function forget(storage, key) {
    try {
      window[storage].removeItem(key);
    } catch {
      // Nothing was stored either.
    }
  }

  // First, before the page is shown where the browser allows: the reader's chosen theme.
  const chosen = stored("localStorage", THEME_KEY);
  if (chosen === "dark" || chosen === "light") root.dataset.theme = chosen;

  const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : prefersDark.matches;
  }

  function setUpThemeSwitch() {
    const button = document.querySelector("[data-theme-switch]");
    if (!button) return;
    const show = () => button.setAttribute("aria-pressed", String(isDark()));
    button.addEventListener("click", () => {
      const theme = isDark() ? "light" : "dark";
      root.dataset.theme = theme;
      store("localStorage", THEME_KEY, theme);
      show();
    });
    prefersDark.addEventListener("change", show);
    show();
    button.hidden = false;
  }

  // The list j and k move through, and which of its items is current. The index is kept per
  // page for this tab, so that after a button's form reloads the page the same place is current.
  const items = () => [...document.querySelectorAll("ol.bites > li")];
  const currentKey = () => CURRENT_KEY + location.pathname + location.search;

  function currentIndex(list) {
    return list.findIndex((item) => item.classList.contains("current"));
  }

  function makeCurrent(list, index, { focus = true } = {}) {
    const item = list[index];
    if (!item) return;
    for (const other of list) {
      if (other !== item && other.classList.contains("current")) {
        other.classList.remove("current");
        other.removeAttribute("aria-current");
      }
    }
    item.classList.add("current");
    item.setAttribute("aria-current", "true");
    store("sessionStorage", currentKey(), String(index));
    if (focus) {
      const link = headline(item);
      if (link) link.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
    }
  }

  const headline = (item) => item.querySelector("h2 a[href]") || item.querySelector("a[href]");

  function move(step) {
    const list = items();
    if (!list.length) return;
    const at = currentIndex(list);
    const next = at < 0 ? 0 : Math.min(Math.max(at + step, 0), list.length - 1);
    makeCurrent(list, next);
  }

  function currentItem() {
    const list = items();
    return list[currentIndex(list)] || null;
  }

  function open() {
    const item = currentItem();
    const link = item && headline(item);
    if (!link) return false;
    link.click();
    return true;
  }

  function press(key) {
    const item = currentItem();
    const button = item && item.querySelector(`button[data-key="${key}"]`);
    if (!button) return false;
    button.click();
    return true;
  }

  // Back on the page after an item's button posted its form, or reloaded: the same place is
  // current again. A page reached by a link starts at the top, as it would without this script.
  function restoreCurrent() {
    const returning = stored("sessionStorage", RETURN_KEY) === currentKey();
    forget("sessionStorage", RETURN_KEY);
    const arrival = performance.getEntriesByType("navigation")[0]?.type;
    if (!returning && arrival !== "reload" && arrival !== "back_forward") return;
    const list = items();
    const saved = Number.parseInt(stored("sessionStorage", currentKey()) ?? "", 10);
    if (!list.length || Number.isNaN(saved)) return;
    // An item read on /unread leaves the list: the one after it takes its place.
    makeCurrent(list, Math.min(saved, list.length - 1));
  }

  // A list's buttons post a form and come back to this page (reading.py's `back`).
  function noteReturn(event) {
    const item = event.submitter?.closest("ol.bites > li");
    if (!item) return;
    const list = items();
    makeCurrent(list, list.indexOf(item), { focus: false });
    store("sessionStorage", RETURN_KEY, currentKey());
  }

  // Tabbing or clicking into an item makes it current, so j and k go on from where the reader is.
  function followFocus(event) {
    const item = event.target.closest && event.target.closest("ol.bites > li");
    if (!item || item.classList.contains("current")) return;
    const list = items();
    makeCurrent(list, list.indexOf(item), { focus: false });
  }

  const keysDialog = () => document.getElementById("keys");

  function showKeys() {
    const dialog = keysDialog();
    if (dialog && !dialog.open) dialog.showModal();
  }

  function isTyping(target) {
    return (
      target instanceof Element &&
      (target.isContentEditable || target.closest("input, textarea, select, [contenteditable]") !== null)
    );
  }

  // Enter on a link or button already does what that control does; only elsewhere is it "open".
  function onControl(target) {
    return target instanceof Element && target.closest("a[href], button, summary, [tabindex]:not(main)") !== null;
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    if (keysDialog()?.open) return; // the dialog is modal: Escape (the browser's own) closes it
    let handled = false;
    switch (event.key) {
      case "j":
        move(1);
        handled = true;
        break;
      case "k":
        move(-1);
        handled = true;
        break;
      case "o":
        handled = open();
        break;
      case "Enter":
        handled = !onControl(event.target) && open();
        break;
      case "m":
      case "s":
        handled = press(event.key);
        break;
      case "/": {
        const search = document.getElementById("q");
        if (search) {
          search.focus();
          search.select();
          handled = true;
        }
        break;
      }
      case "?":
        showKeys();
        handled = true;
        break;
    }
    if (handled) event.preventDefault();
  }

  function start() {
    setUpThemeSwitch();
    for (const opener of document.querySelectorAll("[data-keys-open]")) {
      opener.addEventListener("click", showKeys);
    }
    for (const hint of document.querySelectorAll("[data-keys-hint]")) hint.hidden = false;
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusin", followFocus);
    document.addEventListener("submit", noteReturn);
    restoreCurrent();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
