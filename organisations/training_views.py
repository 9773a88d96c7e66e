"""The coordinators' training duties page, the marking of who handles personal data, and
the yearly training record's downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import spreadsheets
from organisations import services, training
from organisations.models import MemberExport, Membership, Organisation
from organisations.roles import role_in, sees_records


def _organisation(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not sees_records(request.user, organisation):
        raise Http404
    return organisation


@login_required
def duties(request, pk):
    """Who handles personal data, and whether each one's renewable training counts."""
    organisation = _organisation(request, pk)
    courses = training.duty_courses()
    rows = training.table(organisation, courses, timezone.localdate())
    return render(
        request,
        "organisations/training.html",
        {
            "organisation": organisation,
            "courses": courses,
            "rows": rows,
            "summary": training.summary(rows),
            "handlers": sum(1 for row in rows if row.membership.handles_personal_data),
            "years": training.years(organisation),
            "is_coordinator": role_in(request.user, organisation) == Membership.Role.COORDINATOR,
        },
    )


@require_POST
@login_required
def mark_handler(request, pk, membership_pk):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_pk,
        organisation_id=pk,
    )
    if role_in(request.user, membership.organisation) != Membership.Role.COORDINATOR:
        raise Http404
    handles = request.POST.get("handles") == "1"
    try:
        services.mark_handler(membership, handles, actor=request.user)
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
    else:
        name = membership.user.get_full_name()
        messages.success(
            request,
            _("%(name)s is marked as handling personal data.") % {"name": name}
            if handles
            else _("%(name)s is no longer marked as handling personal data.") % {"name": name},
        )
    return redirect(reverse("organisations:training", args=[pk]) + f"#member-{membership.pk}")


@login_required
def record(request, pk, year, file_format):
    """The yearly training record (교육 실시 기록) as PDF or XLSX; each download logged."""
    organisation = _organisation(request, pk)
    found = training.record(organisation, int(year))
    MemberExport.objects.create(
        organisation=organisation,
        user=request.user,
        report=MemberExport.Report.TRAINING,
        file_format=file_format,
        rows=len(found.rows),
    )
    filename = f"training-{organisation.pk}-{year}"
    if file_format == "pdf":
        response = HttpResponse(training.as_pdf(organisation, found), "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    title = _("Training record %(year)s") % {"year": year}
    return spreadsheets.download(
        training.as_table(found), file_format=file_format, filename=filename, title=title
    )
