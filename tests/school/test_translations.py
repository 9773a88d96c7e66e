"""The Korean catalogue is complete and its compiled form is current."""

import ast
import re
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO_FILE = LOCALE / "ko" / "LC_MESSAGES" / "django.po"
# Our Korean for the Wagtail admin, where Wagtail's own is missing or wrong.
WAGTAIL_PO_FILE = LOCALE / "wagtail" / "ko" / "LC_MESSAGES" / "django.po"


def _po_entries(po_file: Path = PO_FILE) -> list[tuple[str, str]]:
    """Return (msgid, msgstr, is_plural) for each entry, joining multi-line strings.

    A msgid with a context (msgctxt) comes as gettext keeps it: "context\x04msgid"."""
    entries, current, field = [], {}, None
    for line in po_file.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) (".*")$', line)
        if match:
            field = match.group(1)
            current[field] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif not line.strip() and current:
            msgstr = current.get("msgstr", current.get("msgstr[0]", ""))
            if current.get("msgid"):
                msgid = current["msgid"]
                if "msgctxt" in current:
                    msgid = f"{current['msgctxt']}\x04{msgid}"
                entries.append((msgid, msgstr, "msgid_plural" in current))
            current, field = {}, None
    return entries


def test_every_message_has_a_korean_translation():
    entries = _po_entries()
    assert len(entries) > 150
    assert [msgid for msgid, msgstr, _ in entries if not msgstr] == []


def test_compiled_catalogue_matches_the_po_file():
    with translation.override("ko"):
        for msgid, msgstr, is_plural in _po_entries():
            if is_plural:
                continue
            assert translation.gettext(msgid) == msgstr, msgid


def test_korean_calls_a_track_분야_everywhere():
    """The site says 분야; the reports and certificate templates must not say 트랙."""
    assert [(msgid, msgstr) for msgid, msgstr, _ in _po_entries() if "트랙" in msgstr] == []


def test_our_korean_for_the_wagtail_admin_is_complete_compiled_and_wins():
    entries = _po_entries(WAGTAIL_PO_FILE)
    assert [msgid for msgid, msgstr, _ in entries if not msgstr] == []
    with translation.override("ko"):
        for msgid, msgstr, is_plural in entries:
            if not is_plural and msgid not in _OURS_WIN:
                assert translation.gettext(msgid) == msgstr, msgid


# Msgids the project's own catalogue also translates: it comes first in LOCALE_PATHS.
_OURS_WIN = {msgid for msgid, _, _ in _po_entries()}
