"""Read the first columns of an uploaded CSV or XLSX table, within fixed bounds.

An upload is someone else's file: it may declare a sheet of a million rows by sixteen
thousand columns, or unpack from two megabytes to gigabytes. So nothing here builds more
than the rows and columns asked for. An XLSX file is a zip of XML parts; only the parts
the table needs are read, each streamed through expat after its declared unpacked size
has been checked (zipfile stops at the declared size, so a part cannot unpack further
than it says). Spreadsheet libraries load every style, every shared string and the
extent a sheet claims before the first row; we keep only what the asked-for cells use.
Anything bigger is refused with a message that says what to change.
"""

import csv
import io
import posixpath
import re
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from core.errors import Refusal

MAX_BYTES = 2 * 1024 * 1024
# A row of the columns read (CSV: the whole line) holds at most this many characters.
MAX_LINE = 1000
# The XML read from one workbook, unpacked. A sheet of a thousand rows with its strings
# and styles is a few hundred kilobytes.
MAX_UNPACKED = 4 * 1024 * 1024
_CHUNK = 64 * 1024


class TableRefused(Refusal):
    """The file is bigger than the bounds or cannot be read; `message` says which."""


def _unreadable() -> TableRefused:
    return TableRefused(_("This file could not be read as CSV or XLSX."))


def _too_many_rows(max_rows: int) -> TableRefused:
    return TableRefused(
        _(
            "The file has more than %(limit)s rows below the header. "
            "Split it into files of at most %(limit)s rows."
        )
        % {"limit": f"{max_rows:,}"}
    )


def _too_long(number: int) -> TableRefused:
    return TableRefused(
        _("Row %(number)s is longer than %(limit)s characters.")
        % {"number": number, "limit": f"{MAX_LINE:,}"}
    )


def read(upload, *, max_rows: int, columns: int) -> list[list[str]]:
    """Return the header row and at most `max_rows` rows below it, `columns` cells wide.

    Rows keep their places (a blank row is an empty list), so row n of the result is
    row n + 1 of the file. Raise TableRefused for a file that is bigger or unreadable.
    """
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TableRefused(_("Choose a .csv or .xlsx file of at most 2 MB."))
    name = upload.name.lower()
    try:
        if name.endswith(".csv"):
            rows = _csv_rows(data, max_rows + 1, columns)
        elif name.endswith(".xlsx"):
            rows = _Workbook(data).rows(max_rows + 1, columns)
        else:
            raise _unreadable()
    except _TooManyRows:
        raise _too_many_rows(max_rows) from None
    except TableRefused:
        raise
    except _DAMAGED:
        raise _unreadable() from None
    for number, row in enumerate(rows, start=1):
        if sum(len(cell) for cell in row) > MAX_LINE:
            raise _too_long(number)
    return rows


class _TooManyRows(Exception):
    pass


# What a damaged or foreign file makes the readers raise (zlib.error: a broken deflate
# stream; RuntimeError and NotImplementedError: encrypted or oddly compressed parts).
_DAMAGED = (
    ValueError,
    KeyError,
    IndexError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    csv.Error,
    zipfile.BadZipFile,
    expat.ExpatError,
    zlib.error,
)


def _is_blank(cells) -> bool:
    return not any(cell.strip() for cell in cells)


def _csv_rows(data: bytes, limit: int, columns: int) -> list[list[str]]:
    lines = io.StringIO(data.decode("utf-8-sig"), newline="")
    rows = []
    count = 0  # rows read, kept or not

    def bounded_lines():
        for line in lines:
            if len(line.rstrip("\r\n")) > MAX_LINE:
                raise _too_long(count + 1)
            yield line

    for row in csv.reader(bounded_lines()):
        count += 1
        if count <= limit:
            rows.append(row[:columns])
        elif not _is_blank(row[:columns]):
            raise _TooManyRows
    return rows


def _refuse_declarations(*args):
    # A workbook never needs a DTD; entity declarations are how XML bombs multiply.
    raise _unreadable()


# A sheet holds at most this many (Excel's own limits); a file claiming more is damaged.
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})[0-9]*")


