"""Dates and times as the school writes them, the same on every page, e-mail and PDF.

Korean: 2026. 12. 16.(수) 19:00–21:00. English: Wed 16 Dec 2026, 19:00–21:00. A range
names its year once, and again only when it crosses into the next year. Aware values
are shown in the site's time zone (Asia/Seoul).
"""

import calendar
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

_KO_WEEKDAYS = "월화수목금토일"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "–"  # an en dash, between times of one day and between days


def _is_korean(language: str | None) -> bool:
    return (language or get_language() or "ko").startswith("ko")


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value: date, *, year: bool, korean: bool) -> str:
    if korean:
        prefix = f"{value.year}. " if year else ""
        return f"{prefix}{value.month}. {value.day}.({_KO_WEEKDAYS[value.weekday()]})"
    suffix = f" {value.year}" if year else ""
    return f"{_EN_WEEKDAYS[value.weekday()]} {value.day} {_EN_MONTHS[value.month - 1]}{suffix}"


def _with_time(day: str, value: datetime, korean: bool) -> str:
    return f"{day} {value:%H:%M}" if korean else f"{day}, {value:%H:%M}"


def _years(start, end, korean: bool) -> tuple[bool, bool]:
    """Which ends of a range name their year: Korean leads with it, English ends with it;
    both ends do when the range crosses into another year."""
    if start.year != end.year:
        return True, True
    return (True, False) if korean else (False, True)


def format_date(value, language: str | None = None) -> str:
    """2026. 12. 16.(수) / Wed 16 Dec 2026."""
    if value is None or value == "":
        return ""
    return _day(_local(value), year=True, korean=_is_korean(language))


def format_short_date(value, language: str | None = None) -> str:
    """12. 16.(수) / Wed 16 Dec: for table headings under a heading that names the year."""
    if value is None or value == "":
        return ""
    return _day(_local(value), year=False, korean=_is_korean(language))


def format_datetime(value, language: str | None = None) -> str:
    """2026. 12. 16.(수) 19:00 / Wed 16 Dec 2026, 19:00."""
    if value is None or value == "":
        return ""
    value = _local(value)
    korean = _is_korean(language)
    return _with_time(_day(value, year=True, korean=korean), value, korean)


def format_time_range(start, end, language: str | None = None) -> str:
    """2026. 12. 16.(수) 19:00–21:00; over midnight or days, the second day is named too."""
    if not start:
        return ""
    if not end:
        return format_datetime(start, language)
    start, end = _local(start), _local(end)
    korean = _is_korean(language)
    if start.date() == end.date():
        day = _day(start, year=True, korean=korean)
        return f"{_with_time(day, start, korean)}{DASH}{end:%H:%M}"
    first_year, last_year = _years(start, end, korean)
    first = _with_time(_day(start, year=first_year, korean=korean), start, korean)
    last = _with_time(_day(end, year=last_year, korean=korean), end, korean)
    return f"{first} {DASH} {last}"


def format_clock_range(start, end) -> str:
    """19:00–21:00: the hours of a session, under a heading that names its days."""
    if not start:
        return ""
    start = _local(start)
    if not end:
        return f"{start:%H:%M}"
    return f"{start:%H:%M}{DASH}{_local(end):%H:%M}"


def format_month(value, language: str | None = None) -> str:
    """2026. 1. / Jan 2026: a month in a report or on a chart's axis."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if _is_korean(language):
        return f"{value.year}. {value.month}."
    return f"{_EN_MONTHS[value.month - 1]} {value.year}"


def date_range_ends(start, end, language: str | None = None) -> tuple[str, str]:
    """The two ends of a range of days as format_date_range writes them: ("2026. 3. 2.(월)",
    "4. 6.(월)"); for a statement that puts its own words between them."""
    start, end = _local(start), _local(end)
    start_day = start.date() if isinstance(start, datetime) else start
    end_day = end.date() if isinstance(end, datetime) else end
    korean = _is_korean(language)
    first_year, last_year = _years(start_day, end_day, korean)
    return _day(start_day, year=first_year, korean=korean), _day(
        end_day, year=last_year, korean=korean
    )


def format_date_range(start, end, language: str | None = None) -> str:
    """2026. 3. 2.(월) – 4. 6.(월); one day when both are the same day."""
    if not start:
        return ""
    start = _local(start)
    end = _local(end) if end else start
    start_day = start.date() if isinstance(start, datetime) else start
    end_day = end.date() if isinstance(end, datetime) else end
    korean = _is_korean(language)
    if start_day == end_day:
        return _day(start_day, year=True, korean=korean)
    first, last = date_range_ends(start_day, end_day, language)
    return f"{first} {DASH} {last}"


def months_after(day: date, count: int) -> date:
    """The same day `count` months later, or the month's last day when it has no such day:
    2028. 2. 29. + 12 months is 2029. 2. 28."""
    index = day.year * 12 + day.month - 1 + count
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
