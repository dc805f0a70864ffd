"""Name the spans of time Progress shows: ranges of whole Monday-started weeks, in local days.

Plain datetime arithmetic, no pandas: the page's first view needs these before it knows
whether any chart needs pandas at all.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

RANGE_CHOICES: dict[str, str] = {
    "4w": "Last 4 weeks",
    "12w": "Last 12 weeks",
    "26w": "Last 26 weeks",
    "52w": "Last 52 weeks",
    "all": "All time",
}


def date_range(
    choice: str, now: datetime, tz: tzinfo, earliest: datetime | None = None
) -> tuple[datetime, datetime]:
    """Return the half-open range [start, end) of local midnights for a RANGE_CHOICES key.

    N weeks means this Monday-started week and the N - 1 before it, so no week is cut off.
    "all" starts on the Monday of the week of ``earliest``, the first record's moment.
    """
    if choice not in RANGE_CHOICES:
        raise ValueError(f"unknown range {choice!r}; expected one of {', '.join(RANGE_CHOICES)}")
    today = now.astimezone(tz).date()
    if choice == "all":
        first = earliest.astimezone(tz).date() if earliest is not None else today
        start_day = monday(min(first, today))
    else:
        start_day = monday(today) - timedelta(weeks=int(choice.removesuffix("w")) - 1)
    return local_midnight(start_day, tz), local_midnight(today + timedelta(days=1), tz)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """Return the aware moment a local calendar day starts."""
    return datetime.combine(day, time(0), tzinfo=tz)


def monday(day: date) -> date:
    """Return the Monday that starts the week of ``day``."""
    return day - timedelta(days=day.weekday())


def whole_week(first_day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Return the week that starts on the Monday ``first_day`` as [start, end) local midnights."""
    return local_midnight(first_day, tz), local_midnight(first_day + timedelta(weeks=1), tz)


def first_and_last_day(start: datetime, end: datetime, tz: tzinfo) -> tuple[date, date] | None:
    """Return the first and last local calendar day of [start, end), or None when it is empty."""
    first = start.astimezone(tz).date()
    last = (end.astimezone(tz) - timedelta(microseconds=1)).date()
    return None if last < first else (first, last)


def range_mondays(start: datetime, end: datetime, tz: tzinfo) -> list[date]:
    """Return the Monday of every week that overlaps [start, end), in local days."""
    days = first_and_last_day(start, end, tz)
    if days is None:
        return []
    week, last = monday(days[0]), days[1]
    mondays = []
    while week <= last:
        mondays.append(week)
        week += timedelta(weeks=1)
    return mondays


def day_text(day: date) -> str:
    """Return a day as the app writes it in sentences and tables: "2 Jun 2025"."""
    return f"{day.day} {day:%b %Y}"