def _column(reference: str) -> int:
    match = _CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise ValueError(reference)
    number = 0
    for letter in match[1].upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _Text:
    """Character data of one value, kept only up to the longest row we accept."""

    def __init__(self):
        self.parts, self.length = [], 0

    def add(self, data: str) -> None:
        # Past MAX_LINE the row is refused anyway: don't keep what a bomb keeps sending.
        if self.length <= MAX_LINE:
            self.parts.append(data)
            self.length += len(data)

    def __str__(self):
        return "".join(self.parts)


class _Workbook:
    """The parts of an XLSX package that one sheet's first columns need."""

    def __init__(self, data: bytes):
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.unpacked = 0

    def _parse(self, name: str, start=None, end=None, text=None) -> None:
        """Stream one part through expat, counting its declared size against the budget."""
        info = self.archive.getinfo(name)
        self.unpacked += info.file_size
        if self.unpacked > MAX_UNPACKED:
            raise TableRefused(
                _(
                    "This workbook unpacks to more than %(limit)s MB. Copy the attendance "
                    "columns into a new workbook, or save the sheet as CSV, and upload that."
                )
                % {"limit": MAX_UNPACKED // (1024 * 1024)}
            )
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_declarations
        parser.EntityDeclHandler = _refuse_declarations
        # Handlers get the tag as "namespace}name": one Python call an element, as a
        # hostile part may hold millions of them.
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        with self.archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _related(self, part: str, wanted) -> dict[str, str]:
        """{relationship id or type: part name} for the wanted ids and types of `part`."""
        folder, base = posixpath.split(part)
        found = {}

        def start(tag, attributes):
            if (
                tag.rpartition("}")[2] != "Relationship"
                or attributes.get("TargetMode") == "External"
            ):
                return
            target = attributes["Target"]
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            for key in (attributes["Id"], attributes["Type"].rpartition("/")[2]):
                if key in wanted:
                    found.setdefault(key, path)

        self._parse(posixpath.join(folder, "_rels", base + ".rels"), start)
        return found

    def rows(self, limit: int, columns: int) -> list[list[str]]:
        book = self._related("", {"officeDocument"})["officeDocument"]
        sheet, epoch = self._sheet_and_epoch(book)
        parts = self._related(book, {sheet, "sharedStrings", "styles"})
        cells = self._sheet_cells(parts[sheet], limit, columns)
        strings = self._shared_strings(parts.get("sharedStrings"), cells)
        dates = self._date_styles(parts.get("styles"), cells)
        rows = [[] for _ in range(max(cells, default=0))]
        for number, row in cells.items():
            values = [""] * max(row)
            for column, (kind, style, raw) in row.items():
                values[column - 1] = _value(kind, raw, strings, style in dates, epoch)
            rows[number - 1] = values
        return rows

    def _sheet_and_epoch(self, book: str) -> tuple[str, object]:
        """The relationship id of the sheet shown when the workbook was saved, and its epoch."""
        state = {"active": None, "count": 0, "first": None, "shown": None}
        epoch = [CALENDAR_WINDOWS_1900]

        def start(tag, attributes):
            tag = tag.rpartition("}")[2]
            if tag == "workbookView" and state["active"] is None:
                state["active"] = int(attributes.get("activeTab", 0))
            elif tag == "workbookPr" and attributes.get("date1904") in ("1", "true"):
                epoch[0] = CALENDAR_MAC_1904
            elif tag == "sheet":
                sheet = next(
                    (v for k, v in attributes.items() if k.rpartition("}")[2] == "id"), None
                )
                if state["count"] == 0:
                    state["first"] = sheet
                if state["count"] == (state["active"] or 0):
                    state["shown"] = sheet
                state["count"] += 1

        self._parse(book, start)
        sheet = state["shown"] or state["first"]
        if sheet is None:
            raise KeyError("sheet")
        return sheet, epoch[0]

    def _sheet_cells(self, part: str, limit: int, columns: int) -> dict:
        """{row number: {column: (type, style, raw text)}} for the first rows and columns."""
        cells: dict[int, dict] = {}
        row = column = 0
        cell = text = None  # the cell being read, if it is one we keep, and its text
        phonetic = False

        def start(tag, attributes):
            nonlocal row, column, cell, text, phonetic
            tag = tag.rpartition("}")[2]
            if tag == "c":
                reference = attributes.get("r")
                column = _column(reference) if reference else column + 1
                if column > _EXCEL_COLUMNS:
                    raise ValueError(column)
                if column <= columns:
                    cell = (attributes.get("t", "n"), attributes.get("s"), _Text())
            elif tag == "row":
                row = int(attributes["r"]) if "r" in attributes else row + 1
                column = 0
                if not 1 <= row <= _EXCEL_ROWS:
                    raise ValueError(row)
            elif cell is not None:
                if tag == "rPh":  # a pronunciation hint for East Asian text, not the text
                    phonetic = True
                elif tag in ("v", "t") and not phonetic:
                    text = cell[2]

        def end(tag):
            nonlocal cell, text, phonetic
            if cell is None:  # most elements of a hostile sheet: nothing to do
                return
            tag = tag.rpartition("}")[2]
            if tag in ("v", "t"):
                text = None
            elif tag == "rPh":
                phonetic = False
            elif tag == "c":
                kind, style, value = cell
                cell = None
                if row <= limit:
                    cells.setdefault(row, {})[column] = (kind, style, str(value))
                elif str(value).strip():
                    raise _TooManyRows

        def characters(data):
            if text is not None:
                text.add(data)

        self._parse(part, start, end, characters)
        return cells

    def _shared_strings(self, part: str | None, cells: dict) -> dict[int, str]:
        wanted = {
            int(raw) for row in cells.values() for kind, _, raw in row.values() if kind == "s"
        }
        if not wanted:
            return {}
        strings: dict[int, _Text] = {}
        state = {"index": -1, "text": None, "phonetic": False}

        def start(tag, attributes):
            tag = tag.rpartition("}")[2]
            if tag == "si":
                state["index"] += 1
            elif tag == "rPh":
                state["phonetic"] = True
            elif tag == "t" and state["index"] in wanted and not state["phonetic"]:
                state["text"] = strings.setdefault(state["index"], _Text())

        def end(tag):
            tag = tag.rpartition("}")[2]
            if tag == "t":
                state["text"] = None
            elif tag == "rPh":
                state["phonetic"] = False

        def text(data):
            if state["text"] is not None:
                state["text"].add(data)

        self._parse(part, start, end, text)
        return {index: str(text) for index, text in strings.items()}

    def _date_styles(self, part: str | None, cells: dict) -> set[str]:
        """The style numbers, among those the cells use, that show a number as a date."""
        wanted = {style for row in cells.values() for kind, style, _ in row.values() if kind == "n"}
        wanted.discard(None)
        if not wanted or part is None:
            return set()
        formats = {}  # style number: number format id
        state = {"in_cell_formats": False, "index": -1}

        def start(tag, attributes):
            tag = tag.rpartition("}")[2]
            if tag == "cellXfs":
                state["in_cell_formats"] = True
            elif tag == "xf" and state["in_cell_formats"]:
                state["index"] += 1
                if str(state["index"]) in wanted:
                    formats[str(state["index"])] = int(attributes.get("numFmtId", 0))

        def end(tag):
            if tag.rpartition("}")[2] == "cellXfs":
                state["in_cell_formats"] = False

        self._parse(part, start, end)
        codes = {number: BUILTIN_FORMATS.get(number) for number in set(formats.values())}

        def custom(tag, attributes):
            if tag.rpartition("}")[2] == "numFmt" and int(attributes.get("numFmtId", -1)) in codes:
                codes[int(attributes["numFmtId"])] = attributes.get("formatCode", "")

        if any(number not in BUILTIN_FORMATS for number in codes):
            self._parse(part, custom)  # custom formats come before the styles using them
        return {style for style, number in formats.items() if is_date_format(codes[number])}


def _value(kind: str, raw: str, strings: dict, is_date: bool, epoch) -> str:
    """The cell as text, the way openpyxl would show it."""
    if kind == "s":
        return strings[int(raw)]
    if kind in ("inlineStr", "str", "e") or not raw:
        return raw
    try:
        if kind == "b":
            return str(bool(int(raw)))
        if kind == "d":
            return str(from_ISO8601(raw))
        number = float(raw) if any(c in raw for c in ".Ee") else int(raw)
        return str(from_excel(number, epoch) if is_date else number)
    except (ValueError, OverflowError):
        return raw
