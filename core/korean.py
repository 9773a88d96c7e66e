"""Korean particles that fit the word before them: 은/는, 이/가, 을/를, 과/와, 으로/로.

The choice depends only on whether the word's last syllable ends in a consonant (batchim);
for 으로/로 a final ㄹ counts as none (서울로, 마을로). Where the last character is not
Hangul and not a digit (a Latin name such as "IT"), both forms stay written out, as a
careful writer would: "IT은(는)".
"""

import re

_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3
_FINAL_RIEUL = 8  # the index of ㄹ among the 28 final-consonant slots (0 is none)

# Digits are read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구, with their finals.
_DIGIT_FINALS = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}

# (after a final consonant, after none): the pairs a word can take.
PAIRS = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
}

# What translators write when they cannot know the word: 은(는), 이(가), (으)로 and kin.
_WRITTEN_OUT = re.compile(
    r"(?P<word>\S*?)(?P<both>은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)"
    r"|과\(와\)|와\(과\)|\(으\)로|으로\(로\))"
)
_KEY = {
    "은(는)": "은",
    "는(은)": "은",
    "이(가)": "이",
    "가(이)": "이",
    "을(를)": "을",
    "를(을)": "을",
    "과(와)": "과",
    "와(과)": "과",
    "(으)로": "으로",
    "으로(로)": "으로",
}
# Closing marks that do not change how the word is read: 모임(서울)은, "모임"이; in a
# text that is HTML, closing tags and escaped marks too (<b>모임</b>이, &quot;모임&quot;이).
_TRAILING = re.compile(r"[\"'”’)\]}>」』\s]+$")
_TRAILING_HTML = re.compile(r"(?:<[^<>]*>|&(?:quot|#x27|#39|gt|rsquo|rdquo);|[\"'”’)\]}」』\s])+$")


def _final(word: str, *, html: bool = False) -> int | None:
    """The final-consonant index of the word's last syllable; None if it cannot be told."""
    word = (_TRAILING_HTML if html else _TRAILING).sub("", word)
    if not word:
        return None
    last = word[-1]
    if last in _DIGIT_FINALS:
        return _DIGIT_FINALS[last]
    if _FIRST_SYLLABLE <= ord(last) <= _LAST_SYLLABLE:
        return (ord(last) - _FIRST_SYLLABLE) % 28
    return None


def particle(word: str, which: str, *, html: bool = False) -> str:
    """The form of the particle `which` (either form, e.g. "은" or "는") that fits `word`."""
    with_final, without = PAIRS[which]
    final = _final(str(word), html=html)
    if final is None:
        return f"{with_final}({without})" if with_final != "으로" else "(으)로"
    if with_final == "으로":
        return without if final in (0, _FINAL_RIEUL) else with_final
    return with_final if final else without


def attach(word: str, which: str) -> str:
    """The word and the particle that fits it: attach("마을 미디어", "은") == "마을 미디어는"."""
    return f"{word}{particle(word, which)}"


def resolve(text: str) -> str:
    """Replace each written-out alternative (은(는), 이(가), (으)로, ...) in a text (plain or
    HTML) by the form that fits the word just before it; after what cannot be read (a Latin
    name), the alternative stays as it is."""

    def choose(match: re.Match) -> str:
        word = match["word"]
        if _final(word, html=True) is None:
            return match[0]
        return word + particle(word, _KEY[match["both"]], html=True)

    return _WRITTEN_OUT.sub(choose, text)
