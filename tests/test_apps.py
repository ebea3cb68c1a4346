"""A real app against a real server: Debian's newsboat syncing with `newsbite serve` through the
Google Reader API (its `feedhq` source) and the Miniflux API (its `miniflux` source), the server
following the loopback news site's outlets, two of which ran AFP's Nepal flood dispatch. Both
sources print the unread count the API gives, and a copy of the dispatch read through one API is
read, with every other copy, the next time newsboat syncs through the other."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from shutil import which

import httpx
import pytest

from tests.site import Site

pytestmark = pytest.mark.slow

NEWSBOAT = which("newsboat")
NAME, PASSWORD, APP_PASSWORD = "ana", "a long web passphrase", "an app passphrase"
READ = "user/-/state/com.google/read"


@dataclass(frozen=True)
class Served:
    base_url: str
    site: Site
    folder: Path
    afp_urls: frozenset[str]  # the dispatch's copies on the outlets' pages


def newsbite(arguments: list[str], environ: dict[str, str], given: str = "") -> str:
    command = [str(Path(sys.executable).with_name("newsbite")), *arguments]
    done = subprocess.run(command, env=environ, input=given, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"newsbite {' '.join(arguments)}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if NEWSBOAT is None:
        pytest.skip("no newsboat: `make test` installs Debian's where apt-get is (make apps)")
    folder = tmp_path_factory.mktemp("apps")
    environ = {
        **os.environ,
        "NEWSBITE_DATABASE": f"sqlite:///{folder / 'store.db'}",
        "NEWSBITE_ALLOW_HOSTS": "127.0.0.1",
        "NEWSBITE_FETCH_HOST_INTERVAL_SECONDS": "0",
        "NEWSBITE_FETCH_RETRIES": "0",
    }
    with Site() as site:
        newsbite(["users", "add", NAME, "--password-stdin"], environ, PASSWORD + "\n")
        newsbite(["users", "api-password", NAME, "--password-stdin"], environ, APP_PASSWORD + "\n")
        outlets = site.outlets()
        newsbite(["feeds", "add", *(outlet.feed_url for outlet in outlets.values())], environ)
        newsbite(["watch", "--once"], environ)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        with (folder / "serve.log").open("wb") as log:
            server = subprocess.Popen(
                [str(Path(sys.executable).with_name("newsbite")), "serve", "--port", str(port)],
                env=environ,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base_url + "/accounts/ClientLogin", timeout=2)
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline, (
                        folder / "serve.log"
                    ).read_text()
                    time.sleep(0.2)
            afp = frozenset(site.afp_nepal_flood_carriers().values())
            yield Served(base_url, site, folder, afp)
        finally:
            server.terminate()
            server.wait(30)


def run_newsboat(served: Served, source: str) -> tuple[int, Path]:
    """`newsboat -x reload print-unread` syncing through `source` (feedhq or miniflux), as a person
    runs it in a home of its own: the unread count it prints, and its cache."""
    home = served.folder / f"home-{source}"
    home.mkdir(exist_ok=True)
    config, cache, urls = home / "config", home / "cache.db", home / "urls"
    urls.touch()
    settings = {
        "feedhq": [
            'urls-source "feedhq"',
            f'feedhq-url "{served.base_url}/"',  # with the trailing slash people type
            f'feedhq-login "{NAME}"',
            f'feedhq-password "{APP_PASSWORD}"',
            'feedhq-show-special-feeds "no"',
            "feedhq-min-items 100",
        ],
        "miniflux": [
            'urls-source "miniflux"',
            f'miniflux-url "{served.base_url}/"',
            f'miniflux-login "{NAME}"',
            f'miniflux-password "{APP_PASSWORD}"',
        ],
    }[source]
    config.write_text("\n".join(settings) + "\n")
    done = subprocess.run(
        [
            NEWSBOAT or "newsboat",
            "-C",
            str(config),
            "-c",
            str(cache),
            "-u",
            str(urls),
            "-x",
            "reload",
            "print-unread",
        ],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"newsboat ({source}) exited {done.returncode}: {done.stdout}{done.stderr}"
    found = re.search(r"(\d+) unread articles", done.stdout)
    assert found, done.stdout
    return int(found.group(1)), cache


def unread_in_cache(cache: Path, guids: set[str]) -> dict[str, bool]:
    """newsboat's own record of these items (by guid): unread or not."""
    with sqlite3.connect(cache) as connection:
        rows = connection.execute("SELECT guid, unread FROM rss_item").fetchall()
    return {guid: bool(unread) for guid, unread in rows if guid in guids}


