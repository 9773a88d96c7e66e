"""Demo classes in every state: open, full with a waitlist, past (completed) and draft, and
new open classes of the courses the demo organisations' plans recommend."""

from datetime import timedelta

from django.utils import timezone

from courses.models import Class, Session
from enrolment import services

# (course slug, class title, state); dates are set relative to the day of loading.
DEMO_CLASSES = [
    ("개인정보보호법-기초", "3기", "open"),
    ("클라우드-협업-도구-입문", "2기", "full"),
    ("프로젝트-관리-입문", "1기", "open"),
    ("단체-홈페이지-운영", "1기", "draft"),
    ("클라우드-협업-도구-입문", "1기", "past"),
    ("백업과-복구-실천", "1기", "new"),
    ("비영리-회계와-스프레드시트", "1기", "new"),
    ("단체-정보보안-기본-점검", "2기", "new"),
]


def load_classes(courses: dict, activists: list, staff) -> int:
    """Create the demo classes that do not exist yet; return how many were made."""
    created = 0
    for slug, title, state in DEMO_CLASSES:
        course = courses.get(slug)
        if course is None or Class.objects.filter(course=course, title=title).exists():
            continue
        class_ = _class(course, title, state)
        _enrol(class_, state, activists, staff)
        created += 1
    return created


def _class(course, title, state) -> Class:
    now = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0)
    first_session = now + (timedelta(days=-70) if state == "past" else timedelta(days=14))
    class_ = Class.objects.create(
        course=course,
        title=title,
        capacity=2 if state == "full" else 20,
        status={"draft": Class.Status.DRAFT, "past": Class.Status.CLOSED}.get(
            state, Class.Status.OPEN
        ),
        enrolment_opens_at=first_session - timedelta(days=21),
        enrolment_closes_at=first_session - timedelta(days=1),
        format=Class.Format.HYBRID if state in ("open", "new") else Class.Format.OFFLINE,
        place="공동체IT 교육장 (서울 마포구)",
        online_url="https://meet.example.org/activist-it-school"
        if state in ("open", "new")
        else "",
        note="노트북을 가져오세요. 대면 수업 뒤 온라인 다시보기를 드립니다."
        if state == "open"
        else "",
    )
    class_.instructors.set(course.instructors.all())
    lessons = list(course.live_lessons())
    for week in range(4):
        starts = first_session + timedelta(weeks=week)
        Session.objects.create(
            course_class=class_,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            topic=lessons[week].title if week < len(lessons) else f"{week + 1}차시 실습",
            lesson=lessons[week] if week < len(lessons) else None,
        )
    return class_


def _enrol(class_, state, activists, staff) -> None:
    if state in ("draft", "new"):
        return
    people = activists if state in ("full", "past") else activists[:1]
    # Enrol as it happened: inside the enrolment window.
    when = class_.enrolment_opens_at + timedelta(days=1)
    for person in people:
        services.enrol(person, class_, actor=staff, staff_override=True, reason="데모", now=when)
    if state == "past":
        class_.enrolments.filter(status="enrolled").update(
            completed_at=class_.sessions.order_by("-ends_at").first().ends_at
        )
