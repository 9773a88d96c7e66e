"""One way to write dates: Korean 2026. 12. 16.(수) 19:00–21:00, English Wed 16 Dec 2026."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core.dates import (
    date_range_ends,
    format_clock_range,
    format_date,
    format_date_range,
    format_datetime,
    format_month,
    format_time_range,
)

SEOUL = ZoneInfo("Asia/Seoul")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@pytest.mark.parametrize(
    "start, end, korean, english",
    [
        (
            at(2026, 12, 16, 19),
            at(2026, 12, 16, 21),
            "2026. 12. 16.(수) 19:00–21:00",
            "Wed 16 Dec 2026, 19:00–21:00",
        ),
        (
            at(2026, 12, 16, 19),
            at(2026, 12, 18, 21),
            "2026. 12. 16.(수) 19:00 – 12. 18.(금) 21:00",
            "Wed 16 Dec, 19:00 – Fri 18 Dec 2026, 21:00",
        ),
        (
            at(2026, 12, 31, 22),
            at(2027, 1, 1, 1),
            "2026. 12. 31.(목) 22:00 – 2027. 1. 1.(금) 01:00",
            "Thu 31 Dec 2026, 22:00 – Fri 1 Jan 2027, 01:00",
        ),
    ],
)
def test_a_session_reads_the_same_everywhere_and_names_a_new_year(start, end, korean, english):
    assert format_time_range(start, end, "ko") == korean
    assert format_time_range(start, end, "en") == english


def test_dates_are_shown_in_seoul_time():
    utc_evening = datetime(2026, 12, 16, 15, 30, tzinfo=ZoneInfo("UTC"))
    assert format_datetime(utc_evening, "ko") == "2026. 12. 17.(목) 00:30"
    assert format_date(utc_evening, "en") == "Thu 17 Dec 2026"


def test_a_class_span_names_the_year_once_unless_it_crosses_one():
    assert format_date_range(date(2027, 3, 2), date(2027, 4, 6), "ko") == (
        "2027. 3. 2.(화) – 4. 6.(화)"
    )
    assert format_date_range(date(2026, 12, 2), date(2027, 1, 6), "ko") == (
        "2026. 12. 2.(수) – 2027. 1. 6.(수)"
    )
    assert format_date_range(date(2027, 3, 2), date(2027, 3, 2), "en") == "Tue 2 Mar 2027"


@pytest.mark.parametrize(
    ("value", "korean", "english"),
    [
        (date(2026, 1, 1), "2026. 1.", "Jan 2026"),
        (date(2026, 12, 31), "2026. 12.", "Dec 2026"),
        (at(2026, 10, 1, 0, 30), "2026. 10.", "Oct 2026"),
        (datetime(2026, 9, 30, 16, tzinfo=ZoneInfo("UTC")), "2026. 10.", "Oct 2026"),
    ],
)
def test_a_month_reads_as_people_write_it(value, korean, english):
    assert format_month(value, "ko") == korean
    assert format_month(value, "en") == english


def test_the_ends_of_a_span_read_as_the_span_does():
    assert date_range_ends(date(2026, 9, 23), date(2026, 10, 14), "ko") == (
        "2026. 9. 23.(수)",
        "10. 14.(수)",
    )
    assert date_range_ends(date(2026, 12, 16), date(2027, 1, 6), "ko") == (
        "2026. 12. 16.(수)",
        "2027. 1. 6.(수)",
    )
    assert format_clock_range(at(2026, 12, 16, 19), at(2026, 12, 16, 21)) == "19:00–21:00"


def test_the_filters_follow_the_active_language():
    template = Template(
        "{% load school_dates %}{{ start|time_span:end }} / {{ start|day }} / {{ start|day_time }}"
    )
    context = Context({"start": at(2026, 12, 16, 19), "end": at(2026, 12, 16, 21)})
    with translation.override("ko"):
        assert template.render(context) == (
            "2026. 12. 16.(수) 19:00–21:00 / 2026. 12. 16.(수) / 2026. 12. 16.(수) 19:00"
        )
    with translation.override("en"):
        assert template.render(context).startswith("Wed 16 Dec 2026, 19:00–21:00")


def test_no_template_formats_a_date_by_hand():
    """Every page, e-mail and partial goes through the school_dates filters (ISO 8601 in
    machine-readable attributes excepted)."""
    by_hand = re.compile(r"\|date:(?![\"']c[\"'])|date_format")
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt"} and "bench" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if by_hand.search(line)
    ]
    assert offenders == []
