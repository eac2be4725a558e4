"""Text primitives every rule shares: folding (diacritics off), the capitalised words names are
made of, and sentences."""
from __future__ import annotations

import re
import unicodedata


_FOLDED = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "ð": "d", "þ": "th",
                         "–": "-", "—": "-", "’": "'"})


class _FoldTable(dict):
    """str.translate's table: each character as _fold_character makes it, worked out once."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        decomposed = unicodedata.normalize("NFKD", _FOLDED.get(code, character))
        self[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
        return self[code]


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    """Diacritics off and Nordic letters spelt out, same length class as the original per word.
    Character by character (a decomposition never spans two characters, and the marks it
    leaves are dropped), through a table: a generator over every character was a tenth of a
    build's mapping time."""
    return text if text.isascii() else text.translate(_FOLD_TABLE)


def normalised_name(name: str) -> str:
    """A comparison key for case names: folded, lower case, punctuation as spaces."""
    return " ".join(re.findall(r"\w+", _fold(name).casefold()))


_UPPER = "A-ZÆØÅÄÖÜÉ"
_NAME_WORD = rf"(?:[{_UPPER}][\w'’]*(?:[-/][\w'’]+)*|[{_UPPER}]/[{_UPPER}])"


def _first_sentence(text: str) -> str:
    sentences = _sentences(text)
    return sentences[0] if sentences else ""


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[\"“”–-]?[A-ZÆØÅÄÖÜÉ0-9])|\n+", text)
    return [" ".join(p.split()) for p in parts if p.strip()]
