from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from core.dates import format_date
from courses.models import Class
from tests.clock import NOW
from tests.factories import CapabilityAreaFactory, ClassFactory, CoursePageFactory, TrackFactory

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


@pytest.fixture
def catalogue():
    tech = TrackFactory(name="기술", slug="tech")
    law = TrackFactory(name="법·제도", slug="law")
    security = CapabilityAreaFactory(name="인프라·보안", slug="infra-security")
    privacy = CapabilityAreaFactory(name="법·제도와 개인정보", slug="law-privacy")
    CoursePageFactory(title="클라우드 협업 도구 입문", track=tech, level="beginner")
    CoursePageFactory(
        title="백업과 복구 실천",
        track=tech,
        level="intermediate",
        areas=[security],
        summary="외장 디스크로 단체 자료를 지킵니다.",
    )
    CoursePageFactory(
        title="개인정보보호법 기초",
        track=law,
        level="beginner",
        areas=[privacy],
        summary="회원 명부를 다룰 때 지켜야 할 원칙을 배웁니다.",
    )
    CoursePageFactory(title="저작권과 오픈 라이선스", track=law, level="advanced")


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.text for a in soup.select(".course-card__title a"))


def test_catalogue_lists_every_live_course(client, catalogue):
    CoursePageFactory(title="초안 과정", publish=False, live=False)
    assert titles(client.get(CATALOG)) == [
        "개인정보보호법 기초",
        "백업과 복구 실천",
        "저작권과 오픈 라이선스",
        "클라우드 협업 도구 입문",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"track": "law"}, ["개인정보보호법 기초", "저작권과 오픈 라이선스"]),
        ({"level": "beginner"}, ["개인정보보호법 기초", "클라우드 협업 도구 입문"]),
        ({"area": "infra-security"}, ["백업과 복구 실천"]),
        ({"q": "백업"}, ["백업과 복구 실천"]),
        ({"q": "개인정보"}, ["개인정보보호법 기초"]),
        ({"q": "회원 명부"}, ["개인정보보호법 기초"]),
        ({"track": "law", "level": "beginner"}, ["개인정보보호법 기초"]),
        ({"track": "tech", "q": "클라우드"}, ["클라우드 협업 도구 입문"]),
        ({"track": "law", "area": "infra-security"}, []),
    ],
)
def test_filters_narrow_the_list_and_combine(client, catalogue, query, expected):
    assert titles(client.get(CATALOG, query)) == expected


SPREADSHEETS = ["스프레드시트 기초", "스프레드시트로 회원 명부 관리"]


@pytest.mark.parametrize(
    "keyword, expected",
    [
        ("개인 정보", ["개인정보보호법 기초", "협업 도구 안전하게 쓰기"]),
        ("개인정보", ["개인정보보호법 기초", "협업 도구 안전하게 쓰기"]),
        ("엑셀", SPREADSHEETS),
        ("구글 시트", SPREADSHEETS),
        ("스프레드 시트", SPREADSHEETS),
        ("홈페이지", ["단체 웹사이트 만들기"]),
        ("엑셀 기초", ["스프레드시트 기초"]),
    ],
)
def test_search_forgives_spacing_and_knows_common_synonyms(client, catalogue, keyword, expected):
    law = TrackFactory(name="실무", slug="practice")
    CoursePageFactory(
        title="스프레드시트로 회원 명부 관리", track=law, summary="함수와 필터를 씁니다."
    )
    CoursePageFactory(title="스프레드시트 기초", track=law, summary="표를 만듭니다.")
    CoursePageFactory(title="단체 웹사이트 만들기", track=law, summary="소개 페이지를 엽니다.")
    CoursePageFactory(
        title="협업 도구 안전하게 쓰기", track=law, summary="개인 정보를 지키는 공유 설정."
    )
    assert titles(client.get(CATALOG, {"q": keyword})) == sorted(expected)


@pytest.mark.parametrize(
    "query",
    [
        {"track": "no-such-track"},
        {"level": "expert"},
        {"area": "../../etc"},
        {"page": "abc"},
        {"page": "999"},
        {"q": "x" * 500},
        {"track": ["law", "tech"]},
        {"level": "'; DROP TABLE cms_coursepage; --"},
    ],
)
def test_unknown_or_malformed_filters_are_ignored(client, catalogue, query):
    response = client.get(CATALOG, query)
    assert response.status_code == 200
    assert len(titles(response)) >= 1


def test_unknown_filter_is_ignored_while_valid_ones_still_apply(client, catalogue):
    assert titles(client.get(CATALOG, {"track": "law", "level": "expert"})) == [
        "개인정보보호법 기초",
        "저작권과 오픈 라이선스",
    ]


def test_empty_result_says_so_and_offers_a_way_back(client, catalogue):
    response = client.get(CATALOG, {"q": "존재하지않는단어"})
    page = response.content.decode()
    assert titles(response) == []
    assert "조건에 맞는 과정이 없습니다" in page
    assert 'href="/courses/"' in page


