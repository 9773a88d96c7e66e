"""What a learner does: enrol or cancel, My learning, lessons done, check in, own attendance."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from cms.models import CoursePage, LessonPage
from core.versions import TIMEOUT, kept
from courses.models import Class, Session
from courses.permissions import get_class_for_teacher
from enrolment import (
    attendance_records,
    checkin,
    completion,
    learning,
    offers,
    services,
)
from enrolment import feedback as survey
from enrolment.access import can_read_lessons
from enrolment.models import Enrolment, FeedbackSettings
from organisations import next_steps, recommendations, sharing


def _published_class(pk, *, only_names=False) -> Class:
    classes = Class.objects.published().select_related("course")
    if only_names:  # what a message names; the card reads the class afresh
        classes = classes.only("pk", "title", "status", "course__title")
    return get_object_or_404(classes, pk=pk)


def _answer(request, class_, error=None, offer=None, **card):
    """Swap the class card in place for htmx; otherwise go back to the course page.

    The swapped card puts the keyboard focus on its action (its `autofocus`), and the
    messages are sent along for the page's messages region, which reads them out.
    """
    if request.htmx:
        offer = offer or offers.offer(class_, request.user, timezone.now())
        context = {"offer": offer, "error": error, "swapped": True, **card}
        return render(request, "courses/partials/class_card.html", context)
    if error:
        messages.error(request, error)
    return redirect(f"{class_.course.url}#class-{class_.pk}")


def _names(class_) -> dict:
    return {"course": class_.course.title, "class": class_.title}


@require_POST
@login_required
def enrol(request, pk):
    class_ = _published_class(pk, only_names=True)
    try:
        services.enrol(request.user, class_)
    except services.EnrolmentError as refusal:
        return _answer(request, class_, refusal.message)
    # The person's place as the card shows it, read once for the card and the message.
    offer = offers.offer(class_, request.user, timezone.now())
    if offer.enrolment.status == Enrolment.Status.ENROLLED:
        messages.success(request, _("You are enrolled in %(course)s (%(class)s).") % _names(class_))
    else:
        messages.success(
            request,
            _("%(course)s (%(class)s) is full: you are number %(position)s on the waitlist.")
            % {**_names(class_), "position": offer.waitlist_position},
        )
    return _answer(request, class_, offer=offer)


@vary_on_headers("HX-Request")
@login_required
def cancel(request, pk):
    """Cancel one's enrolment or waitlist place, after a confirmation step.

    GET (or a POST without `confirm`) asks first: in the card for htmx, as a page of its
    own without JavaScript. Only the confirmed POST cancels, and says what became of the seat.
    """
    class_ = _published_class(pk)
    enrolment = get_object_or_404(Enrolment, user=request.user, course_class=class_)
    if not enrolment.is_active:
        return _answer(request, class_)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return _confirm_cancel(request, class_, enrolment)
    previous = enrolment.status
    enrolment = services.cancel(
        enrolment, actor=request.user, reason=request.POST.get("reason", "")[:300]
    )
    messages.success(request, _cancelled(class_, previous, enrolment.promoted))
    return _answer(request, class_)


def _confirm_cancel(request, class_, enrolment):
    context = {
        "waiting": services.waiting_for_a_freed_seat(class_, timezone.now()),
        "position": services.waitlist_position(enrolment),
    }
    if request.htmx:
        return _answer(request, class_, confirming=True, **context)
    context.update(class_=class_, enrolment=enrolment)
    return render(request, "enrolment/cancel_confirm.html", context)


def _cancelled(class_, previous: str, promoted: list) -> str:
    if previous == Enrolment.Status.WAITLISTED:
        return _("You left the waitlist of %(course)s (%(class)s).") % _names(class_)
    if previous == Enrolment.Status.OFFERED:
        return _("You let the seat offered in %(course)s (%(class)s) go.") % _names(class_)
    if promoted and promoted[0].status == Enrolment.Status.OFFERED:
        return _(
            "You cancelled your enrolment in %(course)s (%(class)s). Your seat is offered "
            "to the next person on the waitlist."
        ) % _names(class_)
    if promoted:
        return _(
            "You cancelled your enrolment in %(course)s (%(class)s). Your seat went to "
            "the next person on the waitlist."
        ) % _names(class_)
    return _(
        "You cancelled your enrolment in %(course)s (%(class)s). Your seat is free for "
        "someone else."
    ) % _names(class_)


@vary_on_headers("HX-Request")
@login_required
def seat_offer(request, enrolment_pk):
    """The seat held for the person from the waitlist: what it is and until when (GET), and
    their answer (POST `answer`: accept or decline). The link in the offer's notice leads
    here; declining is asked here, accepting also from the class card."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course_class__course"),
        pk=enrolment_pk,
        user=request.user,
    )
    class_ = enrolment.course_class
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            return _answer(request, class_, _("Choose whether to take the seat."))
        enrolment, outcome = services.answer_offer(enrolment, accept=answer == "accept")
        said = _offer_answered(class_, outcome)
        if outcome in (services.OfferAnswer.ACCEPTED, services.OfferAnswer.DECLINED):
            messages.success(request, said)
            return _answer(request, class_)
        return _answer(request, class_, said)
    context = {
        "enrolment": enrolment,
        "class_": class_,
        "sessions": class_.sessions.filter(status=Session.Status.SCHEDULED),
        "expired": enrolment.offer_expires_at and enrolment.offer_expires_at <= timezone.now(),
    }
    return render(request, "enrolment/seat_offer.html", context)


