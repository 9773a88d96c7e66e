"""A class whose course asks for others first says which, linked, where its button is:
nobody learns of them only from a refusal after pressing 신청."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from enrolment.learners import learner_changed
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, class_open_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses():
    basics = CoursePageFactory(title="개인정보보호법 기초")
    tools = CoursePageFactory(title="클라우드 협업 도구 입문")
    advanced = CoursePageFactory(title="개인정보 유출 대응 실습")
    advanced.prerequisites = [basics, tools]
    advanced.save_revision().publish()
    return {"basics": basics, "tools": tools, "advanced": advanced}


@pytest.fixture
def class_(courses):
    return class_open_now(course=courses["advanced"], capacity=5)


def _card(client, class_):
    page = BeautifulSoup(client.get(class_.course.url).content, "html.parser")
    return page.find(id=f"class-{class_.pk}")


def _links(card) -> dict[str, str]:
    note = card.find(class_="prerequisites-note")
    return {a.get_text(): a["href"] for a in note.find_all("a")} if note else {}


def _complete(user, course):
    EnrolmentFactory(
        user=user, course_class=ClassFactory(course=course), completed_at=timezone.now()
    )


def test_someone_signed_out_sees_the_courses_to_complete_first_beside_log_in(
    client, courses, class_
):
    card = _card(client, class_)
    assert _links(card) == {
        "개인정보보호법 기초": courses["basics"].url,
        "클라우드 협업 도구 입문": courses["tools"].url,
    }
    assert "이 수업은 먼저 아래 과정을 수료해야 신청할 수 있습니다" in card.get_text()
    assert card.find("a", string="로그인하고 신청")


def test_a_learner_missing_one_sees_it_linked_instead_of_a_button_that_would_refuse(
    client, student, courses, class_
):
    _complete(student, courses["tools"])
    client.force_login(student)
    card = _card(client, class_)
    assert _links(card) == {"개인정보보호법 기초": courses["basics"].url}
    assert "신청하려면 먼저 아래 과정을 수료하세요" in card.get_text()
    assert not card.find("button")


def test_a_learner_who_completed_them_sees_only_the_button(client, student, courses, class_):
    _complete(student, courses["basics"])
    _complete(student, courses["tools"])
    client.force_login(student)
    card = _card(client, class_)
    assert _links(card) == {}
    assert card.find("button").get_text() == "신청"


def test_completing_the_last_one_brings_the_button_at_once(
    client, student, courses, class_, django_capture_on_commit_callbacks
):
    _complete(student, courses["tools"])
    client.force_login(student)
    assert not _card(client, class_).find("button")  # what they completed is now kept
    with django_capture_on_commit_callbacks(execute=True):
        _complete(student, courses["basics"])
        learner_changed(student.pk)  # as completion does when it marks one complete
    assert _card(client, class_).find("button").get_text() == "신청"


def test_the_courses_to_complete_first_read_in_english(client, student, class_):
    client.force_login(student)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        text = _card(client, class_).get_text(" ")
    assert "Complete these courses first to enrol:" in text
