"""The tests' clock: every test starts at NOW, whatever day the suite really runs.

NOW is a fixed moment unless SCHOOL_TEST_NOW names another (an ISO 8601 date and time;
without an offset it is read as Seoul time), so CI can run the date-sensitive tests again
at a year end, on a leap day or late on the last day of a month. The clock is frozen at
NOW when each test begins and then runs on, so waits and timeouts behave as usual.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
DEFAULT_NOW = "2027-03-02T10:00:00+09:00"


def _now() -> datetime:
    value = datetime.fromisoformat(os.environ.get("SCHOOL_TEST_NOW") or DEFAULT_NOW)
    return value if value.tzinfo else value.replace(tzinfo=SEOUL)


NOW = _now()
