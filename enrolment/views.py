import dataclasses

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import CoursePage, LessonPage
from core import spreadsheet_reader, spreadsheets
from courses.models import Class, Session
from courses.permissions import get_class_for_teacher, teaches
from enrolment import (
    attendance,
    checkin,
    completion,
    imports,
    offers,
    reports,
    rollcall,
    roster,
    services,
)
from enrolment.access import can_read_lessons
from enrolment.forms import CompletionRuleForm
from enrolment.learning import my_learning as learning_for
from enrolment.models import Enrolment, EnrolmentEvent, LessonProgress
from organisations import reassessment, recommendations


def _published_class(pk) -> Class:
    return get_object_or_404(Class.objects.published().select_related("course"), pk=pk)


def _answer(request, class_, error=None):
    """Swap the class card in place for htmx; otherwise go back to the course page."""
    if request.htmx:
        offer = offers.offer(class_, request.user, timezone.now())
        return render(request, "courses/partials/class_card.html", {"offer": offer, "error": error})
    if error:
        messages.error(request, error)
    return redirect(f"{class_.course.url}#class-{class_.pk}")


@require_POST
@login_required
def enrol(request, pk):
    class_ = _published_class(pk)
    try:
        services.enrol(request.user, class_)
    except services.EnrolmentError as refusal:
        return _answer(request, class_, refusal.message)
    return _answer(request, class_)


@require_POST
@login_required
def cancel(request, pk):
    class_ = _published_class(pk)
    enrolment = get_object_or_404(Enrolment, user=request.user, course_class=class_)
    services.cancel(enrolment, actor=request.user, reason=request.POST.get("reason", "")[:300])
    return _answer(request, class_)


@login_required
def my_learning(request):
    now = timezone.now()
    context = {
        "learning": learning_for(request.user, now),
        "plan": recommendations.recommend(request.user, now)[:4],
        "reassessments": reassessment.due_for(request.user, now),
    }
    return render(request, "enrolment/my_learning.html", context)


@login_required
def class_roster(request, pk):
    class_ = get_class_for_teacher(request, pk)
    rows = roster.roster(class_)
    enrolled = sum(1 for row in rows if row.status == Enrolment.Status.ENROLLED)
    history = (
        EnrolmentEvent.objects.filter(enrolment__course_class=class_)
        .select_related("enrolment__user", "actor")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "enrolment/roster.html",
        {
            "class_": class_,
            "rows": rows,
            "enrolled": enrolled,
            "waiting": len(rows) - enrolled,
            "history": history,
            "is_staff": request.user.has_perm("courses.change_class"),
        },
    )


@login_required
def class_roster_export(request, pk, file_format):
    class_ = get_class_for_teacher(request, pk)
    return spreadsheets.download(
        roster.as_table(roster.roster(class_)),
        file_format=file_format,
        filename=f"roster-{class_.pk}",
        title=str(class_.title),
    )


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


def _teacher_session(request, pk, session_pk):
    class_ = get_class_for_teacher(request, pk)
    return class_, get_object_or_404(Session, pk=session_pk, course_class=class_)


@login_required
def roll_call(request, pk, session_pk):
    """Take the roll; without JavaScript the whole page is one form."""
    class_, session = _teacher_session(request, pk, session_pk)
    if request.method == "POST":
        rows = rollcall.roll(class_, session)
        try:
            with transaction.atomic():
                for row in rows:
                    status = request.POST.get(f"status-{row.enrolment.pk}")
                    if status:
                        attendance.mark(
                            session,
                            row.enrolment,
                            status,
                            actor=request.user,
                            reason=_posted_reason(request, row.enrolment.pk),
                        )
        except attendance.AttendanceError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The roll is saved."))
        return redirect("enrolment:roll_call", pk=class_.pk, session_pk=session.pk)
    context = {"class_": class_, "session": session, "rows": rollcall.roll(class_, session)}
    return render(request, "enrolment/roll_call.html", context)


def _posted_reason(request, enrolment_pk) -> str:
    reason = request.POST.get(f"reason-{enrolment_pk}") or request.POST.get("reason", "")
    return reason.strip()[:200]


