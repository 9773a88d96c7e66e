"""Demo classes in every state: open, full with a waitlist and a seat offered from it,
draft, new open classes of the courses the demo organisations' plans recommend, one the
activists finished (with their certificates), one running today (a roll call to take,
a code to check in with) and an online talk an hour after loading (its reminder arrives)."""

from datetime import timedelta

from django.utils import timezone

from courses.models import Class, Session
from demo.history import enrolment_as_it_happened, held_class, offer_made, past_learners

# (course slug, class title, state); dates are set relative to the day of loading.
DEMO_CLASSES = [
    ("개인정보보호법-기초", "3기", "open"),
    ("클라우드-협업-도구-입문", "2기", "full"),
    ("프로젝트-관리-입문", "1기", "open"),
    ("단체-홈페이지-운영", "1기", "draft"),
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
    return (
        created
        + _finished_by_the_activists(courses, activists)
        + _running(courses, activists)
        + _starting_soon(courses, activists, staff)
    )


# The activists' own finished class: activist1 and activist2 complete it (a late arrival
# still counts), activist3 missed two of four sessions and does not.
ACTIVISTS_MARKS = [
    ["present", "present", "present", "present"],
    ["present", "late", "present", "present"],
    ["present", "absent", "absent", "present"],
]


def _finished_by_the_activists(courses, activists) -> int:
    course = courses.get("클라우드-협업-도구-입문")
    if course is None or Class.objects.filter(course=course, title="1기").exists():
        return 0
    first = _at_seven_pm(timezone.localtime() - timedelta(days=70))
    starts = [first + timedelta(weeks=week) for week in range(4)]
    held_class(course, "1기", starts, activists, lambda n, week: ACTIVISTS_MARKS[n][week])
    return 1


def _running(courses, activists) -> int:
    """A class met twice already and meets again today: instructor1 and instructor4 teach
    it, activist1 can check in, and last week's roll call still lacks one mark."""
    course = courses.get("활동가를-위한-데이터-시각화")
    if course is None or Class.objects.filter(course=course, title="2기").exists():
        return 0
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    # Begun half an hour ago, but on today's date even just after midnight.
    today = max(midnight, (now - timedelta(minutes=30)).replace(second=0, microsecond=0))
    today -= timedelta(minutes=today.minute % 10)
    starts = [today + timedelta(weeks=week) for week in (-2, -1, 0, 1)]
    learners = past_learners()
    people = [activists[0], activists[2], learners[0], learners[1], learners[7]]

    def marks(n, week):
        if week == 0:
            return "late" if n == 3 else "present"
        if week == 1 and n < len(people) - 1:  # nobody marked the last person yet
            return "absent" if n == 2 else "present"
        return None

    held_class(
        course,
        "2기",
        starts,
        people,
        marks,
        format=Class.Format.HYBRID,
        online_url="https://meet.example.org/activist-it-school",
        note="지난 시간 실습 파일을 열어 두세요.",
    )
    return 1


def _starting_soon(courses, activists, staff) -> int:
    """An online talk an hour from loading, with activist1 and activist2 in it: the first
    run of the notices sweep (every minute under `make run`) reminds them, with the link.
    Its course asks for nothing first, so whoever cancels may enrol again."""
    course = courses.get("클라우드-협업-도구-입문")
    if course is None or Class.objects.filter(course=course, title="온라인 특강").exists():
        return 0
    now = timezone.localtime().replace(second=0, microsecond=0)
    starts = now + timedelta(minutes=65 - now.minute % 5)  # on the five minutes, 61–65 away
    class_ = Class.objects.create(
        course=course,
        title="온라인 특강",
        capacity=30,
        status=Class.Status.OPEN,
        enrolment_opens_at=starts - timedelta(days=7),
        enrolment_closes_at=starts,
        format=Class.Format.ONLINE,
        online_url="https://meet.example.org/backup-talk",
        note="공유 드라이브 백업 점검표를 미리 훑어보고 오세요.",
    )
    class_.instructors.set(course.instructors.all())
    Session.objects.create(
        course_class=class_,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        topic="우리 단체 백업, 10분 점검",
    )
    for person in activists[:2]:
        enrolment_as_it_happened(class_, person, staff, now - timedelta(days=2))
    return 1


def _at_seven_pm(moment):
    return moment.replace(hour=19, minute=0, second=0, microsecond=0)


def _class(course, title, state) -> Class:
    first_session = _at_seven_pm(timezone.localtime() + timedelta(days=14))
    class_ = Class.objects.create(
        course=course,
        title=title,
        capacity=2 if state == "full" else 20,
        offers_seats=state == "full",
        status=Class.Status.DRAFT if state == "draft" else Class.Status.OPEN,
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
    if state == "full":
        return _full_with_an_offer(class_, activists, staff)
    when = class_.enrolment_opens_at + timedelta(days=1)
    enrolment_as_it_happened(class_, activists[0], staff, when)


def _full_with_an_offer(class_, activists, staff) -> None:
    """The full class offers freed seats: a learner and activist1 took its two seats,
    activist2 and activist3 queued; two hours ago the learner cancelled, so the seat is
    held for activist2 (told, unread) and activist3 is first in line."""
    when = class_.enrolment_opens_at + timedelta(days=1)
    people = [past_learners()[2], *activists]
    # Enrolled as it happened, inside the enrolment window; past capacity, in line.
    enrolments = []
    for n, person in enumerate(people):
        rank = n - class_.capacity + 1 if n >= class_.capacity else None
        enrolments.append(enrolment_as_it_happened(class_, person, staff, when, waitlist_rank=rank))
    offer_made(enrolments[0], enrolments[2], timezone.now() - timedelta(hours=2))
