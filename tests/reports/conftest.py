"""A small school's first half of 2025: two tracks, organisations of different grades."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from certificates import services as certificates
from certificates.models import Certificate
from courses.models import Class, Session
from enrolment import attendance
from enrolment.models import CompletionRule, Enrolment
from organisations.models import Assessment, Membership, Organisation, Questionnaire
from tests.factories import (
    ClassFactory,
    CoursePageFactory,
    EnrolmentFactory,
    TrackFactory,
    UserFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")


def at(month, day, hour=19):
    return datetime(2025, month, day, hour, tzinfo=SEOUL)


@dataclass
class Scenario:
    tech: object
    law: object
    people: dict


def _class(course, *session_days, status=Class.Status.CLOSED, cancelled_days=()):
    class_ = ClassFactory(
        course=course,
        status=status,
        sessions=0,
        enrolment_opens_at=at(1, 1) - timedelta(days=60),
        enrolment_closes_at=at(1, 1) - timedelta(days=1),
    )
    for (month, day), state in [(d, Session.Status.SCHEDULED) for d in session_days] + [
        (d, Session.Status.CANCELLED) for d in cancelled_days
    ]:
        Session.objects.create(
            course_class=class_,
            starts_at=at(month, day),
            ends_at=at(month, day, 21),
            status=state,
        )
    return class_


def _seat(user, class_, **kwargs):
    enrolment = EnrolmentFactory(user=user, course_class=class_, **kwargs)
    # Enrolled well before the first session, as people do.
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=at(1, 1) - timedelta(days=30))
    enrolment.refresh_from_db()
    return enrolment


def _assessed(organisation, by, grade, when):
    questionnaire = Questionnaire.objects.first()
    if questionnaire is None:
        questionnaire = Questionnaire(title="진단", live=False)
        questionnaire.save()
        questionnaire.save_revision().publish()
    Assessment.objects.create(
        organisation=organisation,
        revision=questionnaire.latest_revision,
        started_by=by,
        status=Assessment.Status.SCORED,
        scored_at=when,
        grade=grade,
    )


def _mark(class_, marks, actor):
    sessions = list(class_.sessions.filter(status=Session.Status.SCHEDULED).order_by("starts_at"))
    for enrolment, statuses in marks:
        for session, status in zip(sessions, statuses, strict=True):
            attendance.mark(session, enrolment, status, actor=actor)


def _completed(enrolment, when, issued):
    """Move a completion, and the certificate it earned, to when they happened."""
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=when)
    Certificate.objects.filter(enrolment=enrolment).update(issued_at=issued)
    return Certificate.objects.get(enrolment=enrolment)


@pytest.fixture
def scenario(db, staff, instructor):
    """Who is where (grades: 마포 1 until 15 March, then 3; 강원 2 from 10 January):

    p1 마포, p2 강원, p3 마포 and 강원, p4 no organisation, p5 새 모임 (never assessed).
    기술 C1 (20 Jan, 3 Feb): p1, p2, p3, p5 waitlisted; 법·제도 C2 (17 Feb, 17 Mar), late
    not counted: p3, p4; 기술 C3 (7 Apr, 14 Apr cancelled): p4, p5. A cancelled class in
    May and a draft class in June hold seats that never count.
    """
    tech = TrackFactory(name="기술", slug="tech", sort_order=0, color="#2f6f8f")
    law = TrackFactory(name="법·제도", slug="law", sort_order=1, color="#6b3d7a")
    cloud = CoursePageFactory(title="클라우드 협업", track=tech)
    privacy = CoursePageFactory(title="개인정보보호법", track=law)
    CompletionRule.objects.create(course=privacy, late_counts_as_present=False)
    p = {n: UserFactory(username=f"p{n}", name=f"학습자{n}") for n in range(1, 6)}
    mapo = Organisation.objects.create(name="마포 모임")
    gangwon = Organisation.objects.create(name="강원 네트워크")
    new = Organisation.objects.create(name="새 모임")
    for organisation, people in [(mapo, [1, 3]), (gangwon, [2, 3]), (new, [5])]:
        for n in people:
            Membership.objects.create(organisation=organisation, user=p[n])
    _assessed(mapo, p[1], 1, datetime(2024, 12, 1, tzinfo=SEOUL))
    _assessed(mapo, p[1], 3, at(3, 15, 12))
    _assessed(gangwon, p[2], 2, at(1, 10, 12))

    c1 = _class(cloud, (1, 20), (2, 3))
    c2 = _class(privacy, (2, 17), (3, 17))
    c3 = _class(cloud, (4, 7), cancelled_days=[(4, 14)])
    gone = _class(cloud, (5, 12), status=Class.Status.CANCELLED)
    draft = _class(privacy, (6, 9), status=Class.Status.DRAFT)

    e1, e2, e3 = (_seat(p[n], c1) for n in (1, 2, 3))
    _seat(p[5], c1, status=Enrolment.Status.WAITLISTED, waitlist_rank=1)
    f3, f4 = _seat(p[3], c2), _seat(p[4], c2)
    _seat(p[4], c3), _seat(p[5], c3)
    _seat(p[1], gone), _seat(p[1], draft)

    _mark(
        c1,
        [(e1, ["present", "present"]), (e2, ["late", "excused"]), (e3, ["absent", "absent"])],
        instructor,
    )
    _mark(c2, [(f3, ["present", "present"]), (f4, ["present", "late"])], instructor)
    assert [
        e.completed_at is not None
        for e in Enrolment.objects.filter(pk__in=[e1.pk, e2.pk, e3.pk, f3.pk, f4.pk]).order_by("pk")
    ] == [True, True, False, True, False]

    _completed(e1, at(2, 3, 21), at(2, 4, 10))
    revoked = _completed(e2, at(2, 3, 21), at(2, 4, 10))
    certificates.revoke(revoked, actor=staff, reason="잘못 발급")
    _completed(f3, at(3, 17, 21), at(3, 18, 10))
    return Scenario(tech=tech, law=law, people=p)
