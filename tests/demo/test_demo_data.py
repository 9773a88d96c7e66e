"""The demo school: Korean content, coherent history, and every feature in reach of a login.

The demo is loaded once for this module (the `demo_school` fixture) at the tests' clock;
CI loads it again at other dates, so none of this may depend on the day it runs.
"""

import io
from datetime import timedelta
from urllib.parse import unquote

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from certificates.models import Certificate, TrackCertificate
from certificates.services import hours_attended
from cms.models import CoursePage, LessonPage, Track
from courses.models import Class, Session
from demo.loader import DEMO_PASSWORD, demo_logins
from enrolment import completion
from enrolment.learning import my_learning
from enrolment.models import Attendance, Enrolment, EnrolmentEvent
from organisations.models import (
    Assessment,
    CapabilityArea,
    Organisation,
    ServiceRequest,
)
from organisations.recommendations import recommend
from outbox.models import SentNotice

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "tracks": Track.objects.count(),
        "areas": CapabilityArea.objects.count(),
        "pages": Page.objects.count(),
        "classes": Class.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "marks": Attendance.objects.count(),
        "certificates": Certificate.objects.count(),
        "assessments": Assessment.objects.count(),
    }


def _user(username):
    return get_user_model().objects.get(username=username)


def test_demo_data_builds_a_korean_school_and_a_second_run_duplicates_nothing(demo_school):
    assert demo_school == 0  # no e-mails: demo people have made-up addresses
    first = _counts()
    call_command("load_demo_data", "--force")
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


