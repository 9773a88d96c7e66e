"""Everything the school holds about a person, as one ZIP of JSON and CSV, table by table.

`TABLES` names each table with the rows that are the person's. Rows are written with
every stored column (passwords and secret tokens left out). Answers to the survey after
class are not the person's: they are kept with no link to anyone, so only the fact that
they answered is here. Each download is recorded (`DataDownload`).
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

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
    download = DataDownload.objects.create(user=user, rows=0)  # listed in the file itself
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
