"""Watching feeds: poll each subscribed feed on its own schedule and store what is new.

One poll of a feed: a conditional GET; its entries, less those already stored; the teasers'
pages fetched; the pipeline; the articles stored batch by batch; and only then the poll itself
recorded (ETag, Last-Modified, when to come back). Killed at any point, a restarted watcher
repeats at most that one poll, and storing is idempotent, so nothing is stored twice and nothing
half-written survives (each batch is one transaction).

A feed asks how often to be read (RSS `<ttl>`, `sy:updatePeriod`, Cache-Control max-age,
Expires); the answer is kept within the configured bounds. A failing feed is retried after a
doubling delay and, after FLAG_AFTER_FAILURES failures in a row, flagged: never dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from newsbite.config import Settings
from newsbite.errors import FeedError, FetchError, InputTooLarge, NewsBiteError
from newsbite.ingest.feeds import Feed, FeedEntry, entry_document, read_feed
from newsbite.ingest.fetch import Fetcher
from newsbite.intake import Intake
from newsbite.model import Document
from newsbite.pipeline import Pipeline
from newsbite.store import (
    FLAG_AFTER_FAILURES,
    FeedSource,
    Store,
    StoreError,
    utc_stamp,
)

log = logging.getLogger("newsbite.watch")

# Articles stored in one transaction while watching: a kill loses at most this much work.
STORE_BATCH = 32


@dataclass
class PollReport:
    """What one poll of one feed did."""

    url: str
    outcome: str  # "read", "not modified" or "failed"
    added: int = 0
    updated: int = 0
    known: int = 0  # entries already stored, left out before any fetching
    failures: list[NewsBiteError] = field(default_factory=list)  # entries that gave no article
    error: NewsBiteError | None = None  # what stopped the whole poll
    next_poll_at: str = ""


class Watcher:
    """Polls the store's feeds; `run` until `stop` is set, or `poll_every_feed` once."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        fetcher: Fetcher,
        *,
        pipeline: Pipeline | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.stop = stop or threading.Event()
        # spaCy loads on the first new entry, not for a poll of 304s.
        self.intake = Intake(store, settings, pipeline=pipeline, batch_size=STORE_BATCH)

    def poll_every_feed(self) -> list[PollReport]:
        """Poll each feed once, due or not (`newsbite watch --once`)."""
        reports = []
        for source in self.store.feeds.all():
            if self.stop.is_set():
                break
            reports.append(self.poll(source))
        return reports

    def run(self) -> None:
        """Poll feeds as they fall due until `stop` is set, sleeping in between."""
        while not self.stop.is_set():
            for source in self.store.feeds.due(utc_stamp(_now())):
                if self.stop.is_set():
                    return
                self.poll(source)
            self.stop.wait(self._seconds_to_next_poll())

    def poll(self, source: FeedSource) -> PollReport:
        """One poll of one feed, recorded in the store whatever happens."""
        try:
            return self._poll(source)
        except StoreError:
            raise  # the store itself is failing: nothing can be recorded, so stop with that
        except Exception as error:  # a bug must cost this feed's poll, not the watch
            log.exception("%s: unexpected error", source.url)
            unexpected = NewsBiteError(source.url, f"unexpected error while polling: {error!r}")
            return self._record_failure(source, unexpected, _now())

    def _poll(self, source: FeedSource) -> PollReport:
        now = _now()
        try:
            fetched = self.fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
            if fetched.not_modified:
                return self._record_not_modified(source, fetched.headers, now)
            feed = read_feed(fetched.body, source.url, fetched.headers)
        except NewsBiteError as error:
            return self._record_failure(source, error, now)
        report = PollReport(source.url, "read")
        self._store_entries(source.url, feed, report)
        if self.stop.is_set():
            log.info("%s: stopped midway; the rest of this feed waits for the next run", source.url)
            return report
        interval = poll_interval(feed.ttl_seconds, fetched.headers, self.settings, now)
        report.next_poll_at = utc_stamp(now + timedelta(seconds=interval))
        # An entry that failed for now (a timeout, a 5xx) must be tried again next poll, which a
        # 304 would prevent: keep no validators then (the stored entries are skipped anyway).
        retry = any(failure_reason(failure) in TRANSIENT_REASONS for failure in report.failures)
        self.store.feeds.record(
            source.url,
            etag=None if retry else fetched.etag,
            last_modified=None if retry else fetched.last_modified,
            title=feed.title or source.title,
            site_url=feed.site_url or source.site_url,
            format=feed.format,
            poll_seconds=interval,
            next_poll_at=report.next_poll_at,
            last_polled_at=utc_stamp(now),
            last_success_at=utc_stamp(now),
            failures=0,
            articles_added=report.added,
        )
        _log_read(report, feed)
        return report

    def _store_entries(self, url: str, feed: Feed, report: PollReport) -> None:
        known = self.store.stored_urls([entry.url for entry in feed.entries if entry.url])
        # An entry stored before (by this feed, another, or by hand) is this feed's too.
        self.store.feeds.carried(url, list(known.values()))
        fresh = [(index, entry) for index, entry in enumerate(feed.entries) if entry.url not in known]
        report.known = len(feed.entries) - len(fresh)
        if not fresh:
            return
        taken = self.intake.take_in(self._documents(feed, fresh), feed_url=url)
        report.added, report.updated = taken.added, taken.updated
        report.failures = taken.failures

    def _documents(
        self, feed: Feed, entries: Iterable[tuple[int, FeedEntry]]
    ) -> Iterator[Document | NewsBiteError]:
        for index, entry in entries:
            if self.stop.is_set():
                return
            origin = f"{feed.origin}[{index}]"
            try:
                yield entry_document(entry, origin, feed, self.fetcher)
            except NewsBiteError as error:
                yield error
            except Exception as error:  # one odd entry must not stop the feed
                yield NewsBiteError(origin, f"unexpected error reading the entry: {error!r}")

    def _record_not_modified(
        self, source: FeedSource, headers: Mapping[str, str], now: datetime
    ) -> PollReport:
        interval = poll_interval(None, headers, self.settings, now, fallback=source.poll_seconds)
        report = PollReport(
            source.url, "not modified", next_poll_at=utc_stamp(now + timedelta(seconds=interval))
        )
        self.store.feeds.record(
            source.url,
            poll_seconds=interval,
            next_poll_at=report.next_poll_at,
            last_polled_at=utc_stamp(now),
            last_success_at=utc_stamp(now),
            failures=0,
        )
        log.info("%s: not modified; next poll %s", source.url, report.next_poll_at)
        return report

    def _record_failure(self, source: FeedSource, error: NewsBiteError, now: datetime) -> PollReport:
        failures = source.failures + 1
        interval = source.poll_seconds or self.settings.watch_interval_seconds
        delay = min(interval * 2 ** (failures - 1), self.settings.watch_max_backoff_seconds)
        report = PollReport(
            source.url, "failed", error=error, next_poll_at=utc_stamp(now + timedelta(seconds=delay))
        )
        self.store.feeds.record(
            source.url,
            next_poll_at=report.next_poll_at,
            last_polled_at=utc_stamp(now),
            last_error_at=utc_stamp(now),
            last_error_reason=failure_reason(error),
            last_error=error.problem,
            failures=failures,
        )
        level = logging.WARNING if failures >= FLAG_AFTER_FAILURES else logging.INFO
        flag = f"; flagged after {failures} failures in a row" if failures >= FLAG_AFTER_FAILURES else ""
        log.log(level, "%s: failed (%s); next try %s%s", source.url, error.problem, report.next_poll_at, flag)
        return report

    def _seconds_to_next_poll(self) -> float:
        soonest = self.store.feeds.next_poll_at()
        if soonest is None:
            return float(self.settings.watch_interval_seconds)
        wait = (datetime.fromisoformat(soonest.replace("Z", "+00:00")) - _now()).total_seconds()
        return min(max(wait, 1.0), float(self.settings.watch_max_interval_seconds))


