"""A year of finished classes, with roll calls, completions and certificates, so the staff
reports have months to compare: learners of the demo organisations, and some of none."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Class, Session
from enrolment import completion
from enrolment.models import Attendance, AttendanceEvent, Enrolment, EnrolmentEvent
from organisations.models import Membership, Organisation

# Past learners have no login; (username, name, organisation or None).
LEARNERS = [
    ("learner1", "김하늘", "마포 청소년 인권 모임"),
    ("learner2", "박새롬", "마포 청소년 인권 모임"),
    ("learner3", "윤가람", "강원 기후 행동 네트워크"),
    ("learner4", "장보라", "강원 기후 행동 네트워크"),
    ("learner5", "조은비", "강원 기후 행동 네트워크"),
    ("learner6", "한결", None),
    ("learner7", "서지우", None),
    ("learner8", "문채원", "마포 청소년 인권 모임"),
]
# (course slug, class title, weeks before loading of the first of four weekly sessions)
FINISHED = [
    ("개인정보보호법-기초", "1기", 46),
    ("단체-정보보안-기본-점검", "1기", 40),
    ("프로젝트-관리-입문", "시범반", 34),
    ("개인정보보호법-기초", "2기", 27),
    ("비영리-회계와-스프레드시트", "시범반", 22),
    ("저작권과-오픈-라이선스", "1기", 16),
    ("활동가를-위한-데이터-시각화", "1기", 11),
    ("소셜미디어-캠페인-기획", "1기", 7),
]
# Marks go round this list, so some people miss too much to complete.
MARKS = "present present late present absent present excused present present".split()


def load_history(courses: dict) -> int:
    """Create the finished classes that do not exist yet; return how many were made."""
    learners = _learners()
    created = 0
    for number, (slug, title, weeks) in enumerate(FINISHED):
        course = courses.get(slug)
        if course is None or Class.objects.filter(course=course, title=title).exists():
            continue
        _finished_class(course, title, weeks, learners[number % 3 :][:5] + learners[:1])
        created += 1
    return created


def _learners() -> list:
    people = []
    for username, name, organisation in LEARNERS:
        person, created = get_user_model().objects.get_or_create(
            username=username, defaults={"name": name, "email": f"{username}@example.org"}
        )
        if created:
            person.set_unusable_password()
            person.save()
        if organisation:
            Membership.objects.get_or_create(
                organisation=Organisation.objects.get(name=organisation), user=person
            )
        people.append(person)
    return people


def _finished_class(course, title, weeks, people) -> None:
    now = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0)
    first = now - timedelta(weeks=weeks)
    class_ = Class.objects.create(
        course=course,
        title=title,
        capacity=20,
        status=Class.Status.CLOSED,
        enrolment_opens_at=first - timedelta(days=21),
        enrolment_closes_at=first - timedelta(days=1),
        place="공동체IT 교육장 (서울 마포구)",
    )
    instructor = course.instructors.first()
    class_.instructors.set(course.instructors.all())
    sessions = [
        Session.objects.create(
            course_class=class_,
            starts_at=first + timedelta(weeks=week),
            ends_at=first + timedelta(weeks=week, hours=2),
            topic=f"{week + 1}차시",
        )
        for week in range(4)
    ]
    enrolled = first - timedelta(days=10)
    enrolments = []
    for person in dict.fromkeys(people):
        enrolment = Enrolment.objects.create(
            user=person, course_class=class_, status=Enrolment.Status.ENROLLED
        )
        event = EnrolmentEvent.objects.create(
            enrolment=enrolment, to_status=Enrolment.Status.ENROLLED, actor=instructor
        )
        # Enrolled as it happened, before the first session, so every session counts.
        Enrolment.objects.filter(pk=enrolment.pk).update(created_at=enrolled)
        EnrolmentEvent.objects.filter(pk=event.pk).update(created_at=enrolled)
        enrolments.append(enrolment)
    for n, enrolment in enumerate(enrolments):
        for week, session in enumerate(sessions):
            status = MARKS[(n * 3 + week + weeks) % len(MARKS)]
            mark = Attendance.objects.create(
                enrolment=enrolment, session=session, status=status, marked_by=instructor
            )
            AttendanceEvent.objects.create(attendance=mark, to_status=status, actor=instructor)
    last = sessions[-1].ends_at
    for enrolment in enrolments:
        # The completion rule decides, and a certificate follows; both on the last day.
        if completion.refresh(enrolment).is_complete:
            Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=last)
            Certificate.objects.filter(enrolment=enrolment).update(
                issued_at=last + timedelta(days=2)
            )
