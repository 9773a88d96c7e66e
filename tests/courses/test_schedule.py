from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from courses.schedule import MAX_GENERATED_SESSIONS, repeating_times

SEOUL = ZoneInfo("Asia/Seoul")
FIRST = datetime(2027, 3, 2, 19, 0, tzinfo=SEOUL)  # a Tuesday
TWO_HOURS = timedelta(hours=2)


def days(times):
    return [start.strftime("%m-%d %a %H:%M") for start, _end in times]


@pytest.mark.parametrize(
    "weekdays, count, until, expected",
    [
        ([], 3, None, ["03-02 Tue 19:00", "03-09 Tue 19:00", "03-16 Tue 19:00"]),
        (
            [1, 3],
            4,
            None,
            ["03-02 Tue 19:00", "03-04 Thu 19:00", "03-09 Tue 19:00", "03-11 Thu 19:00"],
        ),
        ([3], 2, None, ["03-04 Thu 19:00", "03-11 Thu 19:00"]),
        ([1], None, date(2027, 3, 16), ["03-02 Tue 19:00", "03-09 Tue 19:00", "03-16 Tue 19:00"]),
        ([1], None, date(2027, 3, 15), ["03-02 Tue 19:00", "03-09 Tue 19:00"]),
        ([1], None, date(2027, 3, 1), []),
    ],
)
def test_repeating_times(weekdays, count, until, expected):
    times = repeating_times(FIRST, TWO_HOURS, weekdays, count=count, until=until)
    assert days(times) == expected
    assert all(end - start == TWO_HOURS for start, end in times)


def test_an_end_date_far_away_is_capped():
    times = repeating_times(FIRST, TWO_HOURS, [0, 1, 2, 3, 4, 5, 6], until=date(2030, 1, 1))
    assert len(times) == MAX_GENERATED_SESSIONS


@pytest.mark.parametrize("count, until", [(None, None), (3, date(2027, 4, 1))])
def test_exactly_one_stopping_rule_is_required(count, until):
    with pytest.raises(ValueError):
        repeating_times(FIRST, TWO_HOURS, [1], count=count, until=until)