def poll_interval(
    ttl_seconds: int | None,
    headers: Mapping[str, str],
    settings: Settings,
    now: datetime,
    fallback: int | None = None,
) -> int:
    """Seconds until the next poll: what the feed and its cache headers ask, within the bounds."""
    asked = [seconds for seconds in (ttl_seconds, _max_age(headers), _expires_in(headers, now)) if seconds]
    wanted = max(asked) if asked else (fallback or settings.watch_interval_seconds)
    return int(min(max(wanted, settings.watch_min_interval_seconds), settings.watch_max_interval_seconds))


def failure_reason(error: NewsBiteError) -> str:
    """The short code a source's health shows: dns, refused, timeout, http_429, parse, empty, ..."""
    if isinstance(error, FetchError | FeedError):
        return error.reason
    if isinstance(error, InputTooLarge):
        return "too_large"
    return "internal" if type(error) is NewsBiteError else type(error).__name__


# Failures that may well not happen next time.
TRANSIENT_REASONS = frozenset(
    {"timeout", "refused", "unreachable", "dns", "stopped", "robots_unavailable", "http_429"}
    | {f"http_{status}" for status in range(500, 600)}
)


def _max_age(headers: Mapping[str, str]) -> int | None:
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        value = value.strip()
        if name.lower() == "max-age" and value.isascii() and value.isdecimal():
            return int(value)
    return None


def _expires_in(headers: Mapping[str, str], now: datetime) -> int | None:
    try:
        expires = parsedate_to_datetime(headers["expires"])
    except (KeyError, TypeError, ValueError):
        return None
    seconds = int((expires - now).total_seconds()) if expires.tzinfo else None
    return seconds if seconds and seconds > 0 else None


def _log_read(report: PollReport, feed: Feed) -> None:
    failed = f", {len(report.failures)} failed" if report.failures else ""
    warning = f" (warning: {feed.warning})" if feed.warning else ""
    log.info(
        "%s: %d new, %d updated, %d already stored%s; next poll %s%s",
        report.url,
        report.added,
        report.updated,
        report.known,
        failed,
        report.next_poll_at,
        warning,
    )
    for failure in report.failures:
        log.info("  %s", failure)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
