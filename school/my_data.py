"""Everything the school holds about a person, as one ZIP of JSON and CSV, table by table.

`TABLES` names each table with the rows that are the person's. Rows are written with
every stored column (passwords and secret tokens left out). Answers to the survey after
class are not the person's: they are kept with no link to anyone, so only the fact that
they answered is here. Each download is recorded (`DataDownload`).

A person with more rows than `MY_DATA_INLINE_ROWS` gets their ZIP from the task worker
instead (`prepare`, `build`): it is kept a week in the private files, downloaded through
the site by its owner only, and they are told when it is ready.
"""

import csv
import io
import json
import secrets
import zipfile
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from certificates.models import Certificate, TrackCertificate
from enrolment.models import (
    Attendance,
    AttendanceEvent,
    Enrolment,
    EnrolmentEvent,
    FeedbackGiven,
    LessonProgress,
)
from organisations.models import (
    AssessmentResponse,
    JoinRequest,
    MemberExport,
    Membership,
    MembershipEvent,
    ServiceRequest,
    SharingChoice,
)
from outbox.models import NoticeChoice, SentNotice
from outbox.notices import tell_once
from school.models import DataDownload, PrivacyConsent, User

# Columns never written: credentials and the secrets behind private links.
SECRET = {"password", "feed_token", "token", "key_hash"}

TABLES: dict[str, Callable[[User], QuerySet]] = {
    "profile": lambda user: User.objects.filter(pk=user.pk),
    "privacy_consents": lambda user: PrivacyConsent.objects.filter(user=user),
    "memberships": lambda user: Membership.objects.filter(user=user),
    "membership_history": lambda user: MembershipEvent.objects.filter(member=user),
    "sharing_choices": lambda user: SharingChoice.objects.filter(membership__user=user),
    "join_requests": lambda user: JoinRequest.objects.filter(user=user),
    "enrolments": lambda user: Enrolment.objects.filter(user=user),
    "enrolment_history": lambda user: EnrolmentEvent.objects.filter(enrolment__user=user),
    "attendance": lambda user: Attendance.objects.filter(enrolment__user=user),
    "attendance_history": lambda user: AttendanceEvent.objects.filter(
        attendance__enrolment__user=user
    ),
    "lesson_progress": lambda user: LessonProgress.objects.filter(user=user),
    "assessment_answers": lambda user: AssessmentResponse.objects.filter(respondent=user),
    "certificates": lambda user: Certificate.objects.filter(enrolment__user=user),
    "track_certificates": lambda user: TrackCertificate.objects.filter(user=user),
    "surveys_answered": lambda user: FeedbackGiven.objects.filter(enrolment__user=user),
    "notices": lambda user: SentNotice.objects.filter(user=user),
    "notice_choices": lambda user: NoticeChoice.objects.filter(user=user),
    "consultation_requests": lambda user: ServiceRequest.objects.filter(requested_by=user),
    "member_list_downloads": lambda user: MemberExport.objects.filter(user=user),
    "data_downloads": lambda user: DataDownload.objects.filter(user=user),
}


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in SECRET]


def rows_of(user, name: str) -> list[dict]:
    queryset = TABLES[name](user)
    columns = _columns(queryset.model)
    return list(queryset.order_by("pk").values(*columns))


def archive(user) -> bytes:
    """The ZIP, with a README in the person's language; recorded as downloaded."""
    return _write(user, DataDownload.objects.create(user=user, rows=0))


def _write(user, download: DataDownload) -> bytes:
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in TABLES:
            rows = rows_of(user, name)
            total += len(rows)
            zipped.writestr(
                f"{name}.json",
                json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
            )
            zipped.writestr(f"{name}.csv", _csv(rows, _columns(TABLES[name](user).model)))
        readme = render_to_string(
            "registration/my_data_readme.txt",
            {"person": user, "tables": list(TABLES), "when": timezone.now()},
        )
        zipped.writestr("README.txt", readme)
    DataDownload.objects.filter(pk=download.pk).update(rows=total)
    return buffer.getvalue()


# --- A large account: built by the task worker, kept a week, downloaded by its owner ------

KEPT_FOR = timedelta(days=7)
# A download asked for again within this time is the one already being built.
BUILT_WITHIN = timedelta(hours=1)
READY_KIND = "data-download-ready"


def row_count(user) -> int:
    """How many rows the download would hold: one count per table."""
    return sum(TABLES[name](user).count() for name in TABLES)


def is_large(user) -> bool:
    return row_count(user) > settings.MY_DATA_INLINE_ROWS


def prepare(user) -> DataDownload:
    """Record the download and build it after the commit, in the task worker; a download
    already being prepared is not started twice."""
    download = DataDownload.objects.filter(_building(timezone.now()), user=user).first()
    if download is None:
        download = DataDownload.objects.create(user=user, rows=0)
        transaction.on_commit(lambda pk=download.pk: build.enqueue(pk), robust=True)
    return download


@task(backend="background")
def build(download_id: int) -> None:
    download = DataDownload.objects.select_related("user").get(pk=download_id)
    if download.ready_at:
        return
    content = _write(download.user, download)
    now = timezone.now()
    with transaction.atomic():
        download.archive.save(f"{secrets.token_urlsafe(24)}.zip", ContentFile(content), save=False)
        download.ready_at, download.expires_at = now, now + KEPT_FOR
        download.save(update_fields=["archive", "ready_at", "expires_at"])
        link = reverse("my_data_ready", args=[download.pk])
        tell_once(
            download.user,
            READY_KIND,
            f"data-download:{download.pk}",
            "registration/email/my_data_ready",
            {"download": download, "url": settings.SITE_URL + link},
            link=link,
            now=now,
        )


def ready_for(user, pk: int, now) -> DataDownload | None:
    """The person's own prepared download, while it is kept."""
    return (
        DataDownload.objects.filter(user=user, pk=pk, ready_at__isnull=False, expires_at__gt=now)
        .exclude(archive="")
        .first()
    )


def prepared(user, now) -> list[DataDownload]:
    """The person's downloads being built or ready to fetch, newest first."""
    ready = Q(expires_at__gt=now) & ~Q(archive="")
    return list(
        DataDownload.objects.filter(_building(now) | ready, user=user).order_by("-created_at")
    )


def _building(now) -> Q:
    """A download asked for lately that the worker has not written yet."""
    return Q(rows=0, ready_at__isnull=True, created_at__gte=now - BUILT_WITHIN)


def forget_expired(now) -> int:
    """Delete the prepared files past their week (the record of the download stays)."""
    expired = DataDownload.objects.filter(expires_at__lte=now).exclude(archive="")
    count = 0
    for download in expired:
        download.archive.delete(save=False)
        DataDownload.objects.filter(pk=download.pk).update(archive="")
        count += 1
    return count


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads the Korean as UTF-8
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, cls=DjangoJSONEncoder, ensure_ascii=False)
                if isinstance(v, dict | list)
                else v
                for k, v in row.items()
            }
        )
    return out.getvalue()