def _offer_answered(class_, outcome: str) -> str:
    return {
        services.OfferAnswer.ACCEPTED: _("You are enrolled in %(course)s (%(class)s)."),
        services.OfferAnswer.DECLINED: _(
            "You let the seat offered in %(course)s (%(class)s) go. It is offered to the "
            "next person waiting."
        ),
        services.OfferAnswer.EXPIRED: _(
            "The time to take the seat offered in %(course)s (%(class)s) has passed, and it "
            "went to the next person waiting. You can join the waitlist again."
        ),
        services.OfferAnswer.CLOSED: _(
            "There is no seat offer open for you in %(course)s (%(class)s)."
        ),
    }[outcome] % _names(class_)


@require_GET
@login_required
def class_card(request, pk):
    """The class card as it stands (for "keep it" in the cancel step); else the course page."""
    return _answer(request, _published_class(pk))


@login_required
def my_learning(request):
    """Where everyone lands after signing in: today's teaching and each organisation's next
    step first, then their own sessions, classes and plan."""
    now = timezone.now()
    context = {
        "plan": recommendations.recommend(request.user, now),
        "next_steps": next_steps.for_coordinator(request.user, now),
        # Members who joined before they could choose what their coordinators see.
        "sharing_to_choose": sharing.to_choose(request.user),
    }
    if learning.teaches(request.user):
        # Teaching lists change with every roll call: read afresh.
        context["learning"] = learning.my_learning(request.user, now)
        context["own"] = _own_sections(request, context["learning"])
    else:
        context["own"] = _own_sections_kept(request, now)
    return render(request, "enrolment/my_learning.html", context)


@dataclass(frozen=True)
class _Kept:
    sections: dict[str, str]
    valid_until: datetime | None


def _own_sections_kept(request, now) -> dict[str, str]:
    """A learner's own sections of My learning, from the cache while nothing they show
    has changed (learning.own_versions) and no session has started or ended since."""
    versions = learning.own_versions(request.user)  # read before the page is made
    digest = hashlib.sha256(repr(versions).encode()).hexdigest()
    key = f"my-learning:{request.user.pk}:{digest}"
    found = kept.get(key)
    if found is None or (found.valid_until is not None and now >= found.valid_until):
        data = learning.my_learning(request.user, now)
        found = _Kept(_own_sections(request, data), data.changes_at)
        timeout = TIMEOUT
        if found.valid_until is not None:
            timeout = max(1, min(TIMEOUT, int((found.valid_until - now).total_seconds()) + 1))
        kept.set(key, found, timeout)
    return found.sections  # rendered by the templates, so safe strings


def _own_sections(request, data) -> dict[str, str]:
    return {
        name: render_to_string(f"enrolment/partials/my_{name}.html", {"learning": data}, request)
        for name in ("offers", "upcoming", "classes", "past")
    }


@require_POST
@login_required
def lesson_done(request, lesson_pk):
    """Mark a lesson done (or not) for oneself; completion follows at once."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_pk)
    course = CoursePage.objects.parent_of(lesson).get()
    if not can_read_lessons(request.user, course):
        raise Http404
    is_done = request.POST.get("done") != "0"
    completion.set_lesson_done(request.user, lesson, course, is_done=is_done)
    if request.htmx:
        # The swapped form keeps the keyboard focus on its button (its `autofocus`).
        context = {"lesson": lesson, "is_done": is_done, "swapped": True}
        return render(request, "enrolment/partials/lesson_done.html", context)
    return redirect(lesson.url)


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
            "rows": attendance_records.learner_history(enrolment, timezone.now()),
            "progress": completion.progress(enrolment),
            "is_own": enrolment.user_id == request.user.pk,
        },
    )


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
    # Already there (marked by the instructor, or checked in before): say so, not a form.
    recorded = checkin.already_recorded(request.user, session)
    if recorded:
        error = None
    context = {
        "session": session,
        "code": request.GET.get("code", "")[:12],
        "error": error,
        "recorded": recorded,
    }
    return render(request, "enrolment/checkin.html", context, status=400 if error else 200)


@login_required
def feedback(request, enrolment_pk):
    """The short anonymous survey after one's class: a rating and two open answers."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course_class__course"),
        pk=enrolment_pk,
        user=request.user,
    )
    now = timezone.now()
    error = None
    if request.method == "POST":
        try:
            rating = int(request.POST.get("rating", ""))
        except ValueError:
            rating = 0
        try:
            survey.answer(
                enrolment,
                rating=rating,
                helped=request.POST.get("helped", ""),
                change=request.POST.get("change", ""),
                now=now,
            )
        except survey.FeedbackError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Thank you! Your answer helps the next class."))
            return redirect("enrolment:my_learning")
    context = {
        "enrolment": enrolment,
        "class_": enrolment.course_class,
        "closed": survey.refusal(enrolment, now),
        "error": error,
        "questions": FeedbackSettings.load(request_or_site=request),
        "ratings": range(1, 6),
        "posted": request.POST,
    }
    return render(request, "enrolment/feedback.html", context, status=400 if error else 200)
