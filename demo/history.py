"""Classes that have already met, dated back from the day of loading and recorded as they
happened: people enrolled before the first session, marked at each session, complete
when the course's rule says so, with a certificate a few days after the last session.

A year of finished classes gives the staff reports months to compare. Each is held within
one calendar month (on the 5th, 12th, 19th and 26th), so every month's figures are the
same whatever day the demo is loaded.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from certificates import duties
from certificates.models import Certificate, TrackCertificate
from certificates.notices import CERTIFICATE_ISSUED, track_key
from certificates.notices import key as certificate_key
from courses.models import Class, Session
from enrolment import completion, notifications, services
from enrolment.models import Attendance, AttendanceEvent, Enrolment, EnrolmentEvent
from organisations import services as organisation_services
from organisations import sharing
from organisations.models import Membership, Organisation
from outbox import notices

# Past learners have no login; (username, name, organisation or None).
LEARNERS = [
    ("learner1", "김나래", "마포 청소년 인권 모임"),
    ("learner2", "박새롬", "마포 청소년 인권 모임"),
    ("learner3", "윤가람", "강원 기후 행동 네트워크"),
    ("learner4", "장보라", "강원 기후 행동 네트워크"),
    ("learner5", "조은비", "강원 기후 행동 네트워크"),
    ("learner6", "한결", None),
    ("learner7", "서지우", None),
    ("learner8", "문채원", "마포 청소년 인권 모임"),
]
# (course slug, class title, how many months before the month of loading it was held)
FINISHED = [
    ("개인정보보호법-기초", "1기", 10),
    ("단체-정보보안-기본-점검", "1기", 9),
    ("프로젝트-관리-입문", "시범반", 8),
    ("개인정보보호법-기초", "2기", 6),
    ("비영리-회계와-스프레드시트", "시범반", 5),
    ("저작권과-오픈-라이선스", "1기", 4),
    ("활동가를-위한-데이터-시각화", "1기", 3),
    ("소셜미디어-캠페인-기획", "1기", 2),
]
SESSION_DAYS = (5, 12, 19, 26)
# Marks go round this list, so some people miss too much to complete and every class has
# some absence: no month's attendance rate is 0 or 100 %.
MARKS = "present present late present absent present excused present present".split()

# The mark of the n-th person at the week-th session, or None while it waits for a roll call.
Marks = Callable[[int, int], str | None]


# Demo logins who took a finished class too: activist3 then holds the 법·제도 track
# certificate, once the privacy course of load_training_duties is theirs as well.
ALSO_IN = {"저작권과-오픈-라이선스": ["activist3"]}


def _also_in(slug: str) -> list:
    return list(get_user_model().objects.filter(username__in=ALSO_IN.get(slug, [])))


def load_history(courses: dict) -> int:
    """Create the finished classes that do not exist yet; return how many were made."""
    learners = past_learners()
    created = 0
    today = timezone.localtime()
    for number, (slug, title, months_ago) in enumerate(FINISHED):
        course = courses.get(slug)
        if course is None or Class.objects.filter(course=course, title=title).exists():
            continue
        starts = [_day_in_month(today, months_ago, day) for day in SESSION_DAYS]
        people = learners[number % 3 :][:5] + learners[:1] + _also_in(slug)
        held_class(
            course,
            title,
            starts,
            people,
            lambda n, week, number=number: MARKS[(n * 3 + week + number) % len(MARKS)],
        )
        created += 1
    return created


# The yearly privacy training (renewed every 12 months) as 마포 keeps it: activist3 took it
# longer ago than a year and must renew; learner8's year ends in about two weeks, so the
# demo's first sweep reminds them; activist1, the coordinator, has not taken it yet.
PRIVACY_COURSE = "개인정보보호법-기초"
LAPSED_CLASS, LAPSING_CLASS = "정기 교육 1차", "정기 교육 2차"
# 마포's members who handle personal data: the coordinator marked them.
HANDLERS = ["learner1", "learner2", "learner8", "activist1", "activist3"]


def load_training_duties(courses: dict) -> int:
    course = courses.get(PRIVACY_COURSE)
    if course is None or Class.objects.filter(course=course, title=LAPSED_CLASS).exists():
        return 0
    today = timezone.localtime()
    learners = {person.username: person for person in past_learners()}
    lapsed = [_day_in_month(today, 14, day) for day in SESSION_DAYS]
    activist3 = get_user_model().objects.get(username="activist3")
    # Each with someone who missed the first two sessions: no month's attendance is 100 %.
    held_class(course, LAPSED_CLASS, lapsed, [activist3, learners["learner7"]], _one_missed_two)
    # Issued two days after the last session: its year ends about 16 days from now.
    last = today - timedelta(days=365 - 18)
    last = last.replace(hour=19, minute=0, second=0, microsecond=0)
    lapsing = [last - timedelta(weeks=weeks) for weeks in (3, 2, 1, 0)]
    people = [learners["learner8"], learners["learner7"]]
    held_class(course, LAPSING_CLASS, lapsing, people, _one_missed_two)
    _track_certificates_as_they_happened()
    mapo = Organisation.objects.get(name="마포 청소년 인권 모임")
    coordinator = mapo.memberships.filter(role=Membership.Role.COORDINATOR).first().user
    for membership in mapo.memberships.filter(user__username__in=HANDLERS):
        organisation_services.mark_handler(membership, True, actor=coordinator)
    return 2


def _one_missed_two(n: int, week: int) -> str:
    return "present" if n == 0 or week >= 2 else "absent"


def _track_certificates_as_they_happened() -> None:
    """A track was completed when the last of its course certificates was issued, and its
    holder told then: the demo's history is loaded at once, its dates are not today."""
    for track_certificate in TrackCertificate.objects.select_related("user"):
        codes = [course["code"].replace("-", "") for course in track_certificate.courses]
        issued = max(Certificate.objects.filter(code__in=codes).values_list("issued_at", flat=True))
        track_certificate.issued_at = issued
        track_certificate.save(update_fields=["issued_at"])
        notices.told(
            track_certificate.user,
            CERTIFICATE_ISSUED,
            track_key(track_certificate),
            issued,
            template="certificates/email/track_issued",
            context={
                "certificate": track_certificate,
                "mine_url": settings.SITE_URL + reverse("certificates:mine"),
            },
            link=reverse("certificates:mine"),
        )


