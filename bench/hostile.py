"""What a hostile document costs, through each entrance (issue 18).

Three documents an attacker can send, generated here: a text of 3,000 short sentences whose
vocabulary grows with them (250 KB), a 19 MB text of 230,000 sentences, and a page whose one tag
has 80,000 attributes (868 KB). Each goes through the three ways NewsBite meets the open web, as
whole processes:
- `newsbite bite --format jsonl FILE`, peak RSS and wall time from the kernel (wait4's rusage);
- the API: `newsbite serve` on a fresh store, the document POSTed as `{"text"}` or `{"html"}`; the
  answer's status and time, and the server process's peak RSS (VmHWM) after it;
- `newsbite watch --once`: a feed served on 127.0.0.1 whose one entry carries the document (as
  content:encoded), the watch process's peak RSS and wall time.
The targets (the issue's): under 600 MB and 20 s for the 3,000 sentences; under 1 GB (or refused)
for the 19 MB text; under 5 s (or refused) for the 80,000 attributes; the server under 600 MB.
Exits 1 when one is missed.

    python bench/hostile.py [--cases sentences,huge,attributes] [--entrances bite,api,watch]
"""

from __future__ import annotations

import argparse
import html
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

NEWSBITE = str(Path(sys.executable).with_name("newsbite"))
SUBJECTS = ("council", "river", "bridge", "minister", "police", "storm", "market", "school", "village")
TOKEN = "bench-token"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # text or html
    seconds: float | None  # the target, None for none
    megabytes: float
    may_refuse: bool


CASES = {
    "sentences": Case("3,000 short sentences (250 KB)", "text", 20, 600, False),
    "huge": Case("230,000 sentences (19 MB)", "text", None, 1000, True),
    "attributes": Case("80,000 attributes in one tag (868 KB)", "html", 5, 1000, True),
}


