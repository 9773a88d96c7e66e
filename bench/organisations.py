"""Recommendations with 100 courses and 300 open classes, and the coordinator dashboard of
an organisation of 50 members, against the bare view.

Run: .venv/bin/python -m bench.organisations [--requests 50]

The plan is computed on every signed-in page that shows it (My learning, the home page,
the catalogue's badges and filter), so it is measured alone and on those pages. The
dashboard is measured for 50 members and, to show its queries do not grow, for 10.
"""

import argparse
import sys
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from bench.harness import WSGIClient, connection, measure, prepare_database, queries, session_cookie
from cms.models import CatalogPage, CourseCapability, CoursePage, Track
from courses.models import Class, Session
from enrolment import services as enrolment
from enrolment.models import Attendance, Enrolment
from organisations import services
from organisations.models import CapabilityArea, Membership, Organisation, Questionnaire
from organisations.recommendations import recommend

User = get_user_model()
COURSES, CLASSES_PER_COURSE = 100, 3
QUERY_LIMIT = 40


def _areas() -> list[CapabilityArea]:
    return [
        CapabilityArea.objects.get_or_create(
            slug=f"bench-area-{n}", defaults={"name": f"역량 영역 {n}", "sort_order": n}
        )[0]
        for n in range(6)
    ]


def _courses(areas) -> list[CoursePage]:
    """100 courses, each a step from one stage of one area, with three open classes."""
    existing = list(CoursePage.objects.filter(slug__startswith="bench-org-"))
    if len(existing) >= COURSES:
        return existing
    catalog = CatalogPage.objects.get()
    tracks = [
        Track.objects.get_or_create(slug=f"bench-track-{n}", defaults={"name": f"분야 {n}"})[0]
        for n in range(3)
    ]
    now = timezone.now()
    courses = []
    for n in range(COURSES):
        course = CoursePage(
            title=f"추천 벤치마크 과정 {n:03d}",
            slug=f"bench-org-{n:03d}",
            track=tracks[n % 3],
            level=["beginner", "intermediate", "advanced"][n % 3],
            summary="단체 활동가를 위한 실무 과정입니다.",
        )
        stage = 1 + n % 3
        course.capabilities = [
            CourseCapability(area=areas[n % 6], from_stage=stage, to_stage=stage + 1)
        ]
        catalog.add_child(instance=course)
        for k in range(CLASSES_PER_COURSE):
            first = now + timedelta(days=10 + 7 * k + n % 5)
            class_ = Class.objects.create(
                course=course,
                title=f"{k + 1}기",
                capacity=20,
                status=Class.Status.OPEN,
                enrolment_opens_at=now - timedelta(days=7),
                enrolment_closes_at=first - timedelta(days=1),
            )
            Session.objects.bulk_create(
                Session(
                    course_class=class_,
                    starts_at=first + timedelta(weeks=w),
                    ends_at=first + timedelta(weeks=w, hours=2),
                )
                for w in range(4)
            )
        courses.append(course)
    return courses


def _questionnaire(areas) -> None:
    if Questionnaire.objects.filter(live=True).exists():
        return
    questionnaire = Questionnaire(title="벤치마크 진단", live=False)
    questionnaire.questions = [
        (
            "question",
            {
                "area": area,
                "text": f"{area.name} 질문",
                "help_text": "",
                "options": [
                    {"label": label, "score": score, "risk": "", "risk_course": None}
                    for label, score in [("없음", 0), ("일부", 40), ("대부분", 70), ("모두", 100)]
                ],
            },
        )
        for area in areas
    ]
    questionnaire.save()
    questionnaire.save_revision().publish()


