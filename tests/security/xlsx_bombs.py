"""Hostile workbooks, each a way an XLSX file has made a reader allocate or work far
beyond what the file looks like.

They are zipped here by hand: a part is a list of (text, times) pieces, and a piece
repeated a million times is deflated once and its compressed bytes repeated, so a file
that unpacks to a gigabyte takes a second to build and a megabyte to hold.
"""

import struct
import zlib

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
    f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOOK_RELS = (
    f'<Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_SHEET_ENTRY = '<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>'
_STYLES = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/>'
    "</cellStyleXfs><cellXfs>{xfs}</cellXfs></styleSheet>"
)
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>사람</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>차시</t></is></c></row>'
)


def _book(sheets: int = 1) -> str:
    entries = "".join(_SHEET_ENTRY.format(n=n) for n in range(1, sheets + 1))
    return (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{entries}</sheets></workbook>'
    )


def worksheet(*rows, dimension: str = "A1:B1") -> list:
    return [
        (f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>', 1),
        *rows,
        ("</sheetData></worksheet>", 1),
    ]


def package(*, sheet=None, strings=None, styles=None, sheets: int = 1, declare=None) -> bytes:
    """An XLSX file of the given parts and minimal others; `declare` overrides the
    unpacked sizes some entries state ({name: size})."""
    parts = {
        "[Content_Types].xml": [(_CONTENT_TYPES, 1)],
        "_rels/.rels": [(_PACKAGE_RELS, 1)],
        "xl/workbook.xml": [(_book(sheets), 1)],
        "xl/_rels/workbook.xml.rels": [(_BOOK_RELS, 1)],
        "xl/worksheets/sheet1.xml": sheet or worksheet((_HEADER_ROW, 1)),
        "xl/sharedStrings.xml": strings or [(f'<sst xmlns="{MAIN}"/>', 1)],
        "xl/styles.xml": styles or [(_STYLES.format(xfs="<xf/>"), 1)],
    }
    return zip_of(parts, declare or {})


def _deflate(pieces) -> tuple[bytes, int, int]:
    """Raw deflate data, CRC-32 and unpacked size of the pieces, in order."""
    data, crc, size = [], 0, 0
    for text, times in pieces:
        chunk = text.encode()
        # Deflate up to ~64 KB of repeats once; a full flush makes that block stand alone.
        batch = max(1, min(times, (64 * 1024) // max(1, len(chunk))))
        for count in {batch, times % batch} - {0}:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            block = compressor.compress(chunk * count) + compressor.flush(zlib.Z_FULL_FLUSH)
            repeats = times // batch if count == batch else 1
            data.append(block * repeats)
            for _ in range(repeats):
                crc = zlib.crc32(chunk * count, crc)
            size += len(chunk) * count * repeats
    data.append(zlib.compressobj(9, zlib.DEFLATED, -15).flush())  # the final, empty block
    return b"".join(data), crc, size


def zip_of(parts: dict, declare: dict) -> bytes:
    """A zip archive of deflated parts ({name: pieces}), written header by header."""
    local, central = bytearray(), bytearray()
    for name, pieces in parts.items():
        data, crc, size = _deflate(pieces)
        size = declare.get(name, size)
        encoded = name.encode()
        fields = (8, 0, 0x21, crc, len(data), size, len(encoded))  # deflate, 1980-01-01
        central += struct.pack("<4s4H", b"PK\x01\x02", 20, 20, 0x800, fields[0])
        central += struct.pack("<2H3I5H2I", *fields[1:], 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<4s3H", b"PK\x03\x04", 20, 0x800, fields[0])
        local += struct.pack("<2H3I2H", *fields[1:], 0) + encoded + data
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), len(local), 0
    )
    return bytes(local + central + end)


def huge_dimension() -> bytes:
    """A sheet that says it spans A1:XFD1048576 and holds a cell in its last corner."""
    corner = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return package(sheet=worksheet((_HEADER_ROW, 1), (corner, 1), dimension="A1:XFD1048576"))


def two_million_rows() -> bytes:
    """Two million rows of three cells: about a megabyte zipped, 260 MB unpacked."""
    row = (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>2027-03-02'
        '</t></is></c><c t="inlineStr"><is><t>출석</t></is></c></row>'
    )
    return package(sheet=worksheet((row, 2_000_000), dimension="A1:C2000000"))


def rows_far_below() -> bytes:
    """A header, then a row a million rows down: the gap must not be filled in memory."""
    far = '<row r="1000000"><c r="A1000000"><v>1</v></c></row>'
    return package(sheet=worksheet((_HEADER_ROW, 1), (far, 1), dimension="A1:A1000000"))


def wide_row() -> bytes:
    """One row of a million empty cells, more than a sheet can have."""
    return package(sheet=worksheet(("<row>", 1), ("<c/>", 1_000_000), ("</row>", 1)))


def wide_rows() -> bytes:
    """A thousand rows of a thousand empty cells each, just inside the unpacked-size limit:
    the most elements a file can make the reader look at."""
    return package(sheet=worksheet(("<row>" + "<c/>" * 1000 + "</row>", 1000)))


def many_styles() -> bytes:
    """Two hundred thousand cell styles, and a number cell that uses the last one."""
    cell = '<row r="2"><c r="A2" s="199999"><v>46083</v></c></row>'
    head, tail = _STYLES.split("{xfs}")
    return package(
        sheet=worksheet((_HEADER_ROW, 1), (cell, 1)),
        styles=[(head, 1), ('<xf numFmtId="14"/>', 200_000), (tail, 1)],
    )


def many_strings() -> bytes:
    """Shared strings by the hundred thousand, and a cell that uses the last one."""
    cell = '<row r="2"><c r="A2" t="s"><v>239999</v></c></row>'
    return package(
        sheet=worksheet((_HEADER_ROW, 1), (cell, 1)),
        strings=[(f'<sst xmlns="{MAIN}">', 1), ("<si><t>x</t></si>", 240_000), ("</sst>", 1)],
    )


def many_sheet_entries() -> bytes:
    """Two thousand sheet entries naming one sheet without a dimension: a reader that
    sizes every sheet when it opens the workbook reads that sheet two thousand times."""
    sheet = worksheet(("<row/>", 100_000))
    sheet[0] = (sheet[0][0].replace('<dimension ref="A1:B1"/>', ""), 1)
    return package(sheet=sheet, sheets=2_000)


def unpacks_to_a_gigabyte() -> bytes:
    """A shared-strings part that honestly declares a gigabyte of spaces."""
    cell = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    strings = [(f'<sst xmlns="{MAIN}"><si><t>', 1), (" " * 1024, 1 << 20), ("</t></si></sst>", 1)]
    return package(sheet=worksheet((_HEADER_ROW, 1), (cell, 1)), strings=strings)


def lies_about_its_size() -> bytes:
    """A sheet whose zip entry declares 1 KB while its data unpacks to 100 MB."""
    sheet = worksheet((_HEADER_ROW, 1), ("<row>", 1), (" " * 1024, 100 << 10), ("</row>", 1))
    return package(sheet=sheet, declare={"xl/worksheets/sheet1.xml": 1024})


def laughs() -> bytes:
    """Entities that expand to a billion characters (the 'billion laughs')."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">' for n in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{MAIN}">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return package(sheet=[(sheet, 1)])


def many_members() -> bytes:
    """Twenty thousand empty entries beside a small workbook."""
    parts = {f"{n}": [] for n in range(20_000)}
    return zip_of({**parts, "[Content_Types].xml": [(_CONTENT_TYPES, 1)]}, {})


BOMBS = {
    "huge_dimension": huge_dimension,
    "two_million_rows": two_million_rows,
    "rows_far_below": rows_far_below,
    "wide_row": wide_row,
    "wide_rows": wide_rows,
    "many_styles": many_styles,
    "many_strings": many_strings,
    "many_sheet_entries": many_sheet_entries,
    "unpacks_to_a_gigabyte": unpacks_to_a_gigabyte,
    "lies_about_its_size": lies_about_its_size,
    "laughs": laughs,
    "many_members": many_members,
}
