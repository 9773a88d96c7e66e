"""Uploaded tables are read as a spreadsheet program shows them, within fixed bounds."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from core.spreadsheet_reader import MAX_LINE, TableRefused, read
from tests.security import xlsx_bombs
from tests.security.xlsx_bombs import worksheet


def _xlsx(*sheets, active=0, epoch=None) -> SimpleUploadedFile:
    book = Workbook()
    book.remove(book.active)
    for rows in sheets:
        sheet = book.create_sheet()
        for row in rows:
            sheet.append(row)
    book.active = active
    if epoch:
        book.epoch = epoch
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("marks.xlsx", buffer.getvalue())


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("marks.csv", text.encode("utf-8-sig"))


def test_cells_read_as_text_the_way_a_spreadsheet_shows_them():
    upload = _xlsx(
        [
            ["사람", "차시", "상태", "사유", "메모"],
            ["seated", datetime(2027, 3, 2, 19, 0), "출석", None, "not read"],
            [
                "paper@example.org",
                date(2027, 3, 9),
                CellRichText(["공", TextBlock(InlineFont(b=True), "결")]),
                "병가",
            ],
            [12, 3.5, True],
        ]
    )
    assert read(upload, max_rows=10, columns=4) == [
        ["사람", "차시", "상태", "사유"],
        ["seated", "2027-03-02 19:00:00", "출석"],
        ["paper@example.org", "2027-03-09 00:00:00", "공결", "병가"],
        ["12", "3.5", "True"],
    ]


def test_blank_rows_keep_their_place_so_row_numbers_match_the_file():
    rows = [["머리글"], ["a"], [None], [], ["b"]]
    assert read(_xlsx(rows), max_rows=10, columns=2) == [["머리글"], ["a"], [], [], ["b"]]
    assert read(_csv("머리글\na\n\n\nb\n"), max_rows=10, columns=2) == [
        ["머리글"],
        ["a"],
        [],
        [],
        ["b"],
    ]


def test_the_sheet_shown_when_saved_is_read():
    assert read(_xlsx([["first"]], [["shown"]], active=1), max_rows=1, columns=1) == [["shown"]]


def test_dates_of_a_workbook_counting_from_1904_are_right():
    upload = _xlsx([["차시"], [datetime(2027, 3, 2, 19)]], epoch=CALENDAR_MAC_1904)
    assert read(upload, max_rows=1, columns=1)[1] == ["2027-03-02 19:00:00"]


def test_a_formula_gives_its_saved_value_and_cells_may_go_without_references():
    rows = [
        ('<row r="1"><c t="inlineStr"><is><t>합계</t></is></c><c><v>7</v></c></row>', 1),
        ('<row><c><f>1+1</f><v>2</v></c><c t="str"><f>A1</f><v>합계</v></c></row>', 1),
    ]
    upload = SimpleUploadedFile("sums.xlsx", xlsx_bombs.package(sheet=worksheet(*rows)))
    assert read(upload, max_rows=5, columns=2) == [["합계", "7"], ["2", "합계"]]


def test_a_strict_open_xml_workbook_is_read_too():
    data = xlsx_bombs.package().replace(
        xlsx_bombs.MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    )
    assert read(SimpleUploadedFile("strict.xlsx", data), max_rows=5, columns=2) == [
        ["사람", "차시"]
    ]


@pytest.mark.parametrize("make", [_xlsx, lambda rows: _csv("\n".join(",".join(r) for r in rows))])
def test_rows_up_to_the_limit_are_read_and_one_more_is_refused(make):
    header, row = ["사람", "상태"], ["a", "출석"]
    assert len(read(make([header] + [row] * 3), max_rows=3, columns=2)) == 4
    with pytest.raises(TableRefused, match="행이 3개가 넘습니다"):
        read(make([header] + [row] * 4), max_rows=3, columns=2)


def test_blank_rows_past_the_limit_are_no_reason_to_refuse():
    assert len(read(_csv("사람\na\n,,\n\n , \n"), max_rows=1, columns=2)) == 2
    with pytest.raises(TableRefused):
        read(_csv("사람\na\n\n\nb\n"), max_rows=1, columns=2)


@pytest.mark.parametrize("make", [_xlsx, lambda rows: _csv("\n".join(",".join(r) for r in rows))])
def test_a_row_longer_than_the_limit_is_refused_with_its_number(make):
    with pytest.raises(TableRefused, match="2행이 1,000자보다 깁니다"):
        read(make([["사람"], ["x" * (MAX_LINE + 1)]]), max_rows=5, columns=2)
    assert read(make([["사람"], ["x" * MAX_LINE]]), max_rows=5, columns=2)[1] == ["x" * MAX_LINE]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("marks.xlsx", b"PK\x03\x04 not really a workbook"),
        ("marks.csv", b"\xff\xfe\x00\x00\xde\xad\xbe\xef"),
        ("marks.pdf", b"%PDF-1.4"),
        ("marks.xlsx", b""),
    ],
)
def test_damaged_or_foreign_files_are_unreadable(name, content):
    with pytest.raises(TableRefused, match="CSV나 XLSX로 읽을 수 없습니다"):
        read(SimpleUploadedFile(name, content), max_rows=5, columns=2)


def test_a_file_over_two_megabytes_is_refused_whoever_calls():
    with pytest.raises(TableRefused, match="2MB 이하의"):
        read(_csv("a\n" * (1024 * 1024 + 1)), max_rows=5, columns=2)


def test_refusals_are_in_english_for_english_readers():
    with translation.override("en"), pytest.raises(TableRefused, match="more than 2 rows"):
        read(_csv("사람\na\nb\nc\n"), max_rows=2, columns=2)
