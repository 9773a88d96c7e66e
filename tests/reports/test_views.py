"""The staff reports page: who may see it, what it shows, its charts and its exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from courses.models import Session
from enrolment.models import Attendance
from organisations.models import Membership, Organisation
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, TrackFactory
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db

URL = "/staff/reports/"
YEAR = {"period": "2025", "step": "month"}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    # In English: these tests are about the figures, not the Korean wording.
    client.cookies["django_language"] = "en"
    yield client
    # The middleware leaves the request's language active in this thread: give it back.
    translation.activate(settings.LANGUAGE_CODE)


def _page(client, params=YEAR):
    response = client.get(URL, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("path", [URL, URL + "export.csv", URL + "export.xlsx"])
def test_anyone_but_staff_is_sent_to_log_in_or_told_there_is_nothing(
    client, student, instructor, path
):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    coordinator = student
    organisation = Organisation.objects.create(name="마포 모임")
    Membership.objects.create(
        organisation=organisation, user=coordinator, role=Membership.Role.COORDINATOR
    )
    for person in (coordinator, instructor):
        client.force_login(person)
        assert client.get(path).status_code == 404


def test_staff_reach_it_from_the_header_and_the_admin_menu(client, staff, student):
    client.force_login(student)
    assert URL not in client.get("/accounts/profile/").content.decode()
    client.force_login(staff)
    assert f'href="{URL}"' in client.get("/accounts/profile/").content.decode()
    assert f'"{URL}"' in client.get("/admin/").content.decode()


def test_staff_see_the_figures_of_a_year_in_tables_beside_the_charts(staff_client, scenario):
    page = _page(staff_client)
    stats = {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(page.select(".stats dt"), page.select(".stats dd"), strict=True)
    }
    # Learners, classes, enrolments, attendance rate, completions, certificates in 2025.
    assert list(stats.values()) == ["5", "3", "7", "67%", "3", "2"]
    table = page.select_one("#tracks-bars table")
    assert [th.get_text() for th in table.select("thead th")] == ["Period", "기술", "법·제도"]
    # Each figure carries its group's name, which a phone shows beside it (a card per row).
    labels = {label.get_text() for label in table.select("tbody td .table__label")}
    assert labels == {"기술", "법·제도"}
    for label in page.select(".table__label"):
        label.decompose()
    rows = [[c.get_text() for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert len(rows) == 12  # January to December: the whole of a past year
    assert rows[:4] == [
        ["Jan 2025", "3", "0"],
        ["Feb 2025", "3", "2"],
        ["Mar 2025", "0", "2"],
        ["Apr 2025", "2", "0"],
    ]
    rates = page.select_one("#tracks-rates table")
    assert [td.get_text() for td in rates.select("tbody tr")[1].select("td")] == ["50%", "100%"]
    assert [td.get_text() for td in rates.select("tbody tr")[3].select("td")] == ["–", "–"]


@pytest.mark.parametrize(
    "language, heading, first, bar",
    [
        ("ko", "학교 전체, 2025. 1. ~ 2025. 12.", "2025. 1.", "2025. 1. · 기술: 3"),
        ("en", "The whole school, Jan 2025 to Dec 2025", "Jan 2025", "Jan 2025 · 기술: 3"),
    ],
    ids=["ko", "en"],
)
def test_months_are_written_in_words_on_the_page_and_as_iso_in_the_export(
    staff_client, scenario, language, heading, first, bar
):
    staff_client.cookies["django_language"] = language
    page = _page(staff_client)
    assert page.select_one("#overall-heading").get_text() == heading
    assert page.select_one("#tracks-rates tbody th").get_text() == first
    assert page.select_one("#tracks-bars rect.chart__bar title").get_text() == bar
    assert "2025-01" not in page.get_text()

    export = staff_client.get(URL + "export.csv", YEAR).content.decode("utf-8-sig")
    months = {line.split(",")[0] for line in export.splitlines()[1:]}
    assert months == {f"2025-{month:02}" for month in range(1, 13)}


def test_each_chart_is_an_image_with_a_title_and_one_bar_per_period_and_group(
    staff_client, scenario
):
    page = _page(staff_client, {"period": "2025", "step": "quarter", "show": "completions"})
    for svg in page.select("svg.chart__svg"):
        assert svg["role"] == "img"
        assert svg.find("title", id=svg["aria-labelledby"]).get_text()
    bars = page.select("#tracks-bars rect.chart__bar")
    assert len(bars) == 4 * 2  # four quarters, two tracks
    assert [bar.title.get_text() for bar in bars[:4]] == [
        "2025 Q1 · 기술: 2",
        "2025 Q2 · 기술: 0",
        "2025 Q3 · 기술: 0",
        "2025 Q4 · 기술: 0",
    ]
    heights = [float(bar["height"]) for bar in bars]
    assert heights[0] > heights[4] > 0 and heights[1] == 0  # 2 tech completions, 1 law
    grades = page.select("#grades-bars rect.chart__bar")
    # Grades 2, 3, not assessed yet and no organisation: by the end of March, 마포 had
    # moved from grade 1 to 3, so grade 1 has nobody in any quarter and is left out.
    assert len(grades) == 4 * 4
    # Both tracks were marked in the first quarter only: no point where nobody was marked.
    assert len(page.select("#tracks-rates .chart__point")) == 2


def test_the_figures_download_as_csv_and_xlsx(staff_client, scenario):
    response = staff_client.get(URL + "export.csv", YEAR)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(header) == 11
    by_key = {(r[0], r[2]): r for r in body}
    assert by_key["2025-02", "기술"][3:] == ["3", "1", "0", "1", "2", "50", "2", "1"]
    assert by_key["2025-02", "법·제도"][3:] == ["2", "1", "2", "2", "2", "100", "0", "0"]
    assert len(body) == 12 * (1 + 2 + 5)

    response = staff_client.get(URL + "export.xlsx", YEAR)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in line] for line in sheet.iter_rows()]
    assert [str(v) if v is not None else "" for v in values[0]] == header
    assert [[("" if v is None else str(v)) for v in line] for line in values[1:]] == body


def test_a_wrong_choice_is_explained_and_the_last_12_months_shown(staff_client, scenario):
    page = _page(staff_client, {"period": "1999", "step": "week"})
    errors = page.select_one(".filters__errors").get_text()
    assert "1999" in errors and "week" in errors
    assert len(page.select("#tracks-bars tbody tr")) == 12
    assert page.select_one("#id_period option[selected]")["value"] == "last12"


def _classes(count, track_courses):
    """`count` classes held in March 2025, each with two learners marked at one session."""
    for n in range(count):
        class_ = ClassFactory(
            course=track_courses[n % 2],
            sessions=0,
            enrolment_opens_at=at(1, 1),
            enrolment_closes_at=at(2, 1),
        )
        session = Session.objects.create(
            course_class=class_, starts_at=at(3, 3), ends_at=at(3, 3) + timedelta(hours=2)
        )
        for status in ("present", "absent"):
            enrolment = EnrolmentFactory(course_class=class_)
            Attendance.objects.create(enrolment=enrolment, session=session, status=status)


def test_the_page_and_export_take_as_many_queries_for_20_classes_as_for_2(staff_client):
    courses = [
        CoursePageFactory(track=TrackFactory(slug="tech")),
        CoursePageFactory(track=TrackFactory(slug="law")),
    ]
    counts = []
    for total in (2, 20):
        _classes(total - (counts and 2 or 0), courses)
        for path in (URL, URL + "export.xlsx"):
            staff_client.get(path, YEAR)  # sessions, settings and the site are cached after
            with CaptureQueriesContext(connection) as queries:
                assert staff_client.get(path, YEAR).status_code == 200
            counts.append(len(queries))
    page = _page(staff_client)
    assert page.select(".stats dd")[1].get_text() == "20"
    assert counts[:2] == counts[2:], counts
