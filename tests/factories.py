"""Factories for tests: deterministic, coherent, minimal by default."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from cms import groups
from cms.models import CatalogPage, CourseCapability, CoursePage, LessonPage, Track
from courses.models import Class, Session
from enrolment.models import Enrolment
from organisations.models import CapabilityArea
from tests.clock import NOW  # the factories' dates are coherent around the tests' clock


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    name = factory.Sequence(lambda n: f"활동가{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"트랙{n}")
    slug = factory.Sequence(lambda n: f"track-{n}")


class CapabilityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapabilityArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"역량영역{n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class _PageFactory(factory.Factory):
    """Add the page under its parent in the tree, live, as if published.

    Publishing a revision costs a good part of a second per page; tests about revisions
    and moderation pass `publish=True` to have the editor's real publish.
    """

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, **kwargs):
        parent = parent or cls._default_parent()
        page = model_class(*args, **kwargs)
        if not publish:
            page.first_published_at = page.last_published_at = timezone.now()
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        return page

    @classmethod
    def _default_parent(cls) -> Page:
        raise NotImplementedError


class CoursePageFactory(_PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"과정 {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    track = factory.SubFactory(TrackFactory)
    level = "beginner"
    summary = "단체 활동가를 위한 과정입니다."
    learning_outcomes = "첫째 목표\n둘째 목표"
    estimated_hours = 4

    @classmethod
    def _default_parent(cls):
        return CatalogPage.objects.get()

    @classmethod
    def _create(cls, model_class, *args, instructors=(), areas=(), publish=False, **kwargs):
        page = super()._create(model_class, *args, publish=False, **kwargs)
        page.instructors = list(instructors)
        page.capabilities = [
            CourseCapability(area=area, from_stage=1, to_stage=2) for area in areas
        ]
        page.save()
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        else:
            # What publishing does for a course: its instructors may edit it in the admin.
            groups.sync_course_instructors(page)
        return page


class LessonPageFactory(_PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"수업 {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    summary = "수업 요약"
    body = factory.LazyFunction(lambda: [{"type": "markdown", "value": "## 시작\n\n본문입니다."}])

    @classmethod
    def _create(cls, model_class, *args, course=None, **kwargs):
        return super()._create(model_class, *args, parent=course, **kwargs)


class ClassFactory(factory.django.DjangoModelFactory):
    """An open class whose enrolment window surrounds NOW and whose sessions come after."""

    class Meta:
        model = Class
        skip_postgeneration_save = True

    course = factory.SubFactory(CoursePageFactory)
    title = factory.Sequence(lambda n: f"2027 봄 {n}기")
    capacity = 10
    status = Class.Status.OPEN
    enrolment_opens_at = NOW - timedelta(days=7)
    enrolment_closes_at = NOW + timedelta(days=7)
    place = "공동체IT 교육장"

    @factory.post_generation
    def sessions(obj, create, count, **kwargs):
        """Add `count` weekly sessions (default 3) at 19:00 Seoul time, the first ten days
        after NOW."""
        if not create:
            return
        first = timezone.localtime(NOW + timedelta(days=10)).replace(hour=19, minute=0)
        for week in range(3 if count is None else count):
            starts = first + timedelta(weeks=week)
            Session.objects.create(
                course_class=obj,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                topic=f"{week + 1}차시",
            )


def class_open_now(**kwargs) -> Class:
    """An open class taking enrolments now, with one session a week from now, by the
    clock as it stands (for views that read it); one seat unless told otherwise."""
    now = timezone.now()
    class_ = ClassFactory(
        sessions=0,
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=5),
        **{"capacity": 1, **kwargs},
    )
    Session.objects.create(
        course_class=class_,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
    )
    return class_


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    course_class = factory.SubFactory(ClassFactory)
    status = Enrolment.Status.ENROLLED
