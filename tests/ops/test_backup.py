"""ops/backup and ops/restore-drill, end to end on the PostgreSQL test database."""

import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import TestCase

from certificates.models import Certificate
from enrolment import attendance
from enrolment.models import Attendance, Enrolment
from tests.certificates.conftest import TEST_KEY
from tests.factories import ClassFactory, EnrolmentFactory
from tests.ops.conftest import ROOT, database_url, production_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("backups are of the PostgreSQL database (run with DATABASE_URL)")


def _run(script: str, *args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "ops" / script), *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def school(settings, tmp_path, instructor):
    """A class with attendance and a certificate whose PDF is in the media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CERTIFICATE_SIGNING_KEY = TEST_KEY
    class_ = ClassFactory(sessions=2)
    finished, absent = EnrolmentFactory(course_class=class_), EnrolmentFactory(course_class=class_)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for session in class_.sessions.all():
            attendance.mark(session, finished, "present", actor=instructor)
            attendance.mark(session, absent, "absent", actor=instructor)
    assert Certificate.objects.get().pdf
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "certificate-signing-key").write_text("key")
    return production_env(
        tmp_path / "var", MEDIA_ROOT=str(tmp_path / "media"), DATABASE_URL=database_url()
    )


def test_backup_then_restore_drill_finds_every_record_and_file(school, tmp_path):
    made = _run("backup", str(tmp_path / "backups"), env=school)
    assert made.returncode == 0, made.stderr
    folder = Path(made.stdout.strip())
    assert {p.name for p in folder.iterdir()} == {
        "database.dump",
        "media.tar.gz",
        "counts.tsv",
        "certificate-signing-key",
        "SHA256SUMS",
    }
    counts = dict(line.split("\t") for line in (folder / "counts.tsv").read_text().splitlines())
    assert int(counts["enrolment_enrolment"]) == Enrolment.objects.count() == 2
    assert int(counts["enrolment_attendance"]) == Attendance.objects.count() == 4

    drill = _run("restore-drill", str(folder), env=school)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "restore drill passed" in drill.stdout
    assert [line.split() for line in drill.stdout.splitlines()[1:4]] == [
        ["enrolments", "2"],
        ["attendance", "4"],
        ["certificates", "1"],
    ]

    # A restore that came back short is caught (here: the backup claims one more enrolment).
    (folder / "counts.tsv").write_text(
        (folder / "counts.tsv")
        .read_text()
        .replace("enrolment_enrolment\t2", "enrolment_enrolment\t3")
    )
    subprocess.run(
        "sha256sum -- database.dump media.tar.gz counts.tsv certificate-signing-key > SHA256SUMS",
        shell=True,
        cwd=folder,
        check=True,
    )
    short = _run("restore-drill", str(folder), env=school)
    assert short.returncode == 1 and "row counts differ" in short.stderr
    leftover = connection.cursor()
    leftover.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'drill_%%'")
    assert leftover.fetchone()[0] == 0  # the drill databases are dropped
