"""The survey after class: offered once the last session ended, answered once, anonymous by
construction, shown to instructors and staff only in numbers that point to nobody."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from courses.models import Session
from enrolment import feedback
from enrolment.models import Enrolment, FeedbackAnswer, FeedbackGiven
from outbox.models import SentNotice
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, UserFactory
from tests.security.test_xss import NAME, SHORT, assert_inert

pytestmark = pytest.mark.django_db


def _ended_class(course, instructor):
    class_ = ClassFactory(course=course, sessions=0, title="2027 봄 1기")
    class_.instructors.add(instructor)
    start = timezone.now() - timedelta(days=1, hours=3)
    Session.objects.create(course_class=class_, starts_at=start, ends_at=start + timedelta(hours=2))
    return class_


@pytest.fixture
def ended(course, instructor):
    """A class of six whose last session ended yesterday."""
    class_ = _ended_class(course, instructor)
    class_.seated = [EnrolmentFactory(course_class=class_) for _ in range(6)]
    return class_


def _answer(enrolment, rating=4, helped="실습이 좋았어요", change=""):
    feedback.answer(enrolment, rating=rating, helped=helped, change=change, now=timezone.now())


def test_an_answer_holds_nothing_that_leads_back_to_who_gave_it():
    answer_fields = {f.name for f in FeedbackAnswer._meta.get_fields()}
    assert answer_fields == {"id", "course_class", "rating", "helped", "change"}
    assert FeedbackAnswer._meta.pk.get_internal_type() == "UUIDField"  # no order of arrival
    given_fields = {f.name for f in FeedbackGiven._meta.get_fields()}
    assert given_fields == {"id", "enrolment"}  # who answered, and nothing of what


def test_each_person_answers_once_after_the_last_session(ended):
    first = ended.seated[0]
    _answer(first, rating=5)
    with pytest.raises(feedback.FeedbackError, match="이미 설문에 답하셨습니다"):
        _answer(first, rating=1)
    assert list(FeedbackAnswer.objects.values_list("rating", flat=True)) == [5]
    assert FeedbackGiven.objects.get().enrolment == first


def test_nobody_answers_before_the_class_ends_or_without_a_seat(course):
    class_ = ClassFactory(course=course)  # sessions ten days ahead
    with pytest.raises(feedback.FeedbackError, match="마지막 차시가 끝나면"):
        _answer(EnrolmentFactory(course_class=class_))
    waiting = EnrolmentFactory(
        course_class=class_, status=Enrolment.Status.WAITLISTED, waitlist_rank=1
    )
    with pytest.raises(feedback.FeedbackError, match="수강한 분만"):
        _answer(waiting)
    assert not FeedbackAnswer.objects.exists()


def test_the_form_refuses_a_missing_rating_and_keeps_what_was_written(client, ended):
    learner = ended.seated[0]
    client.force_login(learner.user)
    url = f"/learning/feedback/{learner.pk}/"
    response = client.post(url, {"helped": "예시가 많아서 좋았어요"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "1부터 5까지 점수를 골라 주세요" in page and "예시가 많아서 좋았어요" in page
    assert not FeedbackAnswer.objects.exists()
    response = client.post(url, {"rating": "5", "helped": "예시가 많아서 좋았어요"}, follow=True)
    assert "고맙습니다!" in response.content.decode()
    assert FeedbackAnswer.objects.get().helped == "예시가 많아서 좋았어요"


def test_someone_elses_survey_is_not_found(client, ended):
    client.force_login(UserFactory())
    assert client.get(f"/learning/feedback/{ended.seated[0].pk}/").status_code == 404


def test_instructors_see_answers_only_once_three_answered(client, ended, instructor):
    client.force_login(instructor)
    url = f"/learning/classes/{ended.pk}/feedback/"
    for enrolment, rating in zip(ended.seated[:2], [5, 3], strict=True):
        _answer(enrolment, rating=rating, helped=f"도움 {rating}")
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#feedback-rate").get_text(strip=True) == "6명 중 2명이 답했습니다."
    assert page.select_one("#feedback-average") is None and "도움 5" not in page.text
    _answer(ended.seated[2], rating=4, helped="도움 4")
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#feedback-average").get_text(strip=True) == "4.0 / 5"
    said = {li.get_text(strip=True) for li in page.select("main li")}
    assert {"도움 5", "도움 3", "도움 4"} <= said
    assert client.get(f"/learning/classes/{ended.pk}/roster/").status_code == 200


def test_other_instructors_and_learners_cannot_read_the_answers(client, ended, other_instructor):
    for person in (other_instructor, ended.seated[0].user):
        client.force_login(person)
        assert client.get(f"/learning/classes/{ended.pk}/feedback/").status_code == 404


def test_the_course_page_shows_the_rating_from_five_answers(client, ended, course):
    for enrolment, rating in zip(ended.seated[:4], [5, 4, 4, 3], strict=True):
        _answer(enrolment, rating=rating)
    assert "course-rating" not in client.get(course.url).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the page's cached copy moves on
        _answer(ended.seated[4], rating=5)
    page = BeautifulSoup(client.get(course.url).content, "html.parser")
    rating = page.select_one("#course-rating strong").get_text(strip=True)
    assert rating == "5점 중 4.2점 (응답 5명)"


def test_the_sweep_asks_each_person_with_a_seat_once(ended):
    _answer(ended.seated[0])
    waiting = EnrolmentFactory(
        course_class=ended, status=Enrolment.Status.WAITLISTED, waitlist_rank=1
    )
    for _ in range(2):
        call_command("send_notices", stdout=open("/dev/null", "w"))
    asked = SentNotice.objects.filter(kind="feedback-requested")
    assert sorted(asked.values_list("user", flat=True)) == sorted(
        e.user_id for e in ended.seated[1:]
    )
    assert waiting.user_id not in set(asked.values_list("user", flat=True))
    notice = asked.first()
    assert "짧은 질문 세 개" in notice.title and notice.link.startswith("/learning/feedback/")


def test_my_learning_offers_the_survey_until_answered(client, ended):
    learner = ended.seated[0]
    client.force_login(learner.user)
    assert "수업 의견 남기기" in client.get("/learning/").content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        _answer(learner)
    assert "수업 의견 남기기" not in client.get("/learning/").content.decode()


def test_staff_see_the_response_rate_and_rating_per_course(client, ended, staff, course):
    for enrolment, rating in zip(ended.seated[:3], [5, 4, 3], strict=True):
        _answer(enrolment, rating=rating)
    client.force_login(staff)
    page = BeautifulSoup(client.get("/staff/reports/feedback/").content, "html.parser")
    row = page.select_one("#feedback-by-course tbody tr")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert row.th.get_text(strip=True) == course.title and cells == ["3 / 6", "50%", "4.0"]


def test_hostile_answers_show_as_text(client, ended, instructor):
    for enrolment in ended.seated[:3]:
        _answer(enrolment, helped=NAME, change=SHORT)
    client.force_login(instructor)
    html = client.get(f"/learning/classes/{ended.pk}/feedback/").content.decode()
    assert_inert(html, page="survey answers")
    assert "alert(" in BeautifulSoup(html, "html.parser").get_text()


def test_the_staff_survey_report_reads_in_a_fixed_number_of_queries(
    client, ended, staff, instructor, django_assert_max_num_queries
):
    for enrolment in ended.seated[:3]:
        _answer(enrolment)
    client.force_login(staff)
    client.get("/staff/reports/feedback/")
    with django_assert_max_num_queries(50) as one_course:
        client.get("/staff/reports/feedback/")
    for n in range(3):  # three more courses with answers
        other = CoursePageFactory(
            title=f"다른 과정 {n}", slug=f"other-{n}", instructors=[instructor]
        )
        _answer(EnrolmentFactory(course_class=_ended_class(other, instructor)))
    with django_assert_max_num_queries(len(one_course.captured_queries)):
        page = client.get("/staff/reports/feedback/").content.decode()
    assert "다른 과정 2" in page
