"""Times as the reader shows them: how long ago ("3 hours ago"), or the date once that is more
useful, with the exact time for the hover, in the `timezone` setting's zone. babel words them.

The feeds and the API keep ISO 8601 times; only pages are worded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import TIMEDELTA_UNITS, format_date, format_datetime, format_timedelta
from markupsafe import Markup, escape

from newsbite.config import ENV_PREFIX, Settings
from newsbite.errors import ConfigError

# The reader is written in English.
LOCALE = "en"
# Past a week, "5 weeks ago" makes the reader count back: the date says it at once.
RELATIVE_FOR = timedelta(days=7)
EXACT_TIME = "d MMMM y, HH:mm zzz"  # 4 December 2026, 10:31 UTC
EXACT_DATE = "d MMMM y"
SHORT_DATE = "d MMM y"  # 14 Apr 2026
# babel's `format_timedelta` default: a unit is used from 0.85 of it ("1 hour ago" from 51 minutes).
WORDED_THRESHOLD = 0.85


def reader_zone(settings: Settings) -> ZoneInfo:
    """The zone the `timezone` setting names (an IANA name: UTC, Europe/Paris, Asia/Kathmandu);
    ConfigError naming it when the time zone database has no such zone."""
    name = settings.timezone.strip()
    if name not in _zone_names():
        raise ConfigError(
            f"{ENV_PREFIX}TIMEZONE",
            f"{settings.timezone!r} is not a time zone: give an IANA name such as UTC or Europe/Paris",
        )
    return ZoneInfo(name)


@cache
def _zone_names() -> frozenset[str]:
    # Reading the time zone database takes a few tens of milliseconds; its names do not change
    # while a process runs.
    return frozenset(available_timezones())


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ReaderTimes:
    """Words for the ISO 8601 times the store holds, in `zone`, relative to `now()` (the time
    of rendering; a test passes its own clock)."""

    zone: ZoneInfo
    now: Callable[[], datetime] = field(default=_now)

    def relative(self, value: str) -> str:
        """ "3 hours ago", "in 20 minutes" (a date a little ahead, as an embargo gives), or past
        RELATIVE_FOR the date ("14 Apr 2026"); a bare date is always shown as a date, its time
        of day unknown. An unreadable value is given back as it is."""
        moment = _read(value)
        if moment is None:
            return value
        if not isinstance(moment, datetime):
            return _short_date(moment)
        ago = moment - self.now()
        if abs(ago) >= RELATIVE_FOR:
            return _short_date(moment.astimezone(self.zone).date())
        return _ago_in_words(*_as_worded(ago.total_seconds()))

    def when(self, value: str, basis: str = "published") -> Markup:
        """A time in words with the exact time on hover, as the reader shows every time; a
        `first_seen` time says so, as it is when NewsBite first saw the news, not when it was
        published."""
        seen = "first seen " if basis == "first_seen" else ""
        # Escaped and joined as text: Markup.format escapes through string.Formatter, 50 µs a time.
        return Markup(
            f'{seen}<time datetime="{escape(value)}" title="{escape(self.exact(value))}">'
            f"{escape(self.relative(value))}</time>"
        )

    def article_when(self, item: Any) -> Markup:
        """An article's time: its own date when NewsBite believes it, else when NewsBite first saw it."""
        published, added = item_field(item, "published"), item_field(item, "added_at")
        if published:
            return self.when(published)
        return self.when(added, "first_seen") if added else Markup("")

    def exact(self, value: str) -> str:
        """ "4 December 2026, 10:31 UTC" in the reader's zone; a bare date as "21 October 2026";
        an unreadable value as it is."""
        moment = _read(value)
        if moment is None:
            return value
        if not isinstance(moment, datetime):
            return format_date(moment, EXACT_DATE, locale=LOCALE)
        return _exact_time(moment, self.zone)


# babel takes about 0.1 ms to word a time, and a page words two for each of its twenty entries;
# the same stamps come back page after page.
@lru_cache(maxsize=4_096)
def _short_date(day: date) -> str:
    return format_date(day, SHORT_DATE, locale=LOCALE)


@lru_cache(maxsize=4_096)
def _exact_time(moment: datetime, zone: ZoneInfo) -> str:
    return format_datetime(moment, EXACT_TIME, tzinfo=zone, locale=LOCALE)


def _as_worded(seconds: float) -> tuple[str, int]:
    """The unit and the signed count babel words `seconds` with ("3 hours ago" is ("hour", -3)),
    chosen as `format_timedelta` chooses them: the largest unit of which there are at least its
    threshold, else seconds, the count rounded. Worded pages ask for the same few words over and
    over, from times a second apart; babel took 0.1 ms a time, 2 ms of a front page."""
    for unit, unit_seconds in TIMEDELTA_UNITS:
        count = abs(seconds) / unit_seconds
        if count >= WORDED_THRESHOLD or unit == "second":
            if unit == "second" and count > 0:
                count = max(1, count)
            rounded = round(count)
            return unit, -rounded if seconds < 0 else rounded
    raise AssertionError("babel's units end with the second")


@lru_cache(maxsize=4_096)
def _ago_in_words(unit: str, count: int) -> str:
    """`count` of `unit` in words, past (negative) or to come, as babel words that delta."""
    unit_seconds = dict(TIMEDELTA_UNITS)[unit]
    # No threshold lets another unit take it, and the granularity keeps this one: the words are
    # those `format_timedelta` gave the delta this came from (tests/serve/test_times.py).
    delta = timedelta(seconds=count * unit_seconds) if count else timedelta(0)
    return format_timedelta(
        delta, threshold=math.inf, granularity=unit, add_direction=True, format="long", locale=LOCALE
    )


def _read(value: str) -> datetime | date | None:
    """A date-time (one without a zone taken as UTC, as the store takes it), a bare date (which
    has no time to convert), or None."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        pass
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def item_field(item: Any, name: str) -> Any:
    """A field of a listed item (a dict) or of an article view (an object), as templates read both."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)
