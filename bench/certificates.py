"""Certificate PDFs rendered per second on one core, and the public verify page.

Run: .venv/bin/python -m bench.certificates [--renders 50] [--requests 200]

Rendering is timed in-process: the PDF alone (fonts already loaded, as in a running
worker), then the whole background task (render, store the file, save the row). The
verify page is served like every other benchmark target: a WSGI request through the full
middleware stack, anonymous, rate limiter included, against the bare view.
"""

import argparse
import sys
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from bench.harness import WSGIClient, connection, measure, prepare_database, queries
from certificates import credentials, rendering, services, tasks
from certificates.models import Certificate
from cms.models import CatalogPage, CoursePage, Track
from courses.models import Class, Session
from enrolment.models import Enrolment

User = get_user_model()


def _certificate() -> Certificate:
    existing = Certificate.objects.filter(enrolment__course_class__title="벤치마크 1기").first()
    if existing:
        return existing
    track, _ = Track.objects.get_or_create(slug="bench", defaults={"name": "벤치마크"})
    slug = f"bench-certificates-{time.time_ns()}"
    course = CoursePage(title="개인정보보호법 기초", slug=slug, track=track, summary="벤치마크")
    CatalogPage.objects.get().add_child(instance=course)
    now = timezone.now()
    class_ = Class.objects.create(
        course=course,
        title="벤치마크 1기",
        capacity=10,
        status=Class.Status.OPEN,
        enrolment_opens_at=now - timedelta(days=60),
        enrolment_closes_at=now - timedelta(days=30),
    )
    for week in range(4):
        starts = now - timedelta(weeks=4 - week)
        Session.objects.create(
            course_class=class_, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    person = User.objects.create(username=slug, name="김활동")
    enrolment = Enrolment.objects.create(
        user=person, course_class=class_, status=Enrolment.Status.ENROLLED
    )
    # Completed without marks: the benchmark measures the certificate, not the roll call.
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=now)
    enrolment.refresh_from_db()
    return services.issue_certificate(enrolment)


def _rate(function, count: int) -> float:
    function()  # warm up
    start = time.perf_counter()
    for _ in range(count):
        function()
    return count / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    prepare_database()
    settings.CERTIFICATE_VERIFICATIONS_PER_MINUTE = 10**9  # measure the page, not the limit
    certificate = _certificate()
    size = len(rendering.render(certificate))

    pdf_rate = _rate(lambda: rendering.render(certificate), args.renders)
    task_rate = _rate(lambda: tasks.render_pdf.call(certificate.pk), args.renders)
    sign_rate = _rate(lambda: credentials.signed(certificate), args.renders * 4)

    client = WSGIClient()
    url = certificate.get_absolute_url()
    bare = measure(client, "/bench/bare/", args.requests)
    verify = measure(client, url, args.requests)
    verify_queries = queries(client, url)

    print(f"{connection.vendor}; bare view {bare:.0f} req/s; PDF {size / 1024:.0f} KB")
    print(f"PDF rendered (in memory)        {pdf_rate:>7.1f} per second")
    print(f"render task (render + store)    {task_rate:>7.1f} per second")
    print(f"signed credential               {sign_rate:>7.0f} per second")
    print(
        f"verify page                     {verify:>7.0f} req/s  {verify / bare:>5.1%}"
        f"  queries {verify_queries}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