def past_learners() -> list:
    people = []
    for username, name, organisation in LEARNERS:
        person, created = get_user_model().objects.get_or_create(
            username=username, defaults={"name": name, "email": f"{username}@example.org"}
        )
        if created:
            person.set_unusable_password()
            person.save()
        if organisation:
            membership, created = Membership.objects.get_or_create(
                organisation=Organisation.objects.get(name=organisation), user=person
            )
            if created:  # past learners share everything with their coordinators
                sharing.choose(membership, Membership.Shares.EVERYTHING, actor=person)
        people.append(person)
    return people


def _day_in_month(today: datetime, months_ago: int, day: int) -> datetime:
    index = today.year * 12 + today.month - 1 - months_ago
    return today.replace(
        year=index // 12, month=index % 12 + 1, day=day, hour=19, minute=0, second=0, microsecond=0
    )


def held_class(
    course, title: str, starts: list[datetime], people: list, marks: Marks, **fields
) -> Class:
    """A class whose sessions begin at `starts` (two hours each), with `people` enrolled
    ten days before the first, marked by `marks` at every session that has ended, and
    complete (with a certificate) once their marks meet the course's rule."""
    now = timezone.now()
    first = starts[0]
    status = Class.Status.CLOSED if starts[-1] < now else Class.Status.OPEN
    class_ = Class.objects.create(
        course=course,
        title=title,
        capacity=20,
        status=fields.pop("status", status),
        enrolment_opens_at=first - timedelta(days=21),
        enrolment_closes_at=first - timedelta(days=1),
        place="공동체IT 교육장 (서울 마포구)",
        **fields,
    )
    instructor = course.instructors.first()
    class_.instructors.set(course.instructors.all())
    sessions = [
        Session.objects.create(
            course_class=class_,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            topic=f"{week + 1}차시",
        )
        for week, start in enumerate(starts)
    ]
    enrolled = first - timedelta(days=10)
    enrolments = [
        enrolment_as_it_happened(class_, person, instructor, enrolled)
        for person in dict.fromkeys(people)
    ]
    for n, enrolment in enumerate(enrolments):
        for week, session in enumerate(sessions):
            status = marks(n, week)
            if status is not None and session.ends_at <= now:
                _mark(enrolment, session, status, instructor)
    for enrolment in enrolments:
        # The completion rule decides; the certificate follows, dated after the last session.
        if completion.refresh(enrolment).is_complete:
            last = sessions[-1].ends_at
            Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=last)
            issued = last + timedelta(days=2)
            Certificate.objects.filter(enrolment=enrolment).update(
                issued_at=issued, valid_until=duties.valid_until(course, issued)
            )
            # The holder was told then: nobody is e-mailed about the demo now.
            for certificate in Certificate.objects.filter(enrolment=enrolment):
                notices.told(
                    enrolment.user,
                    CERTIFICATE_ISSUED,
                    certificate_key(certificate),
                    issued,
                    template="certificates/email/issued",
                    context={
                        "certificate": certificate,
                        "mine_url": settings.SITE_URL + reverse("certificates:mine"),
                    },
                    link=reverse("certificates:mine"),
                )
    return class_


