"""Whether an enrolment is complete, from attendance and lessons: one rule, in one place."""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.models import CoursePage, LessonPage
from core.versions import (
    TIMEOUT,
    bump_dependency,
    content_version,
    dependency_versions,
    held,
    kept,
    read_with_content,
)
from courses.models import Class, Session
from enrolment import events
from enrolment.learners import learner_changed
from enrolment.models import (
    Attendance,
    CompletionRule,
    Enrolment,
    EnrolmentEvent,
    LessonProgress,
)

AttendanceStatus = Attendance.Status
# How far completion is from reach (Progress.at_risk).
TIGHT, IMPOSSIBLE = "tight", "impossible"


@dataclass(frozen=True)
class Progress:
    attended: int
    needed: int
    counted: int
    lessons_missing: int = 0
    marked: int = 0  # counted sessions with a mark so far: the base of an attendance rate

    @property
    def is_complete(self) -> bool:
        return self.counted > 0 and self.attended >= self.needed and not self.lessons_missing

    @property
    def missing(self) -> int:
        return max(self.needed - self.attended, 0)

    @property
    def left(self) -> int:
        """Sessions that count and have no mark yet: those still to be attended."""
        return self.counted - self.marked

    @property
    def at_risk(self) -> str:
        """ "impossible" when even every session left would not be enough, "tight" when
        every one of them is needed; "" otherwise."""
        if self.attended >= self.needed:
            return ""
        if self.attended + self.left < self.needed:
            return IMPOSSIBLE
        if self.attended + self.left == self.needed:
            return TIGHT
        return ""

    def explain(self) -> str:
        text = self._explain_attendance()
        if self.lessons_missing:
            text += " " + _("%(count)s required lessons not done yet.") % {
                "count": self.lessons_missing
            }
        return text

    def _explain_attendance(self) -> str:
        if self.counted and self.attended >= self.needed:
            return _("Attended %(attended)s of %(needed)s sessions: enough.") % {
                "attended": self.attended,
                "needed": self.needed,
            }
        return _("Attended %(attended)s of %(needed)s sessions, %(missing)s more needed.") % {
            "attended": self.attended,
            "needed": self.needed,
            "missing": self.missing,
        }


def evaluate(
    statuses: list[str | None], rule: CompletionRule, lessons_missing: int = 0
) -> Progress:
    """Decide from the marks of every session that counts (None: not marked yet).

    Unmarked sessions are never counted as attended; excused ones leave the count when
    the rule says so; late counts as present when the rule says so.
    """
    attending = attending_statuses(rule)
    counted = [s for s in statuses if is_counted(s, rule)]
    attended = sum(1 for s in counted if s in attending)
    needed = math.ceil(len(counted) * rule.min_attendance_rate / 100)
    return Progress(
        attended=attended,
        needed=needed,
        counted=len(counted),
        lessons_missing=lessons_missing,
        marked=sum(1 for s in counted if s is not None),
    )


def attending_statuses(rule: CompletionRule) -> set[str]:
    """The marks that count as attended under the rule."""
    return {AttendanceStatus.PRESENT} | (
        {AttendanceStatus.LATE} if rule.late_counts_as_present else set()
    )


def is_counted(status: str | None, rule: CompletionRule) -> bool:
    """Whether a session with this mark counts at all (excused ones may be left out)."""
    return not (rule.excused_left_out and status == AttendanceStatus.EXCUSED)


def counts(starts_at: datetime, ends_at: datetime, since: datetime, *, marked: bool) -> bool:
    """Whether a held session counts for someone who got their seat at `since`.

    It does if it began after that, or if it was under way then and they have a mark for it
    (they came in, or were expected to). Sessions over before they had a seat never count.
    """
    return starts_at >= since or (marked and ends_at > since)


def marks_that_count(since) -> Q:
    """`counts` as a filter on attendance rows, which are marks: the session ended after
    the seat was taken (`since` may be an expression, such as an annotation)."""
    return Q(session__ends_at__gt=since)


def rule_for(course) -> CompletionRule:
    """The course's rule, or the defaults (unsaved) if nobody has changed them."""
    return CompletionRule.objects.filter(course_id=course.pk).first() or CompletionRule(
        course_id=course.pk
    )