def google_auth(served: Served) -> dict[str, str]:
    answer = httpx.post(
        served.base_url + "/accounts/ClientLogin", data={"Email": NAME, "Passwd": APP_PASSWORD}
    )
    auth = re.search(r"^Auth=(\S+)$", answer.text, re.MULTILINE)
    assert answer.status_code == 200 and auth, answer.text
    return {"Authorization": f"GoogleLogin auth={auth.group(1)}"}


def reading_list_unread(served: Served) -> int:
    counts = httpx.get(
        served.base_url + "/reader/api/0/unread-count", params={"output": "json"}, headers=google_auth(served)
    ).json()
    return next(
        c["count"] for c in counts["unreadcounts"] if c["id"].endswith("/state/com.google/reading-list")
    )


def miniflux_entries(served: Served) -> list[dict]:
    answer = httpx.get(served.base_url + "/v1/entries", params={"limit": 1000}, auth=(NAME, APP_PASSWORD))
    assert answer.status_code == 200, answer.text
    return answer.json()["entries"]


def afp_entries(served: Served) -> list[dict]:
    found = [entry for entry in miniflux_entries(served) if entry["url"] in served.afp_urls]
    assert len(found) >= 2, "the outlets' copies of the dispatch are not all entries"
    return found


def long_id(entry_id: int) -> str:
    return f"tag:google.com,2005:reader/item/{entry_id:016x}"


def test_newsboat_prints_the_apis_unread_count_through_either_api(served: Served) -> None:
    expected = reading_list_unread(served)
    assert expected == sum(entry["status"] != "read" for entry in miniflux_entries(served))
    assert expected > 10
    assert run_newsboat(served, "feedhq")[0] == expected
    assert run_newsboat(served, "miniflux")[0] == expected


def test_a_copy_read_through_one_api_is_read_with_every_copy_through_the_other(served: Served) -> None:
    copies = afp_entries(served)
    assert all(entry["status"] == "unread" for entry in copies)
    before_feedhq, _ = run_newsboat(served, "feedhq")
    before_miniflux, _ = run_newsboat(served, "miniflux")
    # Read one copy as a Miniflux app does; newsboat's Google Reader sync finds them all read.
    marked = httpx.put(
        served.base_url + "/v1/entries",
        json={"entry_ids": [copies[0]["id"]], "status": "read"},
        auth=(NAME, APP_PASSWORD),
    )
    assert marked.status_code == 204 and marked.content == b""
    after_feedhq, cache = run_newsboat(served, "feedhq")
    assert after_feedhq == before_feedhq - len(copies)
    assert unread_in_cache(cache, {long_id(entry["id"]) for entry in copies}) == {
        long_id(entry["id"]): False for entry in copies
    }
    # Unread again through the Google Reader API, as newsboat itself marks an item unread;
    # newsboat's Miniflux sync finds every copy unread again, then read after one is read there.
    headers = google_auth(served)
    token = httpx.get(served.base_url + "/reader/api/0/token", headers=headers).text
    for change in ({"r": READ}, {"a": READ}):
        answer = httpx.post(
            served.base_url + "/reader/api/0/edit-tag",
            data={"i": long_id(copies[-1]["id"]), **change, "T": token},
            headers=headers,
        )
        assert answer.text == "OK"
        count, cache = run_newsboat(served, "miniflux")
        expected = before_miniflux if "r" in change else before_miniflux - len(copies)
        assert count == expected
        assert set(unread_in_cache(cache, {str(entry["id"]) for entry in copies}).values()) == {"r" in change}
