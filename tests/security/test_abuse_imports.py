"""Attendance imports read only the rows and columns they need: a hostile spreadsheet is
refused, or read, within a bounded amount of memory and time, and changes nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core import spreadsheet_reader
from enrolment.models import Attendance, Enrolment
from tests.factories import ClassFactory
from tests.security import xlsx_bombs

# Loads Django once, then reads each file in a process of its own forked from there, as
# the import view does, and reports how far that process grew beyond its size at the fork
# (a forked process starts its peak afresh) and how long the read took.
_MEASURE = """
import json, os, resource, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from enrolment import imports

def measure(path):
    upload = SimpleUploadedFile(os.path.basename(path), open(path, "rb").read())
    idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        outcome = "%d rows" % len(imports.read_cells(upload))
    except Exception as refusal:
        outcome = getattr(refusal, "message", repr(refusal))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"grew_mb": (peak - idle) / 1024, "seconds": time.monotonic() - started,
            "outcome": outcome}

for path in sys.argv[1:]:
    reader, writer = os.pipe()
    if os.fork() == 0:
        os.write(writer, json.dumps(measure(path)).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as answer:
        print(json.dumps({os.path.basename(path): json.loads(answer.read())}))
    os.wait()
"""
MEMORY_LIMIT_MB = 100
TIME_LIMIT_SECONDS = 15  # half of a web worker's timeout (ops/gunicorn.conf.py)

# What each hostile file must come to: refused with a message, or read as what it holds.
UNREADABLE = "CSV나 XLSX로 읽을 수 없습니다"
TOO_BIG = "압축을 풀면 4MB가 넘습니다"
TOO_MANY_ROWS = "머리글 아래 행이 1,000개가 넘습니다"
EXPECTED = {
    "huge_dimension": "0 rows",  # its one far cell lies outside the columns read
    "two_million_rows": TOO_BIG,
    "rows_far_below": TOO_MANY_ROWS,
    "wide_row": UNREADABLE,
    "wide_rows": "999 rows",
    "many_styles": "1 rows",
    "many_strings": "1 rows",
    "many_sheet_entries": "0 rows",
    "unpacks_to_a_gigabyte": TOO_BIG,
    "lies_about_its_size": UNREADABLE,
    "laughs": UNREADABLE,
    "many_members": UNREADABLE,
    "largest": "1000 rows",  # a CSV at the row and line limits: read whole
}


def _measure(paths: list[Path]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "school.settings",
            "SECRET_KEY": settings.SECRET_KEY,
            "PATH": os.environ.get("PATH", ""),
        },
        cwd=settings.BASE_DIR,
    )
    return {k: v for line in result.stdout.splitlines() for k, v in json.loads(line).items()}


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """How reading each hostile file went; the files stay small on disk."""
    folder = tmp_path_factory.mktemp("bombs")
    paths = []
    for name, build in xlsx_bombs.BOMBS.items():
        paths.append(folder / f"{name}.xlsx")
        paths[-1].write_bytes(build())
    line = "a," * 499 + "a\n"  # a CSV as long as the import takes, lines at the limit
    paths.append(folder / "largest.csv")
    paths[-1].write_text(line * (settings.ATTENDANCE_IMPORT_MAX_ROWS + 1))
    assert all(path.stat().st_size <= spreadsheet_reader.MAX_BYTES for path in paths)
    return _measure(paths)


def test_every_bomb_has_an_expected_outcome():
    assert set(EXPECTED) == {*xlsx_bombs.BOMBS, "largest"}


@pytest.mark.slow
@pytest.mark.parametrize("bomb", [*sorted(xlsx_bombs.BOMBS), "largest"])
def test_a_hostile_file_is_read_in_bounded_memory_and_time(measured, bomb):
    result = measured[f"{bomb}.xlsx" if bomb in xlsx_bombs.BOMBS else f"{bomb}.csv"]
    assert EXPECTED[bomb] in result["outcome"], result
    assert result["grew_mb"] < MEMORY_LIMIT_MB, result
    assert result["seconds"] < TIME_LIMIT_SECONDS, result


@pytest.fixture
def class_(course):
    return ClassFactory(course=course, sessions=1)


def _upload(client, class_, name, content):
    response = client.post(
        f"/learning/classes/{class_.pk}/import/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    error = BeautifulSoup(response.content, "html.parser").select_one(".message--error")
    return error.get_text(strip=True) if error else ""


def _csv(rows: int, line: str = "someone,2027-03-02,출석,") -> bytes:
    return ("사람,차시,상태,사유\n" + f"{line}\n" * rows).encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("bomb.xlsx", xlsx_bombs.two_million_rows, TOO_BIG),
        ("bomb.xlsx", xlsx_bombs.rows_far_below, TOO_MANY_ROWS),
        ("bomb.xlsx", xlsx_bombs.laughs, UNREADABLE),
        ("marks.csv", lambda: _csv(1001), TOO_MANY_ROWS),
        ("marks.csv", lambda: _csv(1, "x" * 1001), "2행이 1,000자보다 깁니다."),
    ],
)
def test_the_import_page_refuses_bigger_files_and_changes_nothing(
    client, staff, class_, name, build, message
):
    enrolments = Enrolment.objects.count()
    client.force_login(staff)
    assert message in _upload(client, class_, name, build())
    assert not Attendance.objects.exists()
    assert Enrolment.objects.count() == enrolments


@pytest.mark.django_db
def test_a_file_of_exactly_the_limit_is_checked_row_by_row(client, staff, class_, settings):
    settings.ATTENDANCE_IMPORT_MAX_ROWS = 3
    client.force_login(staff)
    response = client.post(
        f"/learning/classes/{class_.pk}/import/",
        {"file": SimpleUploadedFile("marks.csv", _csv(3) + b",,,\n\n")},  # blank rows after
    )
    rows = BeautifulSoup(response.content, "html.parser").select("tr.row--error")
    assert [row.td.text for row in rows] == ["2", "3", "4"]  # checked, not refused
    assert "3개가 넘습니다" in _upload(client, class_, "marks.csv", _csv(3) + b"\n" + _csv(1))


@pytest.mark.django_db
def test_the_refusal_is_in_english_for_english_readers(client, staff, class_):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    assert "more than 1,000 rows below the header" in _upload(
        client, class_, "marks.csv", _csv(1001)
    )


@pytest.mark.django_db
def test_the_import_page_states_its_limits(client, staff, class_):
    client.force_login(staff)
    page = client.get(f"/learning/classes/{class_.pk}/import/").content.decode()
    assert "머리글 아래로 1,000행까지, 2MB까지" in page