def progress_for(enrolments, *, sessions=None, marks=None, fresh=False) -> dict[int, Progress]:
    """Progress of each enrolment, in a fixed number of queries however many there are.

    What the caller has already loaded it may pass: `sessions`, the scheduled sessions of
    the enrolments' classes; `marks`, their attendance as {(enrolment id, session id):
    status}. The courses' rules and required lessons come from the cache (`course_rules`)
    unless `fresh`: deciding completion reads them from the database."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    courses = {
        e.course_class_id: e.course_class.course_id
        for e in enrolments
        if Enrolment.course_class.is_cached(e)
    }
    if unknown := {e.course_class_id for e in enrolments} - courses.keys():
        courses.update(Class.objects.filter(pk__in=unknown).values_list("pk", "course_id"))
    if fresh:
        rules = {
            r.course_id: r for r in CompletionRule.objects.filter(course_id__in=courses.values())
        }
        required = _required_lessons(set(courses.values()))
    else:
        rules, required = course_rules()
    since = enrolled_since(enrolments)
    if sessions is None:
        sessions = Session.objects.filter(
            course_class_id__in=courses, status=Session.Status.SCHEDULED
        )
    times = sorted(
        (s.starts_at, s.pk, s.course_class_id, s.ends_at)
        for s in sessions
        if s.course_class_id in courses and s.status == Session.Status.SCHEDULED
    )
    if marks is None:
        marks = marks_of(enrolments)
    lessons = {pk for course_id in courses.values() for pk in required.get(course_id, ())}
    done = set()
    if lessons:
        done = set(
            LessonProgress.objects.filter(
                user__in={e.user_id for e in enrolments}, is_done=True, lesson__in=lessons
            ).values_list("user_id", "lesson_id")
        )
    result = {}
    for enrolment in enrolments:
        # Cancelled sessions never count, nor those over before the person had a seat.
        statuses = [
            marks.get((enrolment.pk, pk))
            for starts_at, pk, class_id, ends_at in times
            if class_id == enrolment.course_class_id
            and counts(starts_at, ends_at, since[enrolment.pk], marked=(enrolment.pk, pk) in marks)
        ]
        course_id = courses[enrolment.course_class_id]
        rule = rules.get(course_id) or CompletionRule(course_id=course_id)
        missing = sum(
            1 for pk in required.get(course_id, ()) if (enrolment.user_id, pk) not in done
        )
        result[enrolment.pk] = evaluate(statuses, rule, lessons_missing=missing)
    return result


# Every course's completion rule and required lessons, as pages show progress: cached
# under the content version (lessons are pages) and this one, bumped by apply_rule.
RULES = read_with_content("completion-rules")


def course_rules() -> tuple[dict[int, CompletionRule], dict[int, list[int]]]:
    """(course → its rule where it has one, course → the live lessons it requires)."""
    versions = [content_version(), *dependency_versions([RULES]).values()]
    key = "completion:rules:" + ":".join(versions)

    def read():
        found = kept.get(key)
        if found is None:
            rules = {rule.course_id: rule for rule in CompletionRule.objects.all()}
            courses = CoursePage.objects.values_list("pk", flat=True)
            found = (rules, _required_lessons(set(courses)))
            kept.set(key, found, TIMEOUT)
        return found

    return held(key, read)


def _rules_changed() -> None:
    # At once, for this request; and after the commit, so nothing read in between stays.
    bump_dependency(RULES)
    transaction.on_commit(lambda: bump_dependency(RULES))


def marks_of(enrolments) -> dict[tuple[int, int], str]:
    """{(enrolment id, session id): status} of these enrolments' attendance, in one query."""
    rows = Attendance.objects.filter(enrolment__in=enrolments)
    return {
        (enrolment_id, session_id): status
        for enrolment_id, session_id, status in rows.values_list(
            "enrolment_id", "session_id", "status"
        )
    }


def last_seat_since():
    """When an enrolment (OuterRef "pk") last became a seat, as a subquery: annotate it as
    `seat_since` on enrolments and `enrolled_since` reads it instead of asking again."""
    return Subquery(
        EnrolmentEvent.objects.filter(enrolment=OuterRef("pk"), to_status=Enrolment.Status.ENROLLED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def enrolled_since(enrolments) -> dict[int, datetime]:
    """When each enrolment last became a seat: what `counts` measures sessions against."""
    if all(hasattr(e, "seat_since") for e in enrolments):
        return {e.pk: e.seat_since or e.created_at for e in enrolments}
    last = dict(
        EnrolmentEvent.objects.filter(enrolment__in=enrolments, to_status=Enrolment.Status.ENROLLED)
        .values("enrolment_id")
        .annotate(last=Max("created_at"))
        .values_list("enrolment_id", "last")
    )
    return {e.pk: last.get(e.pk) or e.created_at for e in enrolments}


def _required_lessons(course_ids) -> dict[int, list[int]]:
    """The live lessons each course requires, in two queries."""
    paths = dict(Page.objects.filter(pk__in=course_ids).values_list("pk", "path"))
    required = {course_id: [] for course_id in course_ids}
    if not paths:
        return required
    under_a_course = Q()
    for path in paths.values():
        under_a_course |= Q(path__startswith=path)
    lessons = LessonPage.objects.live().filter(under_a_course, required_for_completion=True)
    for pk, path in lessons.values_list("pk", "path"):
        for course_id, course_path in paths.items():
            if path.startswith(course_path):
                required[course_id].append(pk)
    return required


def progress(enrolment: Enrolment) -> Progress:
    return progress_for([enrolment], fresh=True)[enrolment.pk]


@transaction.atomic
def refresh(enrolment: Enrolment) -> Progress:
    """Re-decide completion now and store when it was reached (or that it no longer is)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    result = progress(enrolment)
    if result.is_complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at", "updated_at"])
        learner_changed(enrolment.user_id)
        events.enrolment_completed.send(sender=Enrolment, enrolment=enrolment)
    elif not result.is_complete and enrolment.completed_at is not None:
        enrolment.completed_at = None
        enrolment.save(update_fields=["completed_at", "updated_at"])
        learner_changed(enrolment.user_id)
    return result


def refresh_all(enrolments) -> None:
    """Re-decide completion for many enrolments (after a rule edit or a cancelled session)."""
    for enrolment in enrolments:
        refresh(enrolment)


@transaction.atomic
def apply_rule(rule: CompletionRule) -> None:
    """Save the course's completion rule and re-decide everyone enrolled in its classes."""
    rule.save()
    _rules_changed()
    refresh_all(
        Enrolment.objects.filter(
            course_class__course_id=rule.course_id, status=Enrolment.Status.ENROLLED
        )
    )


@transaction.atomic
def set_lesson_done(user, lesson, course, *, is_done: bool) -> None:
    """Record that the person has done the lesson (or not); completion follows at once."""
    LessonProgress.objects.update_or_create(user=user, lesson=lesson, defaults={"is_done": is_done})
    learner_changed(user.pk)
    refresh_all(
        Enrolment.objects.filter(
            user=user, course_class__course=course, status=Enrolment.Status.ENROLLED
        )
    )
