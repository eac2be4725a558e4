"""Nordic text analysis, shared by the search index (publish/search.py), topics and places.

Tokens are cut exactly as SQLite FTS5's unicode61 tokenizer cuts them (TokenChars asks SQLite),
so an index built from these tokens lines up with the original text token for token.

A token is normalised by the analyser of its language (ISO 639-3): a dictionary lemma
(simplemma) where one exists, then a Snowball stem (PyStemmer), then folding of the Nordic
letter variants: æ->ä, ø->ö and aa->å, which FTS5's `remove_diacritics 2` then folds on to a, o,
a. Compound words of Norwegian, Danish and Swedish are also split (longest known final part,
linking -s-/-e-, parts from wordfreq's word lists), so a part ("samarbeid") finds the compound
("trepartssamarbeidet"). Index, queries and the enrichment that reads words must use the same
versions of PyStemmer, simplemma and wordfreq (pinned in pyproject.toml).
"""
from __future__ import annotations

import math
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import Stemmer
import wordfreq
from simplemma.strategies import DictionaryLookupStrategy

from nordcat.dictionaries import IndexedStreamFactory

TOKENIZER = "unicode61 remove_diacritics 2"
CACHE_SIZE = 1 << 19  # distinct tokens remembered per analyser
# Dictionary lookups only (no guessing for unknown words), from simplemma's compact store:
# 80 MB for all languages instead of 650 MB, for about 30 µs a lookup (each word is cached);
# its seek index is kept on disk (nordcat/dictionaries.py).
DICTIONARY = DictionaryLookupStrategy(IndexedStreamFactory())


class TokenChars:
    """Which characters FTS5's unicode61 tokenizer keeps inside tokens, asked of SQLite itself.

    Python's Unicode tables are newer than SQLite's and SQLite counts combining marks and
    unassigned code points as token characters, so no unicodedata rule reproduces it exactly.
    Each character is probed once (as the middle of "a?b": one token or two) and remembered.
    """

    def __init__(self):
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(f"CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='{TOKENIZER}')")
        self._db.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance')")
        self._lock = threading.Lock()
        self._known: set[str] = set()
        self._separators: set[str] = set()
        self._token_pattern: re.Pattern = re.compile(".+")
        self._probe({chr(c) for c in range(128)})

    def split(self, text: str) -> list[str]:
        """The tokens of `text`, exactly as unicode61 cuts them (before case folding)."""
        unknown = set(text) - self._known
        if unknown:
            self._probe(unknown)
        return self._token_pattern.findall(text)

    def _probe(self, chars: set[str]) -> None:
        with self._lock:
            self._db.executemany("INSERT INTO probe(rowid, x) VALUES (?, ?)",
                                 ((ord(c), f"a{c}b") for c in chars))
            tokens = dict(self._db.execute("SELECT doc, count(*) FROM probe_terms GROUP BY doc"))
            self._db.execute("DELETE FROM probe")
            separators = {c for c in chars if tokens.get(ord(c)) != 1}
            if separators - self._separators:
                self._separators |= separators
                self._token_pattern = re.compile(f"[^{''.join(map(re.escape, sorted(self._separators)))}]+")
            self._known |= chars  # last: a character is known only once the pattern knows it


TOKEN_CHARS = TokenChars()


def tokens(text: str | None) -> list[str]:
    return TOKEN_CHARS.split(text) if text else []


def is_single_token(text: str) -> bool:
    return tokens(text) == [text]


# --- analysers ---------------------------------------------------------------------------------

COMPOUND_MIN_LENGTH = 8  # shorter words are rarely compounds worth splitting
LEXICALISED_ZIPF = 4.0   # a word this frequent is a word in its own right (samarbeid = sam+arbeid)
PART_MIN_ZIPF = 2.5      # a part must be a known, reasonably common word
HEAD_MIN_LENGTH, TAIL_MIN_LENGTH = 3, 4
LINKING_LETTERS = ("s", "e")  # trepart-s-samarbeid, barn-e-vern
SUFFIX_TAILS = ("skap", "skab")  # partner-skap is a derivation, not a compound of "skap" (cupboard)


