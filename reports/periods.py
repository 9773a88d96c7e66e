"""The months a report covers and how they are grouped: pure functions of `now`."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from core import dates

LAST_12_MONTHS = "last12"
MONTH, QUARTER = "month", "quarter"


@dataclass(frozen=True)
class Period:
    start: date  # the first day
    end: date  # the first day after
    label: str  # in tables and exports: 2027-03, 2027 Q1
    tick: str  # under a chart's bar: 03, Q1
    year: int

    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def name(self) -> str:
        """The period as pages write it: a month in words (2027. 3. / Mar 2027), a quarter
        by its label; exports keep the label, which sorts (2027-03)."""
        if add_months(self.start, 1) == self.end:
            return dates.format_month(self.start)
        return self.label


def add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from start up to, not including, end."""
    found, month = [], date(start.year, start.month, 1)
    while month < end:
        found.append(month)
        month = add_months(month, 1)
    return found


def span(choice: str, now: datetime) -> tuple[date, date]:
    """[first day, first day after) of a choice: the last 12 months or a year, never the future."""
    this_month = date(now.year, now.month, 1)
    if choice == LAST_12_MONTHS:
        return add_months(this_month, -11), add_months(this_month, 1)
    year = int(choice)
    return date(year, 1, 1), min(date(year + 1, 1, 1), add_months(this_month, 1))


def periods(start: date, end: date, step: str) -> list[Period]:
    """The months, or the (calendar) quarters, that [start, end) touches."""
    if step == MONTH:
        return [
            Period(m, add_months(m, 1), f"{m:%Y-%m}", f"{m:%m}", m.year)
            for m in months_between(start, end)
        ]
    found = []
    for month in months_between(start, end):
        quarter = (month.month - 1) // 3 + 1
        first = date(month.year, 3 * quarter - 2, 1)
        if found and found[-1].start == first:
            continue
        label = _("%(year)s Q%(quarter)s") % {"year": month.year, "quarter": quarter}
        found.append(Period(first, add_months(first, 3), label, f"Q{quarter}", month.year))
    return found


def choices(now: datetime, first_year: int) -> list[tuple[str, str]]:
    """The last 12 months, this year, and every earlier year since the school began."""
    years = range(now.year, min(first_year, now.year) - 1, -1)
    return [(LAST_12_MONTHS, _("Last 12 months"))] + [
        (str(year), _("This year (%(year)s)") % {"year": year} if year == now.year else str(year))
        for year in years
    ]
