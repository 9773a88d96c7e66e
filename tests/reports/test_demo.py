"""The demo school gives the reports something to show."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from reports import facts, figures, periods

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_a_year_of_classes_marks_completions_and_certificates(demo_school, client):
    now = timezone.now()
    start, end = periods.span(periods.LAST_12_MONTHS, timezone.localtime(now))
    shown = periods.periods(start, end, periods.MONTH)
    report = figures.tally(facts.load(start, end, now), shown, now)
    everyone = figures.all_group()
    months = [report.figures(everyone, i) for i in range(len(shown))]
    assert sum(1 for f in months if f.learners) >= 8
    assert sum(f.completions for f in months) >= 5
    assert sum(f.certificates for f in months) >= 3
    assert all(f.attendance_rate is None or 0 < f.attendance_rate < 100 for f in months[:-2])
    assert len(report.tracks) == 3 and len(report.grades) >= 3
    client.force_login(get_user_model().objects.get(username="staff"))
    assert client.get("/staff/reports/").status_code == 200
