from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page

from cms.models import CoursePage, LessonPage, Track
from courses.models import Class
from enrolment.models import Enrolment
from organisations.models import Assessment, CapabilityArea
from organisations.recommendations import recommend

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "tracks": Track.objects.count(),
        "areas": CapabilityArea.objects.count(),
        "pages": Page.objects.count(),
        "classes": Class.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "assessments": Assessment.objects.count(),
    }


def test_demo_data_builds_a_korean_school_and_a_second_run_duplicates_nothing(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data")
    assert mailoutbox == []  # demo people have made-up addresses
    first = _counts()
    call_command("load_demo_data")
    assert _counts() == first

    assert set(Track.objects.values_list("name", flat=True)) == {"기술", "프로젝트 관리", "법·제도"}
    courses = CoursePage.objects.live()
    assert courses.count() >= 12
    for course in courses:
        assert LessonPage.objects.live().child_of(course).count() >= 3, course.title
    titles = set(courses.values_list("title", flat=True))
    assert {"클라우드 협업 도구 입문", "개인정보보호법 기초", "저작권과 오픈 라이선스"} <= titles
    assert (
        unquote(CoursePage.objects.get(slug="개인정보보호법-기초").url)
        == "/courses/개인정보보호법-기초/"
    )


def test_demo_logins_work_and_instructors_can_edit_their_courses(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")
    from cms.demo.loader import DEMO_PASSWORD

    assert (
        client.post(
            "/accounts/login/", {"username": "instructor1", "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    course = CoursePage.objects.filter(instructors__username="instructor1").first()
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200


def test_demo_pages_render(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")
    lesson = LessonPage.objects.live().first()
    for url in ["/", "/courses/", lesson.get_parent().url, lesson.url]:
        assert client.get(url).status_code == 200, url


def test_demo_data_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo_data")
    assert not CoursePage.objects.exists()
    call_command("load_demo_data", "--force")
    assert CoursePage.objects.exists()


def test_if_empty_leaves_an_existing_school_alone(settings, course):
    settings.DEBUG = True
    call_command("load_demo_data", "--if-empty")
    assert list(CoursePage.objects.all()) == [course]


def test_demo_classes_show_every_state(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    statuses = set(Class.objects.values_list("status", flat=True))
    assert {"open", "closed", "draft"} <= statuses
    assert Enrolment.objects.filter(status="waitlisted").exists()
    assert Enrolment.objects.filter(completed_at__isnull=False).exists()


def test_demo_organisations_have_history_and_each_login_gets_its_own_plan(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    grades = {
        name: list(
            Assessment.objects.filter(organisation__name=name)
            .order_by("scored_at")
            .values_list("grade", flat=True)
        )
        for name in ("마포 청소년 인권 모임", "강원 기후 행동 네트워크")
    }
    assert len(grades["마포 청소년 인권 모임"]) == 2  # a history to compare with
    assert len({g[-1] for g in grades.values()}) == 2  # different grades
    users = get_user_model().objects
    steps = {
        name: recommend(users.get(username=name), timezone.now())
        for name in ("activist1", "activist2", "instructor1")
    }
    plans = {name: [step.course.title for step in plan] for name, plan in steps.items()}
    assert len({tuple(plan) for plan in plans.values()}) == 3
    assert plans["activist1"][0] == "백업과 복구 실천"  # a risk flag's course comes first
    assert steps["activist1"][0].classes  # with a class to enrol in
