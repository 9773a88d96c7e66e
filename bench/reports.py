"""The staff reports over a busy year: 240 classes, 3,600 seats, 14,400 marks, against the
bare view, and the same page over a quarter of that data to show its queries do not grow.

Run: .venv/bin/python -m bench.reports [--requests 10]
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("VAR_DIR", str(Path(__file__).resolve().parent.parent / "var/bench-reports"))

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import WSGIClient, measure, prepare_database, queries, session_cookie  # noqa: E402
from cms.groups import STAFF_GROUP  # noqa: E402
from cms.models import CatalogPage, CoursePage, Track  # noqa: E402
from courses.models import Class, Session  # noqa: E402
from enrolment.models import Attendance, Enrolment  # noqa: E402
from organisations.models import Assessment, Membership, Organisation, Questionnaire  # noqa: E402

User = get_user_model()
MONTHS, CLASSES_PER_MONTH, SEATS, PEOPLE, ORGANISATIONS = 12, 20, 15, 600, 40
MARKS = ["present", "present", "late", "absent", "present", "excused", "present"]
QUERY_LIMIT = 25


def _school(classes_per_month: int, tag: str) -> None:
    """A year of finished classes, each with its seats marked at four sessions."""
    if Class.objects.filter(title__startswith=tag).exists():
        return
    catalog = CatalogPage.objects.get()
    tracks = [
        Track.objects.get_or_create(slug=f"bench-track-{n}", defaults={"name": f"분야 {n}"})[0]
        for n in range(3)
    ]
    courses = list(CoursePage.objects.filter(slug__startswith="bench-report-"))
    for n in range(len(courses), 12):
        course = CoursePage(
            title=f"보고 벤치마크 과정 {n}",
            slug=f"bench-report-{n}",
            track=tracks[n % 3],
            summary="단체 활동가를 위한 과정입니다.",
        )
        catalog.add_child(instance=course)
        courses.append(course)
    people = _people()
    now = timezone.now()
    for month in range(MONTHS):
        for k in range(classes_per_month):
            first = now - timedelta(days=30 * (MONTHS - month) - k)
            class_ = Class.objects.create(
                course=courses[k % len(courses)],
                title=f"{tag} {month}-{k}",
                capacity=SEATS,
                status=Class.Status.CLOSED,
                enrolment_opens_at=first - timedelta(days=30),
                enrolment_closes_at=first - timedelta(days=1),
            )
            sessions = Session.objects.bulk_create(
                Session(
                    course_class=class_,
                    starts_at=first + timedelta(weeks=w),
                    ends_at=first + timedelta(weeks=w, hours=2),
                )
                for w in range(4)
            )
            seated = Enrolment.objects.bulk_create(
                Enrolment(user=p, course_class=class_, status=Enrolment.Status.ENROLLED)
                for p in people[(month * 37 + k * SEATS) % PEOPLE :][:SEATS]
            )
            Enrolment.objects.filter(course_class=class_).update(
                created_at=first - timedelta(days=5)
            )
            Attendance.objects.bulk_create(
                Attendance(enrolment=e, session=s, status=MARKS[(n + w + k) % len(MARKS)])
                for n, e in enumerate(seated)
                for w, s in enumerate(sessions)
            )
            Enrolment.objects.filter(pk__in=[e.pk for e in seated[::2]]).update(
                completed_at=sessions[-1].ends_at
            )


def _people() -> list:
    people = list(User.objects.filter(username__startswith="bench-learner-").order_by("pk"))
    if people:
        return people
    people = User.objects.bulk_create(
        User(username=f"bench-learner-{n}", name=f"학습자{n}") for n in range(PEOPLE)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"벤치마크 단체 {n}") for n in range(ORGANISATIONS)
    )
    Membership.objects.bulk_create(
        Membership(organisation=organisations[n % ORGANISATIONS], user=p)
        for n, p in enumerate(people[: PEOPLE * 3 // 4])
    )
    questionnaire = Questionnaire(title="벤치마크 진단", live=False)
    questionnaire.save()
    revision = questionnaire.save_revision()
    now = timezone.now()
    Assessment.objects.bulk_create(
        Assessment(
            organisation=o,
            revision=revision,
            started_by=people[0],
            status=Assessment.Status.SCORED,
            scored_at=now - timedelta(days=30 * (n % 14)),
            grade=1 + n % 4,
        )
        for n, o in enumerate(organisations[: ORGANISATIONS * 3 // 4])
    )
    return people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    prepare_database()
    from django.contrib.auth.models import Group

    staff = User.objects.get_or_create(username="bench-staff", defaults={"name": "운영"})[0]
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    client = WSGIClient(cookie=session_cookie(staff))
    bare = measure(WSGIClient(), "/bench/bare/", args.requests * 10)
    print(f"{'data':<26}{'page':<28}{'req/s':>8}{'ms':>8}{'ratio':>8}{'queries':>9}")
    counts, failures = [], []
    for classes_per_month, tag in [(CLASSES_PER_MONTH // 4, "small"), (CLASSES_PER_MONTH, "big")]:
        _school(classes_per_month, tag)
        label = f"{Class.objects.count()} classes, {Attendance.objects.count()} marks"
        for name, url in [
            ("last 12 months, monthly", "/staff/reports/"),
            ("last 12 months, quarterly", "/staff/reports/?step=quarter"),
            ("export XLSX", "/staff/reports/export.xlsx"),
        ]:
            client.get(url)  # warm caches, as a running server has
            count = queries(client, url)
            counts.append(count)
            rate = measure(client, url, args.requests, rounds=3)
            print(
                f"{label:<26}{name:<28}{rate:>8.1f}{1000 / rate:>8.0f}{rate / bare:>8.1%}{count:>9}"
            )
            if count > QUERY_LIMIT:
                failures.append(name)
    print(f"{'':<26}{'bare view':<28}{bare:>8.0f}{1000 / bare:>8.1f}{1:>8.0%}{0:>9}")
    if counts[:3] != counts[3:]:
        failures.append("queries grow with the data")
    print(f"targets: ≤ {QUERY_LIMIT} queries, the same for a quarter of the data and all of it")
    print("missed: " + ", ".join(failures) if failures else "all targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