def test_every_demo_login_signs_in_and_instructors_can_edit_their_courses(demo_school, client):
    for login in demo_logins():
        response = client.post(
            "/accounts/login/", {"username": login.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.username
        client.logout()
    client.force_login(_user("instructor1"))
    course = CoursePage.objects.filter(instructors__username="instructor1").first()
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200


def test_no_two_demo_people_share_a_name(demo_school):
    """A roster or a certificate list must never leave a reader guessing who is who."""
    names = list(get_user_model().objects.exclude(name="").values_list("name", flat=True))
    assert len(names) > 10 and len(names) == len(set(names))


def test_demo_pages_render(demo_school, client):
    lesson = LessonPage.objects.live().first()
    for url in ["/", "/courses/", lesson.get_parent().url, lesson.url]:
        assert client.get(url).status_code == 200, url


def test_demo_classes_show_every_state(demo_school):
    statuses = set(Class.objects.values_list("status", flat=True))
    assert {"open", "closed", "draft"} <= statuses
    assert Enrolment.objects.filter(status="waitlisted").exists()
    assert Enrolment.objects.filter(completed_at__isnull=False).exists()


def test_activist2_has_a_seat_held_and_an_unread_notice_with_the_link(demo_school, client):
    offer = Enrolment.objects.get(user__username="activist2", status="offered")
    assert offer.course_class.offers_seats
    assert offer.offer_expires_at > timezone.now()
    assert list(offer.events.values_list("from_status", "to_status")) == [
        ("", "waitlisted"),
        ("waitlisted", "offered"),
    ]
    notice = SentNotice.objects.get(user=offer.user, link=f"/learning/offers/{offer.pk}/")
    assert notice.read_at is None and "자리를 잡아 두었습니다" in notice.title
    client.force_login(offer.user)
    assert "자리 제안에 답하기" in client.get("/learning/").content.decode()
    # The seat freed is held, not free: the class is still full, someone still waits.
    class_ = Class.objects.with_seats().get(pk=offer.course_class_id)
    assert class_.seats_left == 0
    assert class_.enrolments.filter(status="waitlisted").exists()


def test_the_first_sweep_reminds_activist1_of_the_talk_an_hour_away_with_its_link(
    demo_school, django_capture_on_commit_callbacks
):
    talk = Session.objects.get(course_class__title="온라인 특강")
    assert timedelta(minutes=60) < talk.starts_at - timezone.now() <= timedelta(minutes=70)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notices", stdout=io.StringIO())
    reminder = SentNotice.objects.get(user__username="activist1", kind="reminder-hour-before")
    assert "meet.example.org/backup-talk" in reminder.body
    assert reminder.read_at is None


def test_mapo_keeps_its_privacy_training_in_every_state_with_a_record_of_its_certificates(
    demo_school, client, django_capture_on_commit_callbacks
):
    mapo = Organisation.objects.get(name="마포 청소년 인권 모임")
    client.force_login(_user("activist1"))  # its coordinator
    page = client.get(reverse("organisations:training", args=[mapo.pk])).content.decode()
    for standing in ("valid", "expiring", "expired", "missing"):
        assert f"duty--{standing}" in page, standing
    # learner8's year ends in about two weeks: the sweep reminds them, once.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notices", stdout=io.StringIO())
        call_command("send_notices", stdout=io.StringIO())
    assert (
        SentNotice.objects.filter(user__username="learner8", kind="certificate-expiring").count()
        == 1
    )
    # Each year's record holds exactly the certificates of the members who share them.
    sharing_members = mapo.memberships.filter(shares__in=["everything", "completions"])
    years = sorted({c.ends_on.year for c in Certificate.objects.all()})
    assert len(years) >= 2
    for year in years:
        expected = sorted(
            Certificate.objects.filter(
                revoked_at__isnull=True,
                ends_on__year=year,
                enrolment__user__in=sharing_members.values("user"),
            ).values_list("code", flat=True)
        )
        url = reverse("organisations:training_record", args=[mapo.pk, year, "xlsx"])
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
        rows = list(sheet.iter_rows(values_only=True))
        number = rows[0].index("수료증 번호")
        assert sorted(row[number].replace("-", "") for row in rows[1:]) == expected, year


def test_activist3_holds_the_law_track_certificate_dated_when_its_last_course_was(
    demo_school, client
):
    held = TrackCertificate.objects.get(user__username="activist3")
    codes = [course["code"].replace("-", "") for course in held.courses]
    course_certificates = Certificate.objects.filter(code__in=codes)
    assert len(course_certificates) == 2 and held.track_name == "법·제도"
    assert held.issued_at == max(c.issued_at for c in course_certificates)
    assert held.issued_at <= timezone.now()
    client.force_login(_user("activist3"))
    assert held.display_code in client.get(reverse("certificates:mine")).content.decode()


def test_every_demo_seat_in_a_course_with_prerequisites_follows_their_completion(demo_school):
    """Whoever holds a seat could have enrolled: cancelling and enrolling again works."""
    taking = Enrolment.objects.exclude(status="cancelled").select_related(
        "course_class__course", "user"
    )
    for enrolment in taking:
        required = enrolment.course_class.course.prerequisites.all()
        for course in required:
            done = Enrolment.objects.filter(
                user=enrolment.user,
                course_class__course=course,
                completed_at__isnull=False,
            )
            assert done.exists(), (enrolment.user.username, str(enrolment.course_class), course)


def test_the_demo_organisations_plans_hold_courses_actions_and_services_with_reasons(
    demo_school, client
):
    for organisation in Organisation.objects.all():
        plan = recommend(None, timezone.now(), organisation_ids=[organisation.pk])
        kinds = {step.step.kind if step.step else "course" for step in plan}
        assert kinds == {"course", "action", "service"}, organisation
        assert all(step.reason for step in plan)
    mapo = Organisation.objects.get(name="마포 청소년 인권 모임")
    plan = recommend(None, timezone.now(), organisation_ids=[mapo.pk])
    titles = [(step.course or step.step).title for step in plan]
    assert titles[0] == "백업 규칙 한 장으로 정하기"  # its risk, and an action it can take now
    assert "업무 계정에 2단계 인증 켜기" not in titles  # done ten days ago
    client.force_login(_user("activist1"))
    page = client.get(f"/organisations/{mapo.pk}/").content.decode()
    assert "이미 한 일" in page and "다음 단계 (" in page
    latest = mapo.assessments.filter(status="scored").order_by("-scored_at").first()
    result = client.get(f"/organisations/{mapo.pk}/assessments/{latest.pk}/").content.decode()
    assert "확인됨: 현장 점검" in result and "외장 디스크나 클라우드 백업이 없습니다" in result
    request = ServiceRequest.objects.get(organisation=mapo)
    assert (request.status, request.handled_by.username) == ("in_progress", "staff")


def test_the_survey_after_class_has_answers_and_activist3_can_still_answer(demo_school, client):
    course = CoursePage.objects.get(slug="개인정보보호법-기초")
    page = client.get(course.url).content.decode()
    assert 'id="course-rating"' in page  # two finished classes, five answers each
    client.force_login(_user("activist3"))
    assert "수업 의견 남기기" in client.get("/learning/").content.decode()
    client.force_login(_user("activist1"))
    assert "수업 의견 남기기" not in client.get("/learning/").content.decode()
    client.force_login(_user("instructor1"))
    taught = Class.objects.filter(instructors=_user("instructor1"), feedback__isnull=False)
    answers = client.get(f"/learning/classes/{taught.first().pk}/feedback/").content.decode()
    assert 'id="feedback-average"' in answers


def test_every_mark_belongs_to_a_seat_taken_before_the_session_ended(demo_school):
    seat_before = EnrolmentEvent.objects.filter(
        enrolment=OuterRef("enrolment"),
        to_status=Enrolment.Status.ENROLLED,
        created_at__lt=OuterRef("session__ends_at"),
    )
    marks = Attendance.objects.all()
    assert marks.count() > 100
    assert not marks.exclude(Exists(seat_before)).exists()
    assert not marks.filter(enrolment__created_at__gte=F("session__starts_at")).exists()
    assert not marks.filter(session__starts_at__gt=timezone.now()).exists()


def test_every_demo_completion_is_earned_by_marks_and_its_certificate_states_real_hours(
    demo_school,
):
    completed = Enrolment.objects.filter(completed_at__isnull=False)
    assert completed.count() >= 10
    for enrolment in completed:
        assert completion.progress(enrolment).is_complete, enrolment
        last = enrolment.course_class.sessions.order_by("-ends_at").first()
        assert enrolment.completed_at == last.ends_at
        assert enrolment.attendance.exists()
    certificates = Certificate.objects.select_related("enrolment")
    assert set(certificates.values_list("enrolment", flat=True)) == set(
        completed.values_list("pk", flat=True)
    )
    for certificate in certificates:
        assert certificate.hours > 0
        assert certificate.hours == hours_attended(certificate.enrolment)
        assert certificate.issued_at > certificate.enrolment.completed_at
        assert certificate.issued_at <= timezone.now()


def test_activist1_sees_their_certificates_and_anyone_can_verify_one(demo_school, client):
    activist1 = _user("activist1")
    mine = Certificate.objects.filter(enrolment__user=activist1)
    assert mine.exists()
    certificate = mine.first()
    client.force_login(activist1)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.display_code in page
    client.logout()
    verify = client.get(certificate.get_absolute_url())
    assert verify.status_code == 200
    assert "이나래" in verify.content.decode()


def test_a_session_runs_today_with_a_roll_call_to_take_and_a_code_to_check_in_with(
    demo_school, client
):
    now = timezone.now()
    today = timezone.localtime(now).date()
    running = Session.objects.filter(
        starts_at__date=today, starts_at__lte=now, status=Session.Status.SCHEDULED
    )
    assert running.exists()
    instructor1 = _user("instructor1")
    learning = my_learning(instructor1, now)
    today_pks = {s.pk for s in learning.teaching_today}
    assert {s.pk for s in running} <= today_pks
    # Anything else instructor1 teaches today is later today (the online talk).
    later = Session.objects.filter(pk__in=today_pks - {s.pk for s in running})
    assert all(s.starts_at > now and timezone.localtime(s.starts_at).date() == today for s in later)
    activist1 = my_learning(_user("activist1"), now)
    assert any(s.checkin_open for s in activist1.upcoming_sessions)
    client.force_login(instructor1)
    session = running.first()
    roll = reverse("enrolment:roll_call", args=[session.course_class_id, session.pk])
    assert client.get(roll).status_code == 200


def test_instructor1_is_asked_only_for_roll_calls_that_really_wait(demo_school):
    now = timezone.now()
    learning = my_learning(_user("instructor1"), now)
    waiting = set()
    for session in Session.objects.filter(
        course_class__in=learning.teaching, ends_at__lt=now, status=Session.Status.SCHEDULED
    ):
        for enrolment in session.course_class.enrolments.filter(status=Enrolment.Status.ENROLLED):
            had_seat = enrolment.events.filter(
                to_status=Enrolment.Status.ENROLLED, created_at__lt=session.ends_at
            ).exists()
            if had_seat and not enrolment.attendance.filter(session=session).exists():
                waiting.add(session.pk)
    assert {s.pk for s in learning.unmarked_sessions} == waiting
    assert len(waiting) == 1  # last week's roll call of the running class lacks one mark


def test_demo_organisations_have_history_and_each_login_gets_its_own_plan(demo_school):
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
    steps = {
        name: recommend(_user(name), timezone.now())
        for name in ("activist1", "activist2", "instructor1")
    }
    plans = {name: [step.course.title for step in plan] for name, plan in steps.items()}
    assert len({tuple(plan) for plan in plans.values()}) == 3
    # A risk flag's course comes first, behind the course it asks to complete first.
    assert plans["activist1"][0] == "단체 정보보안 기본 점검"
    assert steps["activist1"][0].kind == "risk"
    assert steps["activist1"][0].classes  # with a class to enrol in
