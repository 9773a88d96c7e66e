"""Training duties as a coordinator keeps them: marking who handles personal data, each
handler's standing on the renewable courses within what they share, and the yearly
training record as PDF and XLSX, each download logged."""

import io
from datetime import timedelta

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from organisations import sharing, training
from organisations.models import MemberExport, Membership, MembershipEvent
from tests.certificates.conftest import complete
from tests.factories import ClassFactory, CoursePageFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

Shares = Membership.Shares


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def duty_course(instructor):
    return CoursePageFactory(
        title="개인정보 보호 교육",
        slug="개인정보-보호-교육",
        instructors=[instructor],
        renewal_months=12,
    )


def _member(organisation, username, name, shares, handles=True):
    person = UserFactory(username=username, name=name)
    membership = Membership.objects.create(
        organisation=organisation, user=person, handles_personal_data=handles
    )
    if shares:
        sharing.choose(membership, shares, actor=person)
    return membership


def _certified(course, person, instructor, *, title="1기"):
    enrolment = EnrolmentFactory(course_class=ClassFactory(course=course, title=title), user=person)
    return complete(enrolment, instructor).certificate


@pytest.fixture
def handlers(organisation, duty_course, instructor, _clock):
    """Four handlers, one in each standing, and a member who shares nothing."""
    valid = _member(organisation, "valid", "가유효", Shares.EVERYTHING)
    expiring = _member(organisation, "expiring", "나임박", Shares.COMPLETIONS)
    expired = _member(organisation, "expired", "다만료", Shares.EVERYTHING)
    missing = _member(organisation, "missing", "라미수", Shares.EVERYTHING)
    hidden = _member(organisation, "hidden", "마비공개", Shares.NOTHING)
    start = timezone.now()
    _clock.move_to(start - timedelta(days=400))
    _certified(duty_course, expired.user, instructor)
    _clock.move_to(start - timedelta(days=350))
    _certified(duty_course, expiring.user, instructor)
    _certified(duty_course, hidden.user, instructor)
    _clock.move_to(start - timedelta(days=30))
    _certified(duty_course, valid.user, instructor)
    _clock.move_to(start)
    return {
        "valid": valid,
        "expiring": expiring,
        "expired": expired,
        "missing": missing,
        "hidden": hidden,
    }


def _row(page: str, membership) -> str:
    start = page.index(f'id="member-{membership.pk}"')
    return page[start : page.index("</tr>", start)]


def test_each_handler_shows_their_standing_within_what_they_share(
    client, coordinator, organisation, handlers
):
    client.force_login(coordinator)
    page = client.get(reverse("organisations:training", args=[organisation.pk])).content.decode()
    assert "duty--valid" in _row(page, handlers["valid"])
    assert "duty--expiring" in _row(page, handlers["expiring"])
    assert "duty--expired" in _row(page, handlers["expired"])
    assert "duty--missing" in _row(page, handlers["missing"])
    # Shares nothing: their certificate stays theirs.
    hidden = _row(page, handlers["hidden"])
    assert "duty--not-shared" in hidden and "duty--valid" not in hidden
    assert "duty--expiring" not in hidden
    assert "유효 1, 30일 안에 만료 1, 만료 1, 미이수 1" in page


def test_only_coordinators_mark_handlers_and_each_change_is_kept(
    client, coordinator, member, organisation, staff
):
    membership = Membership.objects.get(organisation=organisation, user=member)
    url = reverse("organisations:mark_handler", args=[organisation.pk, membership.pk])
    for outsider in (member, staff):
        client.force_login(outsider)
        assert client.post(url, {"handles": "1"}).status_code == 404
    membership.refresh_from_db()
    assert not membership.handles_personal_data

    client.force_login(coordinator)
    response = client.post(url, {"handles": "1"}, follow=True)
    assert "개인정보취급자로 표시했습니다" in response.content.decode()
    client.post(url, {"handles": "1"})  # pressed twice: one change
    client.post(url, {"handles": "0"})
    membership.refresh_from_db()
    assert not membership.handles_personal_data
    events = MembershipEvent.objects.filter(organisation=organisation, member=member)
    assert list(events.order_by("pk").values_list("action", "actor")) == [
        (MembershipEvent.Action.HANDLER, coordinator.pk),
        (MembershipEvent.Action.NOT_HANDLER, coordinator.pk),
    ]


def test_members_and_strangers_do_not_see_the_duties(client, member, organisation, other_student):
    url = reverse("organisations:training", args=[organisation.pk])
    for person in (member, other_student):
        client.force_login(person)
        assert client.get(url).status_code == 404


def _expected(organisation, year):
    """The record by another road: valid certificates of members who share completions."""
    sharing_members = [
        m.user_id
        for m in organisation.memberships.all()
        if m.shares in (Shares.EVERYTHING, Shares.COMPLETIONS)
    ]
    return sorted(
        (c.holder_name, c.course_title, c.display_code)
        for c in Certificate.objects.filter(
            revoked_at__isnull=True, enrolment__user__in=sharing_members, ends_on__year=year
        )
    )


def test_the_yearly_record_lists_what_members_share_in_xlsx_and_pdf_and_is_logged(
    client, coordinator, organisation, handlers
):
    client.force_login(coordinator)
    year = Certificate.objects.get(enrolment__user=handlers["expiring"].user).ends_on.year
    expected = _expected(organisation, year)
    assert expected and "마비공개" not in {name for name, *_rest in expected}

    response = client.get(
        reverse("organisations:training_record", args=[organisation.pk, year, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("이름", "과정") and "수료증 번호" in rows[0]
    number = rows[0].index("수료증 번호")
    assert sorted((row[0], row[1], row[number]) for row in rows[1:]) == expected

    response = client.get(
        reverse("organisations:training_record", args=[organisation.pk, year, "pdf"])
    )
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert f"{year}" in text and organisation.name in " ".join(text.split())
    for name, _course, code in expected:
        assert name in text and code in text
    assert "마비공개" not in text

    logged = MemberExport.objects.filter(organisation=organisation, user=coordinator)
    assert sorted(logged.values_list("report", "file_format", "rows")) == [
        ("training", "pdf", len(expected)),
        ("training", "xlsx", len(expected)),
    ]


def test_the_duties_page_reads_in_a_fixed_number_of_queries(
    client,
    coordinator,
    organisation,
    handlers,
    django_assert_max_num_queries,
    duty_course,
    instructor,
):
    client.force_login(coordinator)
    url = reverse("organisations:training", args=[organisation.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(5):
        extra = _member(organisation, f"more{n}", f"추가{n}", Shares.EVERYTHING)
        _certified(duty_course, extra.user, instructor, title=f"추가 {n}기")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_record_pdf_never_splits_a_certificate_number_even_the_widest(
    coordinator, organisation
):
    widest = "WWWWWW-WWWWWW-WWWWWW"
    day = timezone.localdate()
    found = training.Record(
        day.year,
        [
            training.Trained(
                "가나다", "개인정보 보호 교육", "법·제도", "1기", day, day, 6, widest, day, None
            )
        ],
        members=1,
        sharing=1,
    )
    text = pypdf.PdfReader(io.BytesIO(training.as_pdf(organisation, found))).pages[0]
    assert widest in text.extract_text()
