"""Test the spans Progress shows: ranges of whole local weeks, Mondays and midnights."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hipdash import analytics, spans
from tests.test_analytics import BERLIN, _at


@pytest.mark.parametrize(
    ("choice", "now", "start", "end"),
    [
        ("4w", "2025-06-18T20:30", "2025-05-26T00:00", "2025-06-19T00:00"),
        ("12w", "2025-06-18T20:30", "2025-03-31T00:00", "2025-06-19T00:00"),
        ("26w", "2025-06-16T00:05", "2024-12-23T00:00", "2025-06-17T00:00"),
        ("52w", "2025-06-22T23:59", "2024-06-24T00:00", "2025-06-23T00:00"),
        # The range starts in winter time and ends in summer time; both are local midnights.
        ("4w", "2025-04-02T12:00", "2025-03-10T00:00", "2025-04-03T00:00"),
        ("all", "2025-06-18T20:30", "2025-06-16T00:00", "2025-06-19T00:00"),
    ],
)
def test_a_range_runs_from_a_local_monday_midnight_to_the_end_of_today(
    choice: str, now: str, start: str, end: str
) -> None:
    assert spans.date_range(choice, _at(now), BERLIN) == (_at(start), _at(end))


def test_all_time_starts_on_the_monday_of_the_earliest_record() -> None:
    earliest = datetime(2023, 3, 9, 6, 0, tzinfo=UTC)  # a Thursday
    start, _ = spans.date_range("all", _at("2025-06-18T20:30"), BERLIN, earliest)
    assert start == _at("2023-03-06T00:00")


def test_an_unknown_range_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown range"):
        spans.date_range("3w", _at("2025-06-18T20:30"), BERLIN)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-12-24T00:00", "2026-01-06T00:00"),
        ("2025-03-24T00:00", "2025-03-31T00:00"),  # spring forward
        ("2025-10-20T00:00", "2025-11-03T00:00"),  # fall back
        ("2025-06-16T00:00", "2025-06-16T00:00"),  # empty
        ("2025-06-18T13:00", "2025-06-19T00:00"),  # part of a day
    ],
)
def test_the_range_mondays_are_the_weeks_the_frames_use(start: str, end: str) -> None:
    days = analytics.range_days(_at(start), _at(end), BERLIN)
    expected = [w.date() for w in analytics.week_start(days).unique()]
    assert spans.range_mondays(_at(start), _at(end), BERLIN) == expected


def test_the_range_mondays_are_the_mondays_of_the_range() -> None:
    weeks = spans.range_mondays(_at("2025-12-24T00:00"), _at("2026-01-06T00:00"), BERLIN)
    assert weeks == [
        date(2025, 12, 22),
        date(2025, 12, 29),
        date(2026, 1, 5),
    ]


def test_a_day_reads_as_day_month_and_year() -> None:
    assert spans.day_text(date(2025, 6, 2)) == "2 Jun 2025"


def test_a_whole_week_runs_from_monday_midnight_to_the_next() -> None:
    assert spans.whole_week(date(2025, 3, 24), BERLIN) == (
        _at("2025-03-24T00:00"),
        _at("2025-03-31T00:00"),
    )
    assert spans.monday(date(2025, 3, 30)) == date(2025, 3, 24)
    assert spans.local_midnight(date(2025, 3, 30), UTC) == datetime(2025, 3, 30, tzinfo=UTC)
