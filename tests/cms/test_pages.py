import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from wagtail.models import PageViewRestriction

from tests.factories import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def lessons(course):
    return [
        LessonPageFactory(course=course, title=title, slug=slug)
        for title, slug in [
            ("개인정보란 무엇인가", "개인정보란"),
            ("동의 받기", "동의"),
            ("안전조치", "안전조치"),
        ]
    ]


def test_home_page_shows_tracks_and_new_courses(client, course):
    soup = soup_of(client.get("/"))
    assert soup.h1.text == "활동가IT학교"
    assert soup.title.text == "활동가IT학교"  # the school's name once, not twice
    assert course.track.name in soup.find(id="tracks-heading").find_next("ul").text
    assert "개인정보보호법 기초" in soup.find(id="latest-heading").find_next("ul").text


def test_course_page_lives_at_its_korean_slug(client, course, lessons):
    response = client.get("/courses/개인정보보호법-기초/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.text == "개인정보보호법 기초"
    assert [a.text for a in soup.select(".lesson-list a")] == [
        "개인정보란 무엇인가",
        "동의 받기",
        "안전조치",
    ]
    assert "박강사" in soup.select_one(".facts").text


def test_course_page_lists_outcomes_and_prerequisites(client, course):
    advanced = CoursePageFactory(title="개인정보 영향평가", publish=False)
    advanced.prerequisites = [course]
    advanced.save_revision().publish()
    soup = soup_of(client.get(advanced.url))
    assert [li.text for li in soup.select(".outcomes li")] == ["첫째 목표", "둘째 목표"]
    assert soup.select_one(".course__aside a")["href"] == course.url


def test_lesson_page_navigates_in_tree_order(client, lessons):
    first, middle, last = lessons
    soup = soup_of(client.get(middle.url))
    assert soup.select_one("a[rel=prev]")["href"] == first.url
    assert soup.select_one("a[rel=next]")["href"] == last.url
    assert "3개 수업 중 2번째" in soup.select_one(".lesson__number").text
    assert soup_of(client.get(first.url)).select_one("a[rel=prev]") is None
    assert soup_of(client.get(last.url)).select_one("a[rel=next]") is None


def test_moving_a_lesson_in_the_tree_changes_its_neighbours(client, lessons):
    first, middle, last = lessons
    last.move(first, pos="left")
    soup = soup_of(client.get(first.url))
    assert soup.select_one("a[rel=prev]")["href"] == last.specific.url


def test_unpublished_lesson_is_not_shown_or_linked(client, course, lessons):
    lessons[1].unpublish()
    assert client.get(lessons[1].url or "/courses/개인정보보호법-기초/동의/").status_code == 404
    soup = soup_of(client.get(lessons[0].url))
    assert soup.select_one("a[rel=next]")["href"] == lessons[2].url


def test_pages_are_korean_by_default_and_english_on_request(client, course):
    soup = soup_of(client.get(course.url))
    assert soup.html["lang"] == "ko"
    assert soup.select_one(".skip-link").text == "본문 바로가기"
    switch = soup.select_one(".language-switcher a[lang=en]")["href"]
    response = client.get(switch)
    assert response["Location"] == course.url
    soup = soup_of(client.get(course.url))
    assert soup.html["lang"] == "en"
    assert soup.select_one(".skip-link").text == "Skip to content"
    assert soup.h1.text == "개인정보보호법 기초"  # content stays as written


def test_every_page_has_landmarks_skip_link_and_labelled_controls(client, course, lessons):
    for url in [
        "/",
        "/courses/",
        course.url,
        lessons[0].url,
        "/accounts/login/",
        "/accounts/signup/",
    ]:
        soup = soup_of(client.get(url))
        assert soup.find("main", id="main"), url
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), url
        assert soup.select_one("a.skip-link")["href"] == "#main", url
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") in {"hidden", "submit"}:
                continue
            labelled = control.get("id") and soup.find("label", attrs={"for": control["id"]})
            assert labelled or control.get("aria-label"), f"{url}: {control}"


def test_unknown_page_answers_404_with_a_helpful_korean_page(client, db):
    response = client.get("/courses/없는-과정/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.h1.text == "페이지를 찾을 수 없습니다"
    assert soup.find("a", href="/courses/")


def test_server_error_page_renders_without_a_request_context(rf: RequestFactory):
    with translation.override("ko"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "문제가 생겼습니다" in response.content.decode()


def test_an_english_browser_still_gets_korean_until_english_is_chosen(client, db):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert BeautifulSoup(page.content, "html.parser").html["lang"] == "ko"
    client.get("/language/en/?next=/")
    page = client.get("/", headers={"Accept-Language": "ko"})
    assert BeautifulSoup(page.content, "html.parser").html["lang"] == "en"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_off_site(client, db, next_url):
    response = client.get("/language/en/", {"next": next_url})
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_unknown_language_is_refused_and_sets_nothing(client, db):
    response = client.get("/language/xx/?next=/")
    assert response.status_code == 404
    assert "django_language" not in response.cookies


def test_lessons_behind_a_view_restriction_are_not_listed_or_linked(client, course, lessons):
    PageViewRestriction.objects.create(
        page=lessons[1], restriction_type=PageViewRestriction.PASSWORD, password="비밀"
    )
    listed = [a.text for a in soup_of(client.get(course.url)).select(".lesson-list a")]
    assert listed == ["개인정보란 무엇인가", "안전조치"]
    assert soup_of(client.get(lessons[0].url)).select_one("a[rel=next]")["href"] == lessons[2].url