def enrolment_as_it_happened(
    class_, person, actor, when, *, waitlist_rank: int | None = None
) -> Enrolment:
    """A seat (or a place in line) taken at `when`, with its history row: recorded, not
    announced, so nobody is e-mailed about the demo."""
    status = Enrolment.Status.WAITLISTED if waitlist_rank else Enrolment.Status.ENROLLED
    enrolment = Enrolment.objects.create(
        user=person, course_class=class_, status=status, waitlist_rank=waitlist_rank
    )
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment, to_status=status, actor=actor, reason="데모"
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=when, updated_at=when)
    EnrolmentEvent.objects.filter(pk=event.pk).update(created_at=when)
    enrolment.refresh_from_db()
    return enrolment


def offer_made(seated: Enrolment, waiting: Enrolment, when) -> None:
    """`seated` cancelled at `when`, and the class (which offers freed seats) held the seat
    for `waiting`, as the enrolment rules would have: recorded, and told on the site (not
    yet read), not e-mailed."""
    class_ = seated.course_class
    _changed(seated, Enrolment.Status.CANCELLED, seated.user, "일정이 겹쳐서", when)
    waiting.offer_expires_at = services.offer_deadline(class_, when)
    event = _changed(waiting, Enrolment.Status.OFFERED, None, "자리가 났습니다.", when)
    notices.told(
        waiting.user,
        notifications.STATUS,
        notifications.status_key(waiting, event),
        when,
        template="enrolment/email/offered",
        context=notifications.status_context(waiting, event),
        link=notifications.status_link(waiting),
        read=False,
    )


def _changed(enrolment: Enrolment, status: str, actor, reason: str, when) -> EnrolmentEvent:
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status=enrolment.status,
        to_status=status,
        actor=actor,
        reason=reason,
    )
    EnrolmentEvent.objects.filter(pk=event.pk).update(created_at=when)
    enrolment.status, enrolment.waitlist_rank = status, None
    if status != Enrolment.Status.OFFERED:
        enrolment.offer_expires_at = None
    enrolment.save()
    Enrolment.objects.filter(pk=enrolment.pk).update(updated_at=when)
    return event


def _mark(enrolment, session, status, instructor) -> None:
    mark = Attendance.objects.create(
        enrolment=enrolment, session=session, status=status, marked_by=instructor
    )
    event = AttendanceEvent.objects.create(attendance=mark, to_status=status, actor=instructor)
    # Taken at the end of the session, as a roll call is.
    AttendanceEvent.objects.filter(pk=event.pk).update(created_at=session.ends_at)