def _organisation(name: str, members: int, courses) -> tuple[Organisation, User]:
    """An assessed organisation whose members each learn in three classes, one of them past
    and marked."""
    organisation = Organisation.objects.filter(name=name).first()
    if organisation:
        coordinator = organisation.memberships.get(role=Membership.Role.COORDINATOR).user
        return organisation, coordinator
    coordinator = User.objects.create(username=f"{name}-coordinator", name="조정자")
    organisation = services.register(coordinator, Organisation(name=name))
    people = User.objects.bulk_create(
        User(username=f"{name}-{n}", name=f"회원{n}") for n in range(members - 1)
    )
    Membership.objects.bulk_create(Membership(organisation=organisation, user=p) for p in people)
    assessment = services.start_assessment(organisation, actor=coordinator)
    questions = assessment.questionnaire().questions
    answers = {block.id: n % 3 for n, block in enumerate(questions)}
    services.save_answers(assessment, actor=coordinator, answers=answers, submit=True)
    services.score_assessment(assessment, actor=coordinator)

    now = timezone.now()
    past = Class.objects.create(
        course=courses[0],
        title=f"{name} 지난 기수",
        capacity=members,
        status=Class.Status.CLOSED,
        enrolment_opens_at=now - timedelta(days=90),
        enrolment_closes_at=now - timedelta(days=60),
    )
    sessions = Session.objects.bulk_create(
        Session(
            course_class=past,
            starts_at=now - timedelta(weeks=8 - w),
            ends_at=now - timedelta(weeks=8 - w, hours=-2),
        )
        for w in range(6)
    )
    for n, person in enumerate([coordinator, *people]):
        done = Enrolment.objects.create(
            user=person, course_class=past, status=Enrolment.Status.ENROLLED
        )
        Attendance.objects.bulk_create(
            Attendance(enrolment=done, session=s, status="present" if (n + w) % 4 else "absent")
            for w, s in enumerate(sessions)
        )
        for course in (courses[1 + n % 40], courses[50 + n % 40]):
            enrolment.enrol(person, course.classes.first(), actor=coordinator, now=now)
    return organisation, coordinator


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    prepare_database()
    areas = _areas()
    courses = _courses(areas)
    _questionnaire(areas)
    big, coordinator = _organisation("bench-50", 50, courses)
    small, small_coordinator = _organisation("bench-10", 10, courses)
    member = big.memberships.filter(role=Membership.Role.MEMBER).first().user

    rounds, start = 20, time.perf_counter()
    for _ in range(rounds):
        plan = recommend(member, timezone.now())
    per_plan = (time.perf_counter() - start) / rounds
    print(
        f"{CoursePage.objects.live().count()} live courses, "
        f"{Class.objects.filter(status=Class.Status.OPEN).count()} open classes, "
        f"{connection.vendor}; best of 5 rounds of {args.requests} requests"
    )
    print(f"recommend() alone: {per_plan * 1000:.1f} ms, {len(plan)} steps")

    bare = measure(WSGIClient(), "/bench/bare/", args.requests * 10)
    as_member = WSGIClient(cookie=session_cookie(member))
    as_coordinator = WSGIClient(cookie=session_cookie(coordinator))
    as_small = WSGIClient(cookie=session_cookie(small_coordinator))
    assessment = big.assessments.get()
    targets = [
        ("member", "My learning (plan)", as_member, "/learning/"),
        ("member", "home page", as_member, "/"),
        ("member", "catalogue, badges", as_member, "/courses/"),
        ("member", "catalogue, recommended", as_member, "/courses/?recommended=on"),
        ("coordinator", "assessment result", as_coordinator, assessment_url(assessment)),
        (
            "coordinator",
            "dashboard, 50 members",
            as_coordinator,
            f"/organisations/{big.pk}/members/",
        ),
        ("coordinator", "export XLSX, 50", as_coordinator, f"/organisations/{big.pk}/members.xlsx"),
        ("coordinator", "dashboard, 10 members", as_small, f"/organisations/{small.pk}/members/"),
    ]
    print(f"{'who':<13}{'page':<26}{'req/s':>8}{'ratio':>8}{'queries':>9}")
    counts, failures = {}, []
    for who, name, client, url in targets:
        client.get(url)  # warm caches, as a running server has
        counts[name] = queries(client, url)
        rate = measure(client, url, args.requests)
        print(f"{who:<13}{name:<26}{rate:>8.0f}{rate / bare:>8.1%}{counts[name]:>9}")
        if counts[name] > QUERY_LIMIT:
            failures.append(name)
    print(f"{'':<13}{'bare view':<26}{bare:>8.0f}{1:>8.0%}{0:>9}")
    if counts["dashboard, 50 members"] != counts["dashboard, 10 members"]:
        failures.append("dashboard queries grow with members")
    print(f"targets: every page ≤ {QUERY_LIMIT} queries; the dashboard's the same for 10 and 50")
    print("missed: " + ", ".join(failures) if failures else "all targets met")
    return 1 if failures else 0


def assessment_url(assessment) -> str:
    return f"/organisations/{assessment.organisation_id}/assessments/{assessment.pk}/"


if __name__ == "__main__":
    sys.exit(main())
