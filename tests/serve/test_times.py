"""The reader's times in words: how long ago, or the date; the exact time in the configured zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsbite.config import Settings
from newsbite.errors import ConfigError
from newsbite.serve.times import ReaderTimes, reader_zone

NOW = datetime(2026, 12, 4, 13, 31, tzinfo=UTC)


def times(zone: str = "UTC") -> ReaderTimes:
    return ReaderTimes(reader_zone(Settings(timezone=zone)), now=lambda: NOW)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-12-04T10:31:00Z", "3 hours ago"),
        ("2026-12-04T11:31:00+01:00", "3 hours ago"),  # the same moment, given in Paris time
        ("2026-12-04T10:31:00", "3 hours ago"),  # no zone: UTC, as the store reads it
        ("2026-12-02T13:31:00Z", "2 days ago"),
        ("2026-12-04T13:51:00Z", "in 20 minutes"),  # a believed date a little ahead (an embargo)
        ("2026-11-20T09:00:00Z", "20 Nov 2026"),  # past a week, the date
        ("2026-12-03", "3 Dec 2026"),  # a bare date has no time of day to count from
        ("Tuesday morning", "Tuesday morning"),
    ],
)
def test_a_time_is_said_as_how_long_ago_or_as_its_date(value: str, words: str) -> None:
    assert times().relative(value) == words


def test_the_exact_time_is_in_the_configured_zone() -> None:
    assert times().exact("2026-12-04T10:31:00Z") == "4 December 2026, 10:31 UTC"
    assert times("Asia/Kathmandu").exact("2026-12-04T10:31:00Z") == "4 December 2026, 16:16 +0545"
    assert times("America/New_York").exact("2026-07-04T16:00:00Z") == "4 July 2026, 12:00 EDT"
    assert times("Asia/Kathmandu").exact("2026-12-04") == "4 December 2026"  # a date stays its day


def test_an_old_date_is_the_day_it_was_in_the_configured_zone() -> None:
    # 23:30 UTC on 1 November is already 2 November in Sydney.
    assert times("Australia/Sydney").relative("2026-11-01T23:30:00Z") == "2 Nov 2026"
    assert times("UTC").relative("2026-11-01T23:30:00Z") == "1 Nov 2026"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "utc", "", "../etc/passwd", "Europe"])
def test_an_unknown_time_zone_is_a_config_error_naming_it(zone: str) -> None:
    with pytest.raises(ConfigError, match="NEWSBITE_TIMEZONE") as raised:
        reader_zone(Settings(timezone=zone))
    assert repr(zone) in str(raised.value)


def test_kept_words_are_babels_own_for_every_delta_a_page_shows() -> None:
    # Words are kept by unit and count (times.py's _as_worded): they must be the words babel gives
    # the delta itself, at the edges where it moves to the next unit too (5.94 days is "6 days",
    # though 6 days would be "1 week").
    from random import Random

    from babel.dates import format_timedelta

    from newsbite.serve.times import LOCALE, RELATIVE_FOR, _ago_in_words, _as_worded

    chooser = Random(7)
    edges = [0.0, 0.4, -0.4, 0.5, 1.5, 44.9, 51.0, 3_059.0, 5.943 * 86_400, -5.943 * 86_400]
    spread = [chooser.uniform(-1, 1) * RELATIVE_FOR.total_seconds() for _ in range(5_000)]
    for seconds in edges + spread:
        babel = format_timedelta(seconds, add_direction=True, format="long", locale=LOCALE)
        assert _ago_in_words(*_as_worded(seconds)) == babel, seconds
