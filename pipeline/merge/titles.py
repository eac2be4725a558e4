"""Title keys: titles (and names, publishers) folded to a comparable form, and the main title
before a subtitle."""
from __future__ import annotations

import re
import unicodedata

MIN_TITLE_WORDS = 3           # shorter titles ("Annual report", "Frivillighet") name no single work

# Letters that do not decompose into a base letter and a mark; the others (å, ä, ö, é, ü) lose
# their mark in NFKD. Applied to titles, names and publishers alike.
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "ı": "i"})
_NOT_WORD = re.compile(r"[\W_]+")
_DOUBLE_A = re.compile(r"a{2,}")  # "aa" is how å was written before 1917/1948 and in ASCII
_ARTICLES = {"the", "a", "an", "en", "ei", "et", "den", "det", "der", "die", "das", "le", "la", "les"}
# Where a subtitle starts: a colon, a spaced dash, a full stop or question mark before more text.
_SUBTITLE = re.compile(r"\s*:\s*|\s+[-–—]+\s+|(?<=\w)[.?]\s+(?=\S)")


class _WithoutMarks(dict):
    """str.translate table that deletes combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_MARKS_OFF = _WithoutMarks()


def fold(text: str | None) -> str:
    """Lower case, compatibility forms, diacritics off, Nordic letters spelled out ("aa" and "å"
    both "a"), anything that is not a letter or digit a single space."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPELLED_OUT)
    text = unicodedata.normalize("NFKD", text).translate(_MARKS_OFF)
    return " ".join(_NOT_WORD.sub(" ", _DOUBLE_A.sub("a", text)).split())


def title_key(title: str | None) -> str:
    """The comparable form of a title: folded, leading articles dropped ("The", "En", "Det")."""
    words = fold(title).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words.pop(0)
    return " ".join(words)


def main_title_key(title: str | None) -> str | None:
    """The key of the part before the subtitle, or None when the title has no subtitle."""
    if not isinstance(title, str):
        return None
    parts = _SUBTITLE.split(title.strip(), maxsplit=1)
    if len(parts) < 2 or not _NOT_WORD.sub("", parts[1]):
        return None
    return title_key(parts[0]) or None