def test_htmx_request_gets_only_the_results_fragment(client, catalogue):
    response = client.get(CATALOG, {"track": "law"}, headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "cms/partials/course_results.html"
    html = response.content.decode()
    assert "<html" not in html
    assert BeautifulSoup(html, "html.parser").find(id="course-results")
    assert titles(response) == ["개인정보보호법 기초", "저작권과 오픈 라이선스"]
    assert "HX-Request" in response["Vary"]


def test_plain_request_gets_the_whole_page_with_a_working_form(client, catalogue):
    response = client.get(CATALOG, {"track": "law"})
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", attrs={"role": "search"})
    assert form["method"] == "get" and form["action"] == CATALOG
    assert form["hx-get"] == CATALOG and form["hx-push-url"] == "true"
    assert (
        soup.find("select", attrs={"name": "track"}).find("option", selected=True)["value"] == "law"
    )
    assert soup.find(id="course-results")


def _catalogue_queries(client, django_assert_max_num_queries, count) -> int:
    track = TrackFactory()
    area = CapabilityAreaFactory()
    for _ in range(count):
        ClassFactory(course=CoursePageFactory(track=track, areas=[area]), sessions=2)
    client.get(CATALOG)  # warm the site-root cache, as any running server has
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(CATALOG, {"area": area.slug}).status_code == 200
    return len(queries)


@pytest.mark.slow
def test_catalogue_query_count_does_not_grow_with_courses(client, django_assert_max_num_queries):
    few = _catalogue_queries(client, django_assert_max_num_queries, 5)
    many = _catalogue_queries(client, django_assert_max_num_queries, 50 - 5)
    assert many == few
    assert few <= 15


def card(response, title):
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string=title)
    return link.find_parent("li", class_="course-card")


def first_session_day(class_) -> str:
    return format_date(class_.sessions.order_by("starts_at").first().starts_at, "ko")


def test_card_shows_the_next_class_date_and_open_enrolment(client):
    open_now = ClassFactory(course=CoursePageFactory(title="열린 과정"))
    later = ClassFactory(
        course=CoursePageFactory(title="곧 열 과정"),
        enrolment_opens_at=NOW + timedelta(days=2),
        enrolment_closes_at=NOW + timedelta(days=9),
    )
    CoursePageFactory(title="기수 없는 과정")
    response = client.get(CATALOG)

    opened = card(response, "열린 과정")
    assert opened.select_one(".badge--open").text == "모집 중"
    assert f"다음 기수 {first_session_day(open_now)}" in opened.get_text(" ", strip=True)
    coming = card(response, "곧 열 과정")
    assert coming.select_one(".badge--open") is None
    assert first_session_day(later) in coming.get_text(" ", strip=True)
    assert card(response, "기수 없는 과정").select_one(".course-card__next") is None


def test_card_never_shows_a_draft_cancelled_or_finished_class(client):
    course = CoursePageFactory(title="조용한 과정")
    ClassFactory(course=course, status=Class.Status.DRAFT)
    ClassFactory(course=course, status=Class.Status.CANCELLED)
    assert card(client.get(CATALOG), "조용한 과정").select_one(".course-card__next") is None


def test_closing_a_class_takes_its_badge_off_the_cached_catalogue_at_once(
    client, django_capture_on_commit_callbacks
):
    class_ = ClassFactory(course=CoursePageFactory(title="열린 과정"))
    assert card(client.get(CATALOG), "열린 과정").select_one(".badge--open")  # now cached
    assert card(client.get(CATALOG), "열린 과정").select_one(".badge--open")  # from cache
    with django_capture_on_commit_callbacks(execute=True):
        class_.status = Class.Status.CLOSED
        class_.save()
    assert card(client.get(CATALOG), "열린 과정").select_one(".badge--open") is None
    htmx = client.get(CATALOG, {"level": "beginner"}, headers={"HX-Request": "true"})
    assert card(htmx, "열린 과정").select_one(".badge--open") is None


def test_enrolment_opening_by_the_clock_shows_the_badge_on_the_cached_catalogue(client, _clock):
    ClassFactory(
        course=CoursePageFactory(title="곧 열 과정"),
        enrolment_opens_at=NOW + timedelta(minutes=10),
        enrolment_closes_at=NOW + timedelta(days=5),
    )
    assert card(client.get(CATALOG), "곧 열 과정").select_one(".badge--open") is None  # cached
    _clock.shift(timedelta(minutes=11))
    assert card(client.get(CATALOG), "곧 열 과정").select_one(".badge--open")
    _clock.shift(timedelta(days=5))
    assert card(client.get(CATALOG), "곧 열 과정").select_one(".badge--open") is None


def test_the_filters_fold_away_until_one_is_used(client, catalogue):
    soup = BeautifulSoup(client.get(CATALOG).content, "html.parser")
    folded = soup.select_one("form[role=search] details")
    assert folded is not None and not folded.has_attr("open")
    assert {"track", "level", "area"} <= {s["name"] for s in folded.find_all("select")}
    assert soup.select_one("form[role=search] > .filters__field input[name=q]")  # never folded
    soup = BeautifulSoup(client.get(CATALOG, {"track": "law"}).content, "html.parser")
    assert soup.select_one("form[role=search] details").has_attr("open")