def sentences(count: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = []
    for number in range(count):
        subject, place = rng.choice(SUBJECTS), rng.choice(SUBJECTS)
        lines.append(f"The {subject} near the {place} said plan {number} would go ahead with w{number}x.")
    paragraphs = [" ".join(lines[start : start + 5]) for start in range(0, len(lines), 5)]
    return "Plans go ahead across the county\n\n" + "\n\n".join(paragraphs)


def make_document(case: str, folder: Path) -> Path:
    if case == "sentences":
        path, content = folder / "sentences.txt", sentences(3_000, 1)
    elif case == "huge":
        path, content = folder / "huge.txt", sentences(230_000, 2)[:19_000_000]
    else:
        attributes = " ".join(f'a{number}="x"' for number in range(80_000))
        body = (
            "<h1>Council votes to rebuild the harbour pier</h1>"
            "<p>The council voted on Tuesday to rebuild the pier, officials said.</p>"
        )
        content = f"<html><head><title>Pier</title></head><body><div {attributes}>{body}</div></body></html>"
        path = folder / "attributes.html"
    path.write_text(content, encoding="utf-8")
    return path


@dataclass
class Measured:
    outcome: str
    seconds: float
    megabytes: float


def run_measured(command: list[str], env: dict[str, str], timeout: float = 600) -> Measured:
    """A whole process: its exit, wall time and peak RSS (from wait4, so only this process)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    _, status, usage = os.wait4(process.pid, 0)
    killer.cancel()
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "")
    traceback = " TRACEBACK" if "Traceback" in stderr else ""
    return Measured(f"exit {code}{traceback}: {last[:90]}", seconds, usage.ru_maxrss / 1024)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def via_bite(path: Path, env: dict[str, str]) -> Measured:
    return run_measured([NEWSBITE, "bite", "--format", "jsonl", str(path)], env)


def via_api(path: Path, kind: str, env: dict[str, str]) -> Measured:
    port = free_port()
    server = subprocess.Popen(
        [NEWSBITE, "serve", "--port", str(port)],
        env={**env, "NEWSBITE_API_TOKEN": TOKEN},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(f"{base}/api/v1/articles", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        started = time.perf_counter()
        answer = httpx.post(
            f"{base}/api/v1/articles",
            json={kind: path.read_text(encoding="utf-8")},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=600,
        )
        seconds = time.perf_counter() - started
        peak = _peak_megabytes(server.pid)
        detail = answer.json().get("error", {}).get("message", "") if answer.status_code >= 400 else "stored"
        return Measured(f"HTTP {answer.status_code}: {str(detail)[:90]}", seconds, peak)
    finally:
        server.terminate()
        server.wait(10)


def via_watch(path: Path, kind: str, env: dict[str, str], folder: Path) -> Measured:
    """The document as a feed entry's content:encoded; its link is the document as a page, which
    watch fetches should it judge the entry a teaser (feedparser's sanitiser may strip it)."""
    body = path.read_text(encoding="utf-8")
    if kind == "text":
        body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in body.split("\n\n"))
    site = folder / "site"
    site.mkdir(exist_ok=True)
    (site / "story.html").write_text(f"<html><body>{body}</body></html>" if kind == "text" else body)
    handler = partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (site / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>'
        f"<link>{base}/</link><item><title>Plans go ahead</title>"
        f"<link>{base}/story.html</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # The politeness pause between requests to one host (feed, robots.txt, page: 2 s) is not
        # the document's cost.
        env = {**env, "NEWSBITE_ALLOW_HOSTS": "127.0.0.1", "NEWSBITE_FETCH_HOST_INTERVAL_SECONDS": "0"}
        subprocess.run(
            [NEWSBITE, "feeds", "add", f"{base}/feed.xml"], env=env, check=True, capture_output=True
        )
        return run_measured([NEWSBITE, "watch", "--once"], env)
    finally:
        server.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _peak_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", default="sentences,huge,attributes")
    parser.add_argument("--entrances", default="bite,api,watch")
    args = parser.parse_args()
    console = Console(width=160)
    table = Table(title="A hostile document's cost, by entrance (whole processes)")
    for column in ("document", "entrance", "outcome", "seconds", "peak MB", "target", "met"):
        table.add_column(column, justify="right" if column in ("seconds", "peak MB") else "left")
    missed = 0
    with tempfile.TemporaryDirectory(prefix="newsbite-hostile-") as scratch:
        folder = Path(scratch)
        for case_name in args.cases.split(","):
            case = CASES[case_name]
            path = make_document(case_name, folder)
            for entrance in args.entrances.split(","):
                home = folder / f"{case_name}-{entrance}"
                shutil.rmtree(home, ignore_errors=True)
                home.mkdir()
                env = {
                    **{key: value for key, value in os.environ.items() if not key.startswith("NEWSBITE_")},
                    "NEWSBITE_DATABASE": f"sqlite:///{home}/store.db",
                    "XDG_CONFIG_HOME": str(home),
                }
                if entrance == "bite":
                    measured = via_bite(path, env)
                elif entrance == "api":
                    measured = via_api(path, case.kind, env)
                else:
                    measured = via_watch(path, case.kind, env, home)
                refused = "exit 1" in measured.outcome or "HTTP 4" in measured.outcome
                met = measured.megabytes <= case.megabytes and "TRACEBACK" not in measured.outcome
                met = met and (case.seconds is None or refused or measured.seconds <= case.seconds)
                met = met and (case.may_refuse or not refused)
                missed += not met
                target = f"< {case.megabytes:.0f} MB" + (f", < {case.seconds:.0f} s" if case.seconds else "")
                target += " or refused" if case.may_refuse else ""
                table.add_row(
                    case.name,
                    entrance,
                    measured.outcome,
                    f"{measured.seconds:.1f}",
                    f"{measured.megabytes:.0f}",
                    target,
                    "yes" if met else "NO",
                )
                console.print(f"{case_name} via {entrance}: {measured}")
    console.print(table)
    return 1 if missed else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