@require_POST
@login_required
def roll_mark(request, pk, session_pk, enrolment_pk):
    """One tap: save one learner's mark and answer with their row."""
    class_, session = _teacher_session(request, pk, session_pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user"), pk=enrolment_pk, course_class=class_
    )
    error = None
    try:
        attendance.mark(
            session,
            enrolment,
            request.POST.get("status", ""),
            actor=request.user,
            reason=_posted_reason(request, enrolment.pk),
        )
    except attendance.AttendanceError as refusal:
        error = refusal.message
    if request.htmx:
        context = {
            "class_": class_,
            "session": session,
            "row": rollcall.row(class_, session, enrolment),
            "error": error,
            "saved": error is None,
        }
        return render(request, "enrolment/partials/roll_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("enrolment:roll_call", pk=class_.pk, session_pk=session.pk)


@require_POST
@login_required
def roll_all_present(request, pk, session_pk):
    """Mark everyone expected and not yet marked present; exceptions are then fixed one by one."""
    class_, session = _teacher_session(request, pk, session_pk)
    try:
        attendance.mark_everyone_present(session, actor=request.user)
    except attendance.AttendanceError as refusal:
        messages.error(request, refusal.message)
    return redirect("enrolment:roll_call", pk=class_.pk, session_pk=session.pk)


@login_required
def completion_rules(request, pk):
    """The course's completion rule, for its instructors and staff; saving re-decides."""
    class_ = get_class_for_teacher(request, pk)
    course = class_.course
    if not (request.user.has_perm("courses.change_class") or teaches(request.user, course)):
        raise Http404
    form = CompletionRuleForm(request.POST or None, instance=completion.rule_for(course))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            completion.refresh_all(
                Enrolment.objects.filter(
                    course_class__course=course, status=Enrolment.Status.ENROLLED
                )
            )
        messages.success(request, _("The completion rule is saved and applied."))
        return redirect("courses:sessions", pk=class_.pk)
    return render(request, "enrolment/completion_rules.html", {"class_": class_, "form": form})


@require_POST
@login_required
def lesson_done(request, lesson_pk):
    """Mark a lesson done (or not) for oneself; completion follows at once."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_pk)
    course = CoursePage.objects.parent_of(lesson).get()
    if not can_read_lessons(request.user, course):
        raise Http404
    is_done = request.POST.get("done") != "0"
    with transaction.atomic():
        LessonProgress.objects.update_or_create(
            user=request.user, lesson=lesson, defaults={"is_done": is_done}
        )
        completion.refresh_all(
            Enrolment.objects.filter(
                user=request.user, course_class__course=course, status=Enrolment.Status.ENROLLED
            )
        )
    if request.htmx:
        return render(
            request, "enrolment/partials/lesson_done.html", {"lesson": lesson, "is_done": is_done}
        )
    return redirect(lesson.url)


@login_required
def attendance_report(request, pk):
    class_ = get_class_for_teacher(request, pk)
    sessions, rows = reports.attendance_matrix(class_)
    return render(
        request,
        "enrolment/attendance_report.html",
        {"class_": class_, "sessions": sessions, "rows": rows},
    )


@login_required
def attendance_history(request, enrolment_pk):
    """One learner's marks in one class, with every change: for them, their teachers and staff."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user", "course_class__course"), pk=enrolment_pk
    )
    class_ = enrolment.course_class
    if enrolment.user_id != request.user.pk:
        get_class_for_teacher(request, class_.pk)  # 404 for anyone else
    return render(
        request,
        "enrolment/attendance_history.html",
        {
            "enrolment": enrolment,
            "class_": class_,
            "rows": reports.learner_history(enrolment, timezone.now()),
            "progress": completion.progress(enrolment),
            "is_own": enrolment.user_id == request.user.pk,
        },
    )


@login_required
def attendance_report_export(request, pk, file_format):
    class_ = get_class_for_teacher(request, pk)
    return spreadsheets.download(
        reports.as_table(*reports.attendance_matrix(class_)),
        file_format=file_format,
        filename=f"attendance-{class_.pk}",
        title=str(class_.title),
    )


@login_required
def checkin_code(request, pk, session_pk):
    """The code and QR the instructor shows in class; the page refreshes itself."""
    class_, session = _teacher_session(request, pk, session_pk)
    now = timezone.now()
    code = checkin.code_for(session, now)
    link = f"{settings.SITE_URL}{reverse('enrolment:checkin', args=[session.pk])}?code={code}"
    context = {
        "class_": class_,
        "session": session,
        "code": code,
        "is_open": checkin.is_open(session, now),
        "qr": mark_safe(segno.make(link, error="m").svg_inline(scale=6, dark="#1d2329")),
        "refresh_seconds": 10,
    }
    template = (
        "enrolment/partials/checkin_code.html" if request.htmx else "enrolment/checkin_code.html"
    )
    return render(request, template, context)


@login_required
def check_in(request, session_pk):
    """A learner enters (or scans) the code shown in class."""
    session = get_object_or_404(
        Session.objects.select_related("course_class__course"),
        pk=session_pk,
        course_class__enrolments__user=request.user,
        course_class__enrolments__status=Enrolment.Status.ENROLLED,
    )
    error = None
    if request.method == "POST":
        try:
            mark = checkin.check_in(
                request.user, session, request.POST.get("code", ""), timezone.now()
            )
        except checkin.CheckInError as refusal:
            error = refusal.message
        else:
            messages.success(request, checkin.confirmation(mark))
            return redirect("enrolment:my_learning")
    return render(
        request,
        "enrolment/checkin.html",
        {"session": session, "code": request.GET.get("code", "")[:12], "error": error},
        status=400 if error else 200,
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
