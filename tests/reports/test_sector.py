"""The sector view against the demo school, counted by hand from its answers
(demo/assessments.py HISTORY; scores 0, 35, 70, 100; four stages of 25 points):

마포 청소년 인권 모임, a month ago, two respondents; 강원 기후 행동 네트워크, two months ago;
마포's first assessment thirteen months ago. Area stages now (마포 / 강원): 인프라·보안 2 / 4,
협업·소통 도구 4 / 2, 웹·온라인 홍보 2 / 4, 데이터·회계·행정 1 / 3, 프로젝트 관리 3 / 1,
법·제도와 개인정보 2 / 3. Risk flags now: 마포's second respondent has no backups and shares
passwords; a year ago 마포 also had no privacy notice.
"""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from reports import impact

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AREAS_NOW = {
    "인프라·보안": ["0", "1", "0", "1", "2"],
    "협업·소통 도구": ["0", "1", "0", "1", "2"],
    "웹·온라인 홍보": ["0", "1", "0", "1", "2"],
    "데이터·회계·행정": ["1", "0", "1", "0", "2"],
    "프로젝트 관리": ["1", "0", "1", "0", "2"],
    "법·제도와 개인정보": ["0", "1", "1", "0", "2"],
}


@pytest.fixture
def staff_client(demo_school, client):
    client.force_login(get_user_model().objects.get(username="staff"))
    return client


def _rows(page, table_id) -> dict[str, list[str]]:
    for label in page.select(f"#{table_id} .table__label"):  # what a phone shows beside each
        label.decompose()
    return {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select(f"#{table_id} tbody tr")
    }


def test_the_sector_now_matches_the_hand_count(staff_client):
    page = BeautifulSoup(staff_client.get("/staff/reports/sector/").content, "html.parser")
    assert _rows(page, "sector-areas") == AREAS_NOW
    risks = [li.get_text(strip=True) for li in page.select("#sector-risks li")]
    assert risks == ["2곳 중 1곳이 ‘공용 비밀번호 사용’", "2곳 중 1곳이 ‘백업이 없음’"]
    questions = _rows(page, "sector-questions")
    assert questions["단체 자료를 정기적으로 백업하나요?"] == ["1", "0", "1", "0", "2"]
    assert questions["업무 계정의 비밀번호를 어떻게 관리하나요?"] == ["0", "1", "0", "1", "2"]
    heads = [th.get_text(strip=True) for th in page.select("#sector-areas thead th")]
    assert heads[1:5] == ["1단계 시작", "2단계 기초", "3단계 활용", "4단계 선도"]


def test_on_a_phone_each_count_carries_its_stage_as_its_column_head_says(staff_client):
    page = BeautifulSoup(staff_client.get("/staff/reports/sector/").content, "html.parser")
    for table in ("sector-areas", "sector-questions"):
        heads = [th.get_text(" ", strip=True) for th in page.select(f"#{table} thead th")]
        for row in page.select(f"#{table} tbody tr"):
            labels = [td.select_one(".table__label").get_text() for td in row.select("td")]
            assert labels == heads[1:], (table, labels)
    heads = [th.get_text(strip=True) for th in page.select("#sector-over-time thead th")]
    row = page.select_one("#sector-over-time tbody tr")
    assert [td.select_one(".table__label").get_text() for td in row.select("td")] == heads[1:]


def test_over_time_each_organisation_counts_by_its_latest_assessment_by_then(staff_client):
    page = BeautifulSoup(staff_client.get("/staff/reports/sector/").content, "html.parser")
    over_time = _rows(page, "sector-over-time")
    # A year, six and three months ago only 마포's first assessment existed; now both count.
    assert over_time["인프라·보안"] == ["1 / 1", "1 / 1", "1 / 1", "0 / 2"]
    assert over_time["협업·소통 도구"] == ["0 / 1", "0 / 1", "0 / 1", "0 / 2"]
    assert over_time["위험: 개인정보 처리방침 없음"] == ["1 / 1", "1 / 1", "1 / 1", "0 / 2"]
    assert over_time["위험: 백업이 없음"] == ["1 / 1", "1 / 1", "1 / 1", "1 / 2"]


def test_the_exports_hold_the_same_figures(staff_client):
    text = staff_client.get("/staff/reports/sector.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["기준일", "종류", "이름"] and rows[0][-1] == "단체"
    now = rows[1][0]
    areas = {row[2]: row[3:] for row in rows if row[0] == now and row[1] == "영역"}
    assert areas == AREAS_NOW
    risks = {row[2]: row[-1] for row in rows if row[0] == now and row[1] == "위험 신호"}
    assert risks == {"공용 비밀번호 사용": "1", "백업이 없음": "1"}
    xlsx = staff_client.get("/staff/reports/sector.xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert len(list(book.active.iter_rows())) == len(rows)


def test_only_staff_see_the_sector(demo_school, client):
    client.force_login(get_user_model().objects.get(username="activist1"))
    assert client.get("/staff/reports/sector/").status_code == 404
    assert client.get("/staff/reports/sector.csv").status_code == 404


def test_the_impact_page_on_the_demo_warns_that_one_pair_concludes_nothing(staff_client):
    page = BeautifulSoup(staff_client.get("/staff/reports/impact/").content, "html.parser")
    assert "진단 쌍 1개로" in page.select_one("#impact-how").get_text()  # 마포, twice
    assert page.select_one("#impact-warning") is not None


# 마포's stage per area at its first assessment and its latest, counted by hand above
# (a year ago every area but 협업 stood at 1; 협업 at 2).
MAPO_CHANGES = {
    "인프라·보안": 1,
    "협업·소통 도구": 2,
    "웹·온라인 홍보": 1,
    "데이터·회계·행정": 0,
    "프로젝트 관리": 2,
    "법·제도와 개인정보": 1,
}


def test_the_impact_table_on_the_demo_holds_the_changes_of_mapo_counted_by_hand(demo_school):
    found = impact.impact()
    assert found.pairs == 1  # 강원 was assessed once
    changes = {row.name: row.learned.changes + row.other.changes for row in found.areas}
    assert changes == {name: [change] for name, change in MAPO_CHANGES.items()}
    assert all(row.too_few for row in found.areas)
