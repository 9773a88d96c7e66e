"""Words people search the catalogue with, and the words our courses use for the same thing.

Each line is one group of equivalent words: a search for any of them also looks for the
others. Spacing never matters (개인 정보 = 개인정보). Add a group here when people search
for a course in words it does not use.
"""

import re

SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("스프레드시트", "엑셀", "구글 시트", "spreadsheet", "excel"),
    ("웹사이트", "홈페이지", "누리집", "website"),
    ("개인정보", "개인 정보", "privacy"),
    ("클라우드", "cloud"),
    ("화상 회의", "온라인 회의", "zoom", "줌"),
    ("비밀번호", "패스워드", "password"),
    ("백업", "backup"),
)

MAX_VARIANTS = 8
_SPACES = re.compile(r"\s+")


def _loose(word: str) -> re.Pattern:
    """The word with or without spaces between its letters, in any case: 개인 정보 = 개인정보."""
    letters = [re.escape(char) for char in _SPACES.sub("", word)]
    return re.compile(r"\s*".join(letters), re.IGNORECASE)


def variants(query: str, groups=SYNONYMS) -> list[str]:
    """The query as typed, without its spaces, and with each known word swapped for its
    synonyms: at most MAX_VARIANTS searches, the typed query first."""
    typed = _SPACES.sub(" ", query).strip()
    found: list[str] = []
    for text in [typed, _SPACES.sub("", typed)] + _swapped(typed, groups):
        if text and text.casefold() not in {seen.casefold() for seen in found}:
            found.append(text)
    return found[:MAX_VARIANTS]


def _swapped(typed: str, groups) -> list[str]:
    swapped = []
    for group in groups:
        for word in group:
            pattern = _loose(word)
            if pattern.search(typed):
                swapped += [pattern.sub(other, typed) for other in group]
    return swapped
