from datetime import timedelta

import pytest

from courses.models import Class, Session
from enrolment import services
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import NOW, ClassFactory, CoursePageFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EnrolmentStatus = Enrolment.Status


def enrol(user, class_, **kwargs):
    return services.enrol(user, class_, now=kwargs.pop("now", NOW), **kwargs)


def test_enrol_takes_a_seat_while_seats_are_left(student):
    class_ = ClassFactory(capacity=2)
    assert enrol(student, class_).status == EnrolmentStatus.ENROLLED
    assert services.seats_left(class_) == 1


def test_enrol_waitlists_in_order_when_the_class_is_full(student, other_student):
    class_ = ClassFactory(capacity=1)
    EnrolmentFactory(course_class=class_)
    first = enrol(student, class_)
    second = enrol(other_student, class_)
    assert (first.status, second.status) == (EnrolmentStatus.WAITLISTED, EnrolmentStatus.WAITLISTED)
    assert [services.waitlist_position(e) for e in (first, second)] == [1, 2]


def test_enrolling_twice_changes_nothing(student):
    class_ = ClassFactory()
    first = enrol(student, class_)
    again = enrol(student, class_)
    assert again.pk == first.pk
    assert Enrolment.objects.count() == 1
    assert EnrolmentEvent.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"status": Class.Status.DRAFT}, "아직 신청을 받지 않는"),
        ({"status": Class.Status.CANCELLED}, "취소된"),
        ({"status": Class.Status.CLOSED}, "마감"),
        ({"enrolment_opens_at": NOW + timedelta(days=1)}, "신청은"),
        (
            {
                "enrolment_closes_at": NOW - timedelta(minutes=1),
                "enrolment_opens_at": NOW - timedelta(days=9),
            },
            "신청 기간이 끝났습니다",
        ),
    ],
)
def test_enrol_is_refused_with_a_korean_message_and_writes_nothing(student, changes, message):
    class_ = ClassFactory(**changes)
    with pytest.raises(services.EnrolmentClosed) as refusal:
        enrol(student, class_)
    assert message in refusal.value.message
    assert not Enrolment.objects.exists()
    assert not EnrolmentEvent.objects.exists()


def test_enrol_in_a_finished_class_is_refused(student):
    class_ = ClassFactory(enrolment_closes_at=NOW + timedelta(days=400))
    with pytest.raises(services.EnrolmentClosed) as refusal:
        enrol(student, class_, now=NOW + timedelta(days=60))
    assert "이미 끝난" in refusal.value.message


def test_missing_prerequisites_are_listed_by_name_and_staff_can_override(student, staff):
    basics = CoursePageFactory(title="개인정보보호법 기초")
    advanced = CoursePageFactory(title="개인정보 영향평가", publish=False)
    advanced.prerequisites = [basics]
    advanced.save_revision().publish()
    class_ = ClassFactory(course=advanced)
    with pytest.raises(services.PrerequisitesMissing) as refusal:
        enrol(student, class_)
    assert "개인정보보호법 기초" in refusal.value.message
    enrolment = enrol(student, class_, actor=staff, staff_override=True, reason="경력 인정")
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.events.get().actor == staff


def test_completed_prerequisite_lets_the_person_enrol(student):
    basics = CoursePageFactory(title="기초")
    EnrolmentFactory(user=student, course_class=ClassFactory(course=basics), completed_at=NOW)
    advanced = CoursePageFactory(title="심화", publish=False)
    advanced.prerequisites = [basics]
    advanced.save_revision().publish()
    assert enrol(student, ClassFactory(course=advanced)).status == EnrolmentStatus.ENROLLED


def test_cancelling_frees_the_seat_for_the_first_person_waiting(student, other_student):
    class_ = ClassFactory(capacity=1)
    seated = enrol(UserFactory(), class_)
    first = enrol(student, class_)
    second = enrol(other_student, class_)
    services.cancel(seated, reason="일정이 겹침", now=NOW)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnrolmentStatus.ENROLLED
    assert services.waitlist_position(second) == 1
    assert first.events.last().reason == "자리가 나서 대기에서 수강으로 바뀌었습니다."


def test_no_promotion_once_the_class_has_started(student, other_student):
    class_ = ClassFactory(capacity=1)
    seated = enrol(student, class_)
    waiting = enrol(other_student, class_)
    first_session = class_.sessions.first()
    services.cancel(seated, now=first_session.starts_at + timedelta(minutes=5))
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.WAITLISTED


def test_re_enrolling_after_cancelling_reuses_the_row_and_keeps_history(student):
    class_ = ClassFactory()
    enrolment = enrol(student, class_)
    services.cancel(enrolment, now=NOW)
    again = enrol(student, class_)
    assert again.pk == enrolment.pk and again.status == EnrolmentStatus.ENROLLED
    assert list(again.events.values_list("from_status", "to_status")) == [
        ("", "enrolled"),
        ("enrolled", "cancelled"),
        ("cancelled", "enrolled"),
    ]


def test_staff_move_someone_up_the_waitlist_with_a_reason(staff):
    class_ = ClassFactory(capacity=1)
    EnrolmentFactory(course_class=class_)
    a, b, c = (enrol(UserFactory(), class_) for _ in range(3))
    services.move_up(c, actor=staff, reason="단체 대표 우선")
    order = [
        e.user_id
        for e in class_.enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by(
            "waitlist_rank"
        )
    ]
    assert order == [a.user_id, c.user_id, b.user_id]
    assert c.events.last().actor == staff


def test_cancelled_sessions_do_not_count_toward_the_schedule(student):
    class_ = ClassFactory(capacity=1, sessions=2)
    last = class_.sessions.last()
    last.status = Session.Status.CANCELLED
    last.save()
    first = class_.sessions.first()
    with pytest.raises(services.EnrolmentClosed):
        enrol(student, class_, now=first.ends_at + timedelta(minutes=1))
