"""The plan where it helps: a badge and a filter in the catalogue, a block on the home page."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import CoursePageFactory, TrackFactory
from tests.organisations.conftest import assess
from tests.queries import cold_and_warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(areas, coordinator, organisation, questionnaire):
    """A plan of two steps (infrastructure, then data) and a course outside it."""
    infra, _, data = areas
    courses = {
        "backup": CoursePageFactory(title="백업 첫걸음", areas=[infra]),
        "ledger": CoursePageFactory(title="스프레드시트 회계", areas=[data]),
        "video": CoursePageFactory(title="영상 편집 심화", level="advanced"),
    }
    assess(coordinator, organisation, questionnaire, [0, 0, 2, 0])
    return courses


def _cards(client, query=""):
    soup = BeautifulSoup(client.get(f"/courses/{query}").content, "html.parser")
    return {
        card.select_one(".course-card__title").get_text(strip=True): card
        for card in soup.select(".course-card")
    }


def test_the_catalogue_marks_what_the_plan_recommends_and_says_why(client, member, courses):
    client.force_login(member)
    cards = _cards(client)
    assert set(cards) == {"백업 첫걸음", "스프레드시트 회계", "영상 편집 심화"}
    assert cards["백업 첫걸음"].select_one(".badge--pick").get_text(strip=True) == "우리 단체 추천"
    why = "인프라·보안 영역이 1단계 시작에 있어, 다음 단계로 가도록 권해 드립니다."
    assert why in cards["백업 첫걸음"].get_text()
    assert cards["영상 편집 심화"].select_one(".badge--pick") is None


def test_the_recommended_filter_keeps_only_the_plan_in_its_order(client, member, courses):
    client.force_login(member)
    page = client.get("/courses/?recommended=on").content.decode()
    assert "우리 단체 추천" in page
    assert list(_cards(client, "?recommended=on")) == ["백업 첫걸음", "스프레드시트 회계"]
    # It combines with the other filters.
    track = courses["ledger"].track.slug
    assert list(_cards(client, f"?recommended=on&track={track}")) == ["스프레드시트 회계"]


def test_people_of_other_organisations_see_their_own_badges(
    client, member, other_coordinator, courses
):
    client.force_login(member)
    _cards(client)  # fills the shared cache of rendered results
    client.force_login(other_coordinator)  # no assessment yet: the first course of each track
    cards = _cards(client)
    assert cards["백업 첫걸음"].select_one(".badge--pick").get_text(strip=True) == "첫 과정 추천"
    assert cards["영상 편집 심화"].select_one(".badge--pick") is None  # advanced: not a first step


def test_visitors_get_no_badge_and_no_plan_filter(client, courses):
    page = client.get("/courses/?recommended=on").content.decode()
    assert "badge--pick" not in page and 'name="recommended"' not in page
    assert len(_cards(client, "?recommended=on")) == 3  # the filter means nothing signed out


def test_the_home_page_shows_the_next_steps_to_people_signed_in(client, member, courses):
    assert "다음 단계" not in client.get("/").content.decode()
    client.force_login(member)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    plan = soup.select_one("#plan-heading").find_parent("section")
    assert [a.get_text(strip=True) for a in plan.select("li a strong")] == [
        "백업 첫걸음",
        "스프레드시트 회계",
    ]


def test_signed_in_catalogue_queries_do_not_grow_with_courses(client, member, courses, areas):
    client.force_login(member)
    client.get("/courses/")
    few = cold_and_warm(client, "/courses/?recommended=on")
    track = TrackFactory()
    for n in range(8):
        CoursePageFactory(title=f"추가 과정 {n}", track=track, areas=areas)
    assert cold_and_warm(client, "/courses/?recommended=on") == few
