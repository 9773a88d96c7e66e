"""Does learning move the grade? Against seven organisations assessed twice whose changes
are known by construction:

- 백업 (area A) is what course X aims at. In 마을1–5 a member completed X between the two
  assessments; their stage in A went +1, +1, +1, 0, +2 (mean +1.00). In 마을6–7 nobody did:
  +1 and 0 (mean +0.50) — two pairs, too few to conclude anything.
- Area B, which no course completed aims at: +0 in all seven.
- A completion before the first assessment or after the second does not count.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from organisations.models import Assessment, Membership, Organisation, Questionnaire
from reports import impact
from tests.factories import (
    CapabilityAreaFactory,
    ClassFactory,
    CoursePageFactory,
    EnrolmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGES_A = [1, 1, 1, 0, 2, 1, 0]  # 마을1 … 마을7
LEARNED = 5  # the first five completed the course in between


@pytest.fixture
def sector(questionnaire_revision):
    now = timezone.now()
    a = CapabilityAreaFactory(name="백업", slug="a", sort_order=0)
    b = CapabilityAreaFactory(name="협업", slug="b", sort_order=1)
    course = CoursePageFactory(title="백업 실천", areas=[a])
    class_ = ClassFactory(course=course)
    first, second = now - timedelta(days=300), now - timedelta(days=10)
    for n, change in enumerate(CHANGES_A, start=1):
        organisation = Organisation.objects.create(name=f"마을{n}")
        member = UserFactory()
        Membership.objects.create(organisation=organisation, user=member)
        for when, stage_a in ((first, 1), (second, 1 + change)):
            Assessment.objects.create(
                organisation=organisation,
                revision=questionnaire_revision,
                started_by=member,
                status=Assessment.Status.SCORED,
                scored_at=when,
                grade=1,
                result={
                    "areas": [{"id": a.pk, "stage": stage_a}, {"id": b.pk, "stage": 2}],
                    "risks": [],
                    "stage_names": ["시작", "기초", "활용", "선도"],
                },
            )
        completed = {
            True: now - timedelta(days=100),  # in between
            False: now - timedelta(days=400),  # before the first assessment: not counted
        }[n <= LEARNED]
        EnrolmentFactory(course_class=class_, user=member, completed_at=completed)
    return a, b, course


@pytest.fixture
def questionnaire_revision(db):
    questionnaire = Questionnaire(title="진단", live=False, questions=[])
    questionnaire.save()
    return questionnaire.save_revision()


def test_the_table_matches_the_changes_made_by_construction(sector):
    found = impact.impact()
    assert found.pairs == 7
    area_a, area_b = found.areas
    assert (area_a.name, area_a.learned.changes, area_a.learned.mean) == (
        "백업",
        [1, 1, 1, 0, 2],
        1.0,
    )
    assert (area_a.other.changes, area_a.other.mean) == ([1, 0], 0.5)
    assert area_a.too_few  # two pairs without the course
    assert (area_b.learned.pairs, area_b.other.pairs, area_b.other.mean) == (0, 7, 0.0)
    (course_row,) = found.courses
    assert (course_row.name, course_row.learned.mean, course_row.other.mean) == (
        "백업 실천",
        1.0,
        0.5,
    )


def test_the_page_says_how_it_counts_and_warns_when_groups_are_small(client, staff, sector):
    client.force_login(staff)
    page = BeautifulSoup(client.get("/staff/reports/impact/").content, "html.parser")
    assert "7" in page.select_one("#impact-how").get_text()
    assert page.select_one("#impact-warning") is not None
    row = page.select_one("#impact-areas tbody tr")
    labels = [label.extract().get_text() for label in row.select(".table__label")]
    assert labels == [
        "수료 있음: 쌍",
        "수료 있음: 평균 변화",
        "수료 없음: 쌍",
        "수료 없음: 평균 변화",
    ]
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells == ["5", "+1.00", "2", "+0.50"]
    assert "너무 적음" in row.th.get_text()


def test_only_staff_see_it(client, sector):
    client.force_login(UserFactory())
    assert client.get("/staff/reports/impact/").status_code == 404
