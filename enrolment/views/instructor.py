"""What an instructor (or staff) does for a class they teach: roster, roll call, check-in
code, completion rule and attendance report."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import korean, spreadsheets
from core.dates import format_datetime
from courses.models import Session
from courses.permissions import get_class_for_teacher, teaches
from enrolment import (
    attendance,
    attendance_records,
    checkin,
    class_messages,
    completion,
    rollcall,
    roster,
)
from enrolment import feedback as survey
from enrolment.forms import ClassMessageForm, CompletionRuleForm
from enrolment.models import Enrolment, EnrolmentEvent, FeedbackSettings


@login_required
def class_roster(request, pk, message_form=None, status=200):
    class_ = get_class_for_teacher(request, pk)
    rows = roster.roster(class_)
    enrolled = sum(1 for row in rows if row.status == Enrolment.Status.ENROLLED)
    offered = sum(1 for row in rows if row.status == Enrolment.Status.OFFERED)
    history = (
        EnrolmentEvent.objects.filter(enrolment__course_class=class_)
        .select_related("enrolment__user", "actor")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "enrolment/roster.html",
        status=status,
        context={
            "class_": class_,
            "rows": rows,
            "enrolled": enrolled,
            "offered": offered,
            "waiting": len(rows) - enrolled - offered,
            "history": history,
            "is_staff": request.user.has_perm("courses.change_class"),
            "message_form": message_form or ClassMessageForm(),
            "messages_sent": class_.messages.select_related("author"),
        },
    )


@require_POST
@login_required
def class_message(request, pk):
    """Write to everyone with a seat in the class, now or at a chosen time."""
    class_ = get_class_for_teacher(request, pk)
    form = ClassMessageForm(request.POST)
    if form.is_valid():
        try:
            message = class_messages.post(
                class_,
                author=request.user,
                body=form.cleaned_data["body"],
                send_at=form.cleaned_data["send_at"],
                now=timezone.now(),
            )
        except class_messages.MessageRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if message.sent_at:
                messages.success(request, _("Your message was sent to everyone with a seat."))
            else:
                messages.success(
                    request,
                    _("Your message will be sent on %(when)s.")
                    % {"when": format_datetime(message.send_at)},
                )
            return redirect("enrolment:roster", pk=class_.pk)
    return class_roster(request, pk, message_form=form, status=400)


@login_required
def class_roster_export(request, pk, file_format):
    class_ = get_class_for_teacher(request, pk)
    return spreadsheets.download(
        roster.as_table(roster.roster(class_)),
        file_format=file_format,
        filename=f"roster-{class_.pk}",
        title=str(class_.title),
    )


def _teacher_session(request, pk, session_pk):
    class_ = get_class_for_teacher(request, pk)
    return class_, get_object_or_404(Session, pk=session_pk, course_class=class_)


@login_required
def roll_call(request, pk, session_pk):
    """Take the roll; without JavaScript the whole page is one form."""
    class_, session = _teacher_session(request, pk, session_pk)
    if request.method == "POST":
        marks = {
            row.enrolment: (status, _posted_reason(request, row.enrolment.pk))
            for row in rollcall.roll(class_, session)
            if (status := request.POST.get(f"status-{row.enrolment.pk}"))
        }
        try:
            attendance.mark_roll(session, marks, actor=request.user)
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
        mark = attendance.mark(
            session,
            enrolment,
            request.POST.get("status", ""),
            actor=request.user,
            reason=_posted_reason(request, enrolment.pk),
        )
    except attendance.AttendanceError as refusal:
        error = refusal.message
    if request.htmx:
        if error is None:
            # Read out in the page's messages region; the row itself shows "Saved".
            saved = _("%(name)s: saved as %(status)s.")
            names = {"name": enrolment.user.get_full_name(), "status": mark.get_status_display()}
            messages.success(request, korean.resolve(saved % names))
        context = {
            "class_": class_,
            "session": session,
            "row": rollcall.row(class_, session, enrolment),
            "error": error,
            "saved": error is None,
            "one_row": True,
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
        marked = attendance.mark_everyone_present(session, actor=request.user)
    except attendance.AttendanceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _everyone_present(marked))
    if request.htmx:
        context = {
            "class_": class_,
            "session": session,
            "rows": rollcall.roll(class_, session),
            "swapped": True,
        }
        return render(request, "enrolment/partials/roll_list.html", context)
    return redirect("enrolment:roll_call", pk=class_.pk, session_pk=session.pk)


def _everyone_present(marked: int) -> str:
    if not marked:
        return _("Nobody was left to mark: everyone who had a seat already has a mark.")
    return ngettext(
        "Marked %(count)s person present.", "Marked %(count)s people present.", marked
    ) % {"count": marked}


@login_required
def completion_rules(request, pk):
    """The course's completion rule, for its instructors and staff; saving re-decides."""
    class_ = get_class_for_teacher(request, pk)
    course = class_.course
    if not (request.user.has_perm("courses.change_class") or teaches(request.user, course)):
        raise Http404
    form = CompletionRuleForm(request.POST or None, instance=completion.rule_for(course))
    if request.method == "POST" and form.is_valid():
        completion.apply_rule(form.save(commit=False))
        messages.success(request, _("The completion rule is saved and applied."))
        return redirect("courses:sessions", pk=class_.pk)
    return render(request, "enrolment/completion_rules.html", {"class_": class_, "form": form})


@login_required
def attendance_report(request, pk):
    class_ = get_class_for_teacher(request, pk)
    sessions, rows = attendance_records.attendance_matrix(class_)
    return render(
        request,
        "enrolment/attendance_report.html",
        {"class_": class_, "sessions": sessions, "rows": rows},
    )


@login_required
def attendance_report_export(request, pk, file_format):
    class_ = get_class_for_teacher(request, pk)
    return spreadsheets.download(
        attendance_records.as_table(*attendance_records.attendance_matrix(class_)),
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
def class_feedback(request, pk):
    """What the class's learners said in the survey, once enough answered that no answer
    points to one person."""
    class_ = get_class_for_teacher(request, pk)
    context = {
        "class_": class_,
        "results": survey.results(class_),
        "questions": FeedbackSettings.load(request_or_site=request),
        "shown_from": survey.SHOWN_FROM,
    }
    return render(request, "enrolment/class_feedback.html", context)
