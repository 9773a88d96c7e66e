"""What staff do by hand for a class: enrol someone, move someone up, cancel, and bring in
past attendance from a file."""

import dataclasses

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import spreadsheet_reader
from courses.models import Class
from enrolment import (
    imports,
    services,
)
from enrolment.models import Enrolment


def _class_for_staff(request, pk) -> Class:
    if not request.user.has_perm("courses.change_class"):
        raise Http404
    return get_object_or_404(Class.objects.select_related("course"), pk=pk)


def _reason(request) -> str:
    return request.POST.get("reason", "").strip()[:300]


def _staff_action(request, class_, action) -> HttpResponse:
    """Run a staff action that needs a reason; refusals become messages."""
    reason = _reason(request)
    if not reason:
        messages.error(request, _("Give a reason: it is kept in the class's history."))
    else:
        try:
            action(reason)
        except services.EnrolmentError as refusal:
            messages.error(request, refusal.message)
    return redirect("enrolment:roster", pk=class_.pk)


@require_POST
@login_required
def staff_enrol(request, pk):
    """Staff enrol someone by hand, outside the window and past prerequisites."""
    class_ = _class_for_staff(request, pk)
    identifier = request.POST.get("person", "").strip()
    person = (
        get_user_model()
        .objects.filter(Q(username=identifier) | Q(email__iexact=identifier), is_active=True)
        .first()
        if identifier
        else None
    )
    if person is None:
        messages.error(request, _("Nobody has that username or e-mail address."))
        return redirect("enrolment:roster", pk=class_.pk)
    return _staff_action(
        request,
        class_,
        lambda reason: services.enrol(
            person, class_, actor=request.user, reason=reason, staff_override=True
        ),
    )


@require_POST
@login_required
def staff_move_up(request, pk, enrolment_pk):
    class_ = _class_for_staff(request, pk)
    enrolment = get_object_or_404(Enrolment, pk=enrolment_pk, course_class=class_)
    return _staff_action(
        request,
        class_,
        lambda reason: services.move_up(enrolment, actor=request.user, reason=reason),
    )


@require_POST
@login_required
def staff_cancel(request, pk, enrolment_pk):
    class_ = _class_for_staff(request, pk)
    enrolment = get_object_or_404(Enrolment, pk=enrolment_pk, course_class=class_)
    return _staff_action(
        request,
        class_,
        lambda reason: services.cancel(enrolment, actor=request.user, reason=reason),
    )


@login_required
def import_attendance(request, pk):
    """Staff bring in past attendance: upload, check every row, then confirm."""
    class_ = _class_for_staff(request, pk)
    context = {"class_": class_, "max_rows": f"{settings.ATTENDANCE_IMPORT_MAX_ROWS:,}"}
    if request.method == "POST" and "rows" in request.POST:
        try:
            data = signing.loads(request.POST["rows"], salt=_import_salt(class_), max_age=3600)
            changed = imports.apply(
                class_, [imports.Row(**row) for row in data], actor=request.user
            )
        except signing.BadSignature:  # changed, checked over an hour ago, or another class's
            messages.error(
                request,
                _(
                    "Nothing was imported: the checked rows were changed or are more than an "
                    "hour old. Upload the file again."
                ),
            )
            return redirect("enrolment:import_attendance", pk=class_.pk)
        except (ValueError, services.EnrolmentError) as error:
            messages.error(request, getattr(error, "message", None) or str(error))
            return redirect("enrolment:import_attendance", pk=class_.pk)
        messages.success(request, _("Imported: %(count)s marks changed.") % {"count": changed})
        return redirect("enrolment:attendance_report", pk=class_.pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size > spreadsheet_reader.MAX_BYTES:
            context["error"] = _("Choose a .csv or .xlsx file of at most 2 MB.")
        else:
            try:
                rows = imports.read_rows(class_, upload)
            except spreadsheet_reader.TableRefused as refusal:  # too big: say which limit
                rows, context["error"] = None, refusal.message
            except Exception:  # a damaged or foreign file: say so, never a 500
                rows, context["error"] = None, _("This file could not be read as CSV or XLSX.")
            if rows == []:
                context["error"] = _(
                    "This file has no rows to import (the first row is read as the header)."
                )
            elif rows is not None:
                context["rows"] = rows
                context["has_errors"] = any(row.errors for row in rows)
                if rows and not context["has_errors"]:
                    context["signed_rows"] = signing.dumps(
                        [dataclasses.asdict(row) for row in rows], salt=_import_salt(class_)
                    )
    return render(request, "enrolment/import_attendance.html", context)


def _import_salt(class_) -> str:
    # Rows checked for one class cannot be confirmed for another.
    return f"enrolment.import-attendance:{class_.pk}"
