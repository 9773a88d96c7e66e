"""One attendance mark end to end, and the attendance matrix of 40 learners × 12 sessions.

Run: .venv/bin/python -m bench.attendance [--marks 200]

Marks go through the real view as an htmx request from a signed-in instructor
(session, CSRF, access check, the mark, its history row, completion re-decided, the
row partial rendered). Ratios are against the bare view served the same way.
"""

import argparse
import sys
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import WSGIClient, connection, measure, prepare_database, queries, session_cookie
from cms.models import CatalogPage, CoursePage, Track
from courses.models import Class, Session
from enrolment.models import Enrolment

User = get_user_model()


def _class(learners: int, sessions: int, instructor) -> Class:
    track, _ = Track.objects.get_or_create(slug="bench", defaults={"name": "벤치마크"})
    slug = f"bench-attendance-{learners}x{sessions}-{time.time_ns()}"
    course = CoursePage(title=slug, slug=slug, track=track, summary="벤치마크")
    CatalogPage.objects.get().add_child(instance=course)
    now = timezone.now()
    class_ = Class.objects.create(
        course=course,
        title="출석",
        capacity=learners,
        status=Class.Status.OPEN,
        enrolment_opens_at=now - timedelta(days=60),
        enrolment_closes_at=now + timedelta(days=5),
    )
    class_.instructors.add(instructor)
    for week in range(sessions):
        starts = now - timedelta(weeks=sessions - week)
        Session.objects.create(
            course_class=class_, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    people = User.objects.bulk_create(
        [User(username=f"{slug}-{n}", name=f"학습자{n}") for n in range(learners)]
    )
    Enrolment.objects.bulk_create(
        [Enrolment(user=p, course_class=class_, status=Enrolment.Status.ENROLLED) for p in people]
    )
    Enrolment.objects.filter(course_class=class_).update(created_at=now - timedelta(days=90))
    return class_


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=200)
    args = parser.parse_args()
    prepare_database()
    instructor = User.objects.get_or_create(username="bench-instructor")[0]
    teacher = WSGIClient(cookie=session_cookie(instructor))

    class_ = _class(40, 12, instructor)
    session = class_.sessions.order_by("starts_at").last()
    enrolments = list(class_.enrolments.values_list("pk", flat=True))
    urls = [f"/learning/classes/{class_.pk}/sessions/{session.pk}/roll/{pk}/" for pk in enrolments]
    statuses = ["present", "late"]
    per_mark = []
    for i in range(2):  # query count of one mark, twice: it must not change
        with CaptureQueriesContext(connection) as captured:
            assert teacher.post(urls[i], {"status": "present"}, HTTP_HX_REQUEST="true") == 200
        per_mark.append(len(captured))
    start = time.perf_counter()
    for n in range(args.marks):
        teacher.post(
            urls[n % len(urls)], {"status": statuses[n // len(urls) % 2]}, HTTP_HX_REQUEST="true"
        )
    mark_rate = args.marks / (time.perf_counter() - start)

    bare = measure(WSGIClient(), "/bench/bare/", 200)
    small = _class(10, 3, instructor)
    matrix = f"/learning/classes/{class_.pk}/attendance/"
    small_matrix = f"/learning/classes/{small.pk}/attendance/"
    teacher.get(matrix)
    matrix_rate = measure(teacher, matrix, 20)
    matrix_queries, small_queries = queries(teacher, matrix), queries(teacher, small_matrix)

    print(f"{connection.vendor}; bare view {bare:.0f} req/s")
    print(
        f"attendance mark (htmx)      {mark_rate:>7.0f} req/s  {mark_rate / bare:>5.1%}"
        f"  queries per mark {per_mark[0]}, {per_mark[1]}"
    )
    print(
        f"matrix 40 × 12              {matrix_rate:>7.0f} req/s  {matrix_rate / bare:>5.1%}"
        f"  queries {matrix_queries} (10 × 3: {small_queries})"
    )
    constant = per_mark[0] == per_mark[1] and matrix_queries == small_queries
    print("queries constant: " + ("yes" if constant else "no"))
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