@dataclass(frozen=True)
class Analyser:
    """How the words of one language are normalised. Every part is optional."""
    name: str
    lemma_lang: str | None = None     # simplemma language code
    snowball: str | None = None       # PyStemmer algorithm
    compounds_lang: str | None = None  # wordfreq language whose word list splits compounds
    fold_aa: bool = True              # "aa" is the old spelling of "å" (not in Finnish: long vowel)
    stem_lemmas: bool = True          # stem lemmas too, so known and unknown forms meet

    def form(self, token: str) -> str:
        """The index form of one original token: always a single unicode61 token."""
        return self._token_forms[token]

    def forms(self, tokens: list[str]) -> list[str]:
        return list(map(self._token_forms.__getitem__, tokens))

    def parts(self, token: str) -> list[str]:
        """Index forms of the parts of a compound token; [] for other words."""
        return self._token_parts[token]

    # Caches by the token as written (one lookup per token of a catalogue), over caches by its
    # lower-case form, so that "Kommunene" and "kommunene" cost one dictionary lookup.

    @cached_property
    def _token_forms(self) -> Memo:
        return Memo(lambda token: self._word_forms[_lower(token)] or token)

    @cached_property
    def _token_parts(self) -> Memo:
        return Memo(lambda token: self._word_parts[_lower(token)])

    @cached_property
    def _word_forms(self) -> Memo:
        return Memo(self._normalise)

    @cached_property
    def _word_parts(self) -> Memo:
        return Memo(self._split_and_normalise)

    @cached_property
    def _stemmer(self):
        return LockedStemmer(self.snowball) if self.snowball else None

    @cached_property
    def _words(self) -> dict[str, float]:
        return wordfreq.get_frequency_dict(self.compounds_lang, wordlist="best") if self.compounds_lang else {}

    def warm_up(self) -> None:
        """Load the word list, dictionary and stemmer now rather than inside the first query."""
        self.parts("partnerskapsavtalene")
        self.form("warm")

    def _normalise(self, word: str) -> str | None:
        """The folded lemma or stem of a lower-case word; None when neither it nor the folded word
        is one token (a lemma can be several words, "i dag"): form() then keeps the token."""
        normalised = self._lemma_and_stem(word) if word.isalpha() else word
        candidates = (fold(normalised, self.fold_aa), fold(word, self.fold_aa))
        return next((c for c in candidates if is_single_token(c)), None)

    def _lemma_and_stem(self, word: str) -> str:
        """Dictionary lemma, for words the dictionary knows (simplemma's guesses for unknown words
        turn foreign query words into junk: Finnish made "sama" of "samarbeid"); then the stem."""
        lemma = DICTIONARY.get_lemma(word, self.lemma_lang) if self.lemma_lang else None
        if lemma:
            word = lemma.lower()
        if self._stemmer and (self.stem_lemmas or not lemma):
            word = self._stemmer.stem(word)
        return word

    def _split_and_normalise(self, word: str) -> list[str]:
        if not self._words or len(word) < COMPOUND_MIN_LENGTH or not word.isalpha():
            return []
        # an inflected form is rarer than its word: samarbeidets is samarbeid, not sam + arbeidets
        if max(self._zipf(word), self._zipf(self._lemma_and_stem(word))) >= LEXICALISED_ZIPF:
            return []
        return [self.form(part) for part in self._split(word) or []]

    def _split(self, word: str) -> list[str] | None:
        """Longest known final part first; the head must be a known word (after dropping a
        linking letter) or itself a compound."""
        for cut in range(HEAD_MIN_LENGTH, len(word) - TAIL_MIN_LENGTH + 1):
            tail = word[cut:]
            if tail.startswith(SUFFIX_TAILS) or self._zipf(tail) < PART_MIN_ZIPF:
                continue
            head = self._head(word[:cut])
            if head:
                return head + [tail]
        return None

    def _head(self, head: str) -> list[str] | None:
        candidates = [head] + [head[:-1] for letter in LINKING_LETTERS if head.endswith(letter)]
        for candidate in candidates:
            if len(candidate) >= HEAD_MIN_LENGTH and self._zipf(candidate) >= PART_MIN_ZIPF:
                return [candidate]
        return self._split(head) if len(head) >= HEAD_MIN_LENGTH + TAIL_MIN_LENGTH else None

    def _zipf(self, word: str) -> float:
        frequency = self._words.get(word)
        return math.log10(frequency) + 9 if frequency else 0.0


class Memo(dict):
    """key -> compute(key), remembered; emptied when full, so a server's memory stays bounded."""

    def __init__(self, compute: Callable):
        super().__init__()
        self._compute = compute

    def __missing__(self, key):
        if len(self) >= CACHE_SIZE:
            self.clear()
        value = self[key] = self._compute(key)
        return value


class LockedStemmer:
    """A PyStemmer stemmer is not thread-safe; Datasette runs SQL functions on several threads."""

    def __init__(self, algorithm: str):
        self._stemmer = Stemmer.Stemmer(algorithm)
        self._lock = threading.Lock()

    def stem(self, word: str) -> str:
        with self._lock:
            return self._stemmer.stemWord(word)


def _lower(token: str) -> str:
    """Lower case in composed form: text from PDFs often spells ä as a + combining diaeresis."""
    return unicodedata.normalize("NFC", token).lower()


_AA = re.compile("aa")
_LETTER_VARIANTS = str.maketrans({"æ": "ä", "ø": "ö"})


def fold(word: str, fold_aa: bool = True) -> str:
    """æ/ä, ø/ö, å/aa to one letter each; FTS5's remove_diacritics then strips the dots and ring."""
    word = word.translate(_LETTER_VARIANTS)
    return _AA.sub("å", word) if fold_aa else word


BOKMAL = Analyser("bokmål", "nb", "norwegian", "nb")
NYNORSK = Analyser("nynorsk", "nn", "norwegian", "nb")  # wordfreq has no nynorsk list; most parts are shared
DANISH = Analyser("danish", "da", "danish", "da")
SWEDISH = Analyser("swedish", "sv", "swedish", "sv")
# Finnish: the Snowball stem of a lemma is too short (kunta -> kun, the word for "when"); the
# stemmer only serves words the dictionary lacks. No compound parts: they were mostly false.
FINNISH = Analyser("finnish", "fi", "finnish", fold_aa=False, stem_lemmas=False)
ICELANDIC = Analyser("icelandic", "is")  # no Snowball stemmer: the lemma only
ENGLISH = Analyser("english", "en", "english")
PLAIN = Analyser("plain")  # unknown language, and author names: case and letter variants only

ANALYSERS = {"nob": BOKMAL, "nor": BOKMAL, "nno": NYNORSK, "dan": DANISH, "swe": SWEDISH,
             "fin": FINNISH, "isl": ICELANDIC, "eng": ENGLISH}
QUERY_ANALYSERS = [BOKMAL, NYNORSK, DANISH, SWEDISH, FINNISH, ICELANDIC, ENGLISH, PLAIN]


def analyser(language: str | None) -> Analyser:
    return ANALYSERS.get((language or "").lower(), PLAIN)


def warm_up() -> None:
    for each in QUERY_ANALYSERS:
        each.warm_up()
