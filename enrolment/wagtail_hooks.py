"""What enrolment adds to the course and lesson pages (see cms.extensions)."""

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail import hooks

from cms import extensions
from core.versions import TIMEOUT, content_version, kept
from enrolment import feedback
from enrolment.access import can_read_lessons
from enrolment.learners import learner_version
from enrolment.models import LessonProgress
from enrolment.offers import course_page_offers


@hooks.register(extensions.COURSE_PAGE_CONTEXT)
def course_page_offers_and_progress(request, course) -> dict:
    # Lazy: when the page's content is cached, no query runs.
    return {
        "class_offers": SimpleLazyObject(
            lambda: course_page_offers(course, request.user, timezone.now())
        ),
        "my_lessons": SimpleLazyObject(lambda: _lessons_done(course, request.user)),
        "rating": SimpleLazyObject(lambda: feedback.course_rating(course.pk)),
    }


@hooks.register(extensions.COURSE_PAGE_VERSIONS)
def course_rating_version(course) -> dict:
    """A course page shows its learners' average rating: cache it under its version."""
    return feedback.rating_versions(course.pk)


@hooks.register(extensions.CAN_READ_LESSONS)
def lessons_for_their_people(user, course) -> bool:
    return can_read_lessons(user, course)


@hooks.register(extensions.LESSON_PAGE_CONTEXT)
def lesson_done(request, lesson) -> dict:
    return {"is_done": SimpleLazyObject(lambda: _is_done(lesson, request.user))}


def _lessons_done(course, user) -> dict | None:
    """How many of the course's live lessons the person has marked done: cached under the
    content version (the lessons) and their own learning's (what they marked)."""
    if not user.is_authenticated:
        return None
    key = f"lessons-done:{course.pk}:{user.pk}:{content_version()}:{learner_version(user.pk)}"
    counts = kept.get(key)
    if counts is None:
        mine = LessonProgress.objects.filter(user=user, is_done=True).values("lesson_id")
        counts = course.live_lessons().aggregate(
            total=models.Count("pk"), done=models.Count("pk", filter=models.Q(pk__in=mine))
        )
        kept.set(key, counts, TIMEOUT)
    return counts if counts["total"] else None


def _is_done(lesson, user) -> bool:
    if not user.is_authenticated:
        return False
    return LessonProgress.objects.filter(user=user, lesson=lesson, is_done=True).exists()
