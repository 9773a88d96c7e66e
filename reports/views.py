from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import spreadsheets
from enrolment import feedback as survey
from organisations.models import AssessmentSettings
from organisations.roles import is_staff
from reports import charts, facts, figures, impact, periods, sector
from reports.forms import ReportForm


def _report(request):
    """The staff member's choice and its report; anyone else gets a 404."""
    if not is_staff(request.user):
        raise Http404
    now = timezone.now()
    form = ReportForm(request.GET or None, now=now, first_year=facts.first_year(now))
    choice = form.choice()
    local = timezone.localtime(now)
    start, end = periods.span(choice["period"], local)
    shown = periods.periods(start, end, choice["step"])
    rows = facts.load(shown[0].start, shown[-1].end, now)
    return form, choice, figures.tally(rows, shown, now), rows, now


@login_required
def dashboard(request):
    form, choice, report, rows, now = _report(request)
    whole = periods.Period(report.periods[0].start, report.periods[-1].end, "", "", 0)
    overall = figures.tally(rows, [whole], now).figures(figures.all_group(), 0)
    names = figures.measure_names()
    breakdowns = [
        {
            "id": "tracks",
            "heading": _("By track"),
            "groups": report.tracks,
        },
        {
            "id": "grades",
            "heading": _("By organisation grade"),
            "groups": report.grades,
        },
    ]
    for breakdown in breakdowns:
        groups = breakdown["groups"]
        counts = report.series(groups, choice["show"])
        rates = report.series(groups, "attendance_rate")
        breakdown.update(
            bars=charts.bars(report.periods, counts),
            lines=charts.lines(report.periods, rates),
            counts=_by_period(report.periods, counts),
            rates=_by_period(report.periods, rates),
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "choice": choice,
            "measure": names[choice["show"]],
            "measures": names,
            "report": report,
            "overall": overall,
            "breakdowns": breakdowns,
            "first_period": report.periods[0].name,
            "last_period": report.periods[-1].name,
            "choice_query": urlencode(choice),
            "measure_links": [
                {
                    "query": urlencode({**choice, "show": key}),
                    "name": name,
                    "current": key == choice["show"],
                }
                for key, name in names.items()
            ],
        },
    )


@login_required
def export(request, file_format):
    form, choice, report, _rows, _now = _report(request)
    return spreadsheets.download(
        figures.as_table(report),
        file_format=file_format,
        filename=f"school-report-{choice['period']}-{choice['step']}",
        title=_("School reports"),
    )


def _by_period(periods_, series) -> list[tuple]:
    """The chart's numbers turned for a table: (period, [(group, value) per group])."""
    return [
        (period, [(group, values[i]) for group, values in series])
        for i, period in enumerate(periods_)
    ]


@login_required
def sector_view(request):
    """Where the member organisations stand together: per area, question and risk flag,
    now and before."""
    if not is_staff(request.user):
        raise Http404
    shots = sector.sector(timezone.now())
    stage_names = AssessmentSettings.load().stages
    now = shots[0]
    return render(
        request,
        "reports/sector.html",
        {
            "now": now,
            "earlier": shots[1:],
            "stage_names": stage_names,
            "over_time": sector.areas_over_time(shots),
            "risks_over_time": sector.risks_over_time(shots),
        },
    )


@login_required
def sector_export(request, file_format):
    if not is_staff(request.user):
        raise Http404
    shots = sector.sector(timezone.now())
    return spreadsheets.download(
        sector.as_table(shots, AssessmentSettings.load().stages),
        file_format=file_format,
        filename="sector",
        title=_("The sector"),
    )


@login_required
def feedback_view(request):
    """The survey after class, per course: who answered of those enrolled, and the rating."""
    if not is_staff(request.user):
        raise Http404
    return render(request, "reports/feedback.html", {"courses": survey.by_course()})


@login_required
def impact_view(request):
    """Does learning move the grade? Stage changes with and without a course in between."""
    if not is_staff(request.user):
        raise Http404
    return render(
        request,
        "reports/impact.html",
        {"impact": impact.impact(), "min_group": impact.MIN_GROUP},
    )
