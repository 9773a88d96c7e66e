"""What a school has once classes have run, for the page checks: a class that ended with its
survey open and answered by three, a completed enrolment with its certificate and a shared
record, and a seat held for someone in a full class."""

from datetime import timedelta

from django.utils import timezone

from certificates import record
from certificates import services as certificates
from courses.models import Session
from enrolment import feedback
from enrolment import services as enrolment
from tests.factories import ClassFactory, EnrolmentFactory, UserFactory


def after_class(course, *, learner, instructor) -> dict[str, str]:
    """Make it, and return the pages it adds by name: the learner's survey, record and seat
    offer, the instructor's answers, and staff's reports."""
    now = timezone.now()
    ended = ClassFactory(course=course, sessions=0, title="2027 겨울 특강")
    ended.instructors.add(instructor)
    start = now - timedelta(days=1, hours=3)
    Session.objects.create(course_class=ended, starts_at=start, ends_at=start + timedelta(hours=2))
    mine = EnrolmentFactory(course_class=ended, user=learner, completed_at=now)
    certificates.issue_certificate(mine)
    record.make_link(learner)
    for helped in ("실습 위주라 바로 써먹을 수 있었어요", "백업 설정을 단체 컴퓨터에 했습니다", ""):
        answered = EnrolmentFactory(course_class=ended)
        feedback.answer(
            answered, rating=4, helped=helped, change="자료를 미리 받고 싶어요", now=now
        )

    full = ClassFactory(course=course, capacity=1, offers_seats=True, title="2027 봄 심화반")
    seated = enrolment.enrol(UserFactory(), full, now=now)
    waiting = enrolment.enrol(learner, full, now=now)
    enrolment.cancel(seated, now=now)  # the seat is held for the learner, who waited first
    return {
        "survey": f"/learning/feedback/{mine.pk}/",
        "answers": f"/learning/classes/{ended.pk}/feedback/",
        "offer": f"/learning/offers/{waiting.pk}/",
        "sector": "/staff/reports/sector/",
        "impact": "/staff/reports/impact/",
        "survey-report": "/staff/reports/feedback/",
        "record": "/certificates/record/",
    }
