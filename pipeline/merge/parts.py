"""Title parts: what a title says besides its own words. A cover's series line, a note in brackets,
a leading kind or label word and line-break hyphens come off, leaving the core title; the report
number, numbers, document kind and instalment they name are kept (TitleParts)."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.merge.titles import _NOT_WORD, MIN_TITLE_WORDS, fold, main_title_key, title_key

# A line-break hyphen left by a transcript ("samar- beid", "innovations- partnerskab") joins the
# word again; not before a conjunction, where it stands for a shared ending ("Lønns- og
# arbeidsvilkår").
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-\s+(?=([^\W\d_]+))")
_CONJUNCTIONS = {"og", "och", "eller", "and", "or", "ja", "tai", "sekä", "samt", "und", "et"}
# A report number: a year and a running number, "2017:12", "4/2021", "8-2019", "2013/008".
_NUMBERED = re.compile(r"(?<![\w:/-])(\d{1,4})[:/-](\d{1,4})(?![\w:/-])")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
# A file-name series line without punctuation: "NIVI rapport 2016 3 Title".
_SPACED_LABEL = re.compile(r"^(?:\S+\s+){0,5}?\S*(?:rapport|report|notat|paper|julkaisu|raportti|skrift|serie)\S*"
                           r"\s+((?:19|20)\d\d)\s+(\d{1,3})\s+(?=\S)", re.IGNORECASE)
_LABEL_WORDS = 6              # a series line in front of a title is at most this many words and a number
# "... till rapport", "... to report": a series line that names the report a record belongs to
_REFERS = re.compile(r"\b(?:til|till|to|of|for|af|av|kohteeseen)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
# A series line after the title, as a cover or a page may print it: "Title CKS rapport 2017:2"
# (a label word, after at most an acronym; "Title (NIBR-notat 2019/4)" is a note and read as
# one). The label word is required, so that a title ending in a span ("2014-2020") keeps it.
_TRAILING_SERIES = re.compile(
    r"[\s:.,;–—-]+(?:(?-i:[A-ZÆØÅÄÖ]{2,6})\s+)?\S*(?:rapport|report|notat|paper|julkaisu|julkaisuja|raportti|raportteja|skrift|"
    r"serie|publikation|publikationer)\S*\s+(?:nr\.?\s*|no\.?\s*)?(\d{1,4})[:/-](\d{1,4})\s*$", re.IGNORECASE)
_BRACKET = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_SEPARATORS = " \t:.,;–—-"
# A document-kind or label word in front of the title it belongs to: "VEDLEGG Title", "Sammendrag:
# Title", "Bilaga 1–3 till Title", "Executive summary – Title", "Arbejdspapir: Title", "RAPPORT
# Title". It leaves the key (what it says is read from the whole title, TitleParts.kinds/parts).
_LEADING_KIND = re.compile(
    r"^(?:vedlegg\w*|bilag\w*|liite\w*|liitteet|appendi(?:x|ks|ces)|annex|sammendrag|samandrag|sammandrag|"
    r"sammanfattning|sammenfatning|oppsummering|resum[eé]|tiivistelm[aä]|yhteenveto|(?:executive\s+)?summary|"
    r"arbeidsnotat|arbeidsrapport|arbejdspapir|arbetsrapport|working\s+paper|discussion\s+paper|notat|"
    r"rapport|report|raportti|sluttrapport|slutrapport|loppuraportti|delrapport|mellomrapport|osaraportti)"
    r"(?:\s+\d+(?:\s*[–-]\s*\d+)?)?(?:\s+(?:til|till|to|of|for|af|av))?(?=[\s:.,;–—-])", re.IGNORECASE)
# Words that make a record a document about another work: its appendix or its summary. A title
# with one of them and a title without are two works, however alike the rest.
_APPENDIX_STARTS = ("vedlegg", "bilag", "liite", "liitte", "appendi", "annex")
_APPENDIX_ENDINGS = ("vedlegg", "vedlegget", "bilag", "bilaga", "bilagor", "liite", "liitteet", "appendix")
_SUMMARY = {"sammendrag", "samandrag", "sammandrag", "sammanfattning", "sammenfatning", "oppsummering", "resume",
            "tiivistelma", "yhteenveto", "summary", "kortversjon", "kortversion"}
# ... except where the word says what the report itself contains: "med engelsk sammendrag", "with
# appendices", "inkl. bilag", "English summary" after the title.
_CONTAINS = {"med", "with", "inkl", "inklusive", "including", "incl", "samt", "og", "och", "and", "ja", "engelsk",
             "english", "norsk", "svensk", "dansk", "finsk", "norwegian", "swedish", "danish", "finnish"}
# Which instalment of a work a title names: "Del 2", "osa 1", "Part II", "1. osa", "andre
# delrapport", "Sluttrapport". Two titles naming different instalments are two works.
_PART_WORDS = {"del", "delen", "delrapport", "delrapporten", "part", "osa", "osaraportti", "vol", "volume", "bind",
               "hefte"}
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9", "x": "10"}
_ORDINALS = {"forste": "1", "forsta": "1", "first": "1", "ensimmainen": "1", "andre": "2", "andra": "2",
             "anden": "2", "second": "2", "toinen": "2", "tredje": "3", "third": "3", "kolmas": "3", "fjerde": "4",
             "fjarde": "4", "fourth": "4", "neljas": "4", "one": "1", "two": "2", "three": "3"}
_INTERIM = {"delrapport", "delrapporten", "osaraportti", "valiraportti", "mellomrapport", "interim"}
_FINAL = {"sluttrapport", "sluttrapporten", "slutrapport", "slutrapporten", "loppuraportti"}


@dataclass(frozen=True, slots=True)  # slots: a build holds the parts of every record (a million)
class TitleParts:
    key: str                  # title_key of the core title: no series line, kind word or note in brackets
    main: str | None          # main_title_key of the core title
    numbers: frozenset[str]   # numbers of the title and of a note in brackets ("Årsrapport 2021"), not of a series line
    series: frozenset[str]    # a report number from a series line or note ("NIBR-rapport 2017:12")
    kinds: frozenset[str]     # "appendix", "summary"
    parts: frozenset[str]     # instalment numbers, "interim", "final"

    def to_json(self) -> str:
        """The parts as a build keeps them with a mapped record (title_parts is the merge's most
        costly step per record, and every build needs the parts of every record)."""
        return json.dumps([self.key, self.main, *(sorted(found) for found in (self.numbers, self.series, self.kinds,
                                                                             self.parts))], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TitleParts:
        key, main, numbers, series, kinds, parts = json.loads(text)
        return cls(key, main, _frozen(numbers), _frozen(series), _frozen(kinds), _frozen(parts))


_NONE: frozenset[str] = frozenset()


def _frozen(items: Iterable[str]) -> frozenset[str]:
    """The items as a frozenset; one empty set for all. Most titles name no number, series, kind
    or instalment, and each empty frozenset is 216 bytes: four a record, up to 0.9 GB at a million."""
    return frozenset(items) if items else _NONE


def join_broken_words(text: str) -> str:
    """"samar- beid" -> "samarbeid"; "Lønns- og arbeidsvilkår" stays."""
    return _BROKEN_WORD.sub(lambda m: m[0] if m[1].casefold() in _CONJUNCTIONS else "", text)


def _long_enough(text: str) -> bool:
    """What is left of a title once a label is off still names a work (MIN_TITLE_WORDS words)."""
    return len(_NOT_WORD.sub(" ", text).split()) >= MIN_TITLE_WORDS


def _report_number(match: re.Match) -> frozenset[str] | None:
    """A year and a running number (one of the two year-like), else None ("2014-2020" is a span)."""
    first, second = match[1], match[2]
    if bool(_YEAR.fullmatch(first)) == bool(_YEAR.fullmatch(second)):
        return None
    return frozenset({str(int(first)), str(int(second))})


def _split_series_line(title: str) -> tuple[frozenset[str], str]:
    """A series line in front of the title ("NIBR-rapport 2017:12 Title", "TemaNord 2021:538
    Title", "NF-rapport nr. 4/2021 Title"): its report number and the rest. A transcript puts the
    cover's series line first; the repository keeps it in the series field."""
    if not _DIGIT.search(title):
        return frozenset(), title
    match = _NUMBERED.search(title)
    number = _report_number(match) if match else None
    if number and len(title[:match.start()].split()) <= _LABEL_WORDS:
        rest = title[match.end():].lstrip(_SEPARATORS)
        if _long_enough(rest):
            # "Bilagor till rapport 2019:4 Title": the number of the report it belongs to, not its own
            referred = _REFERS.search(title[:match.start()])
            return (frozenset() if referred else number), (title[:referred.start()] + " " + rest if referred else rest)
    spaced = _SPACED_LABEL.match(title)
    if spaced and _long_enough(title[spaced.end():]):
        return frozenset({spaced[1], str(int(spaced[2]))}), title[spaced.end():]
    trailing = _TRAILING_SERIES.search(title)
    number = _report_number(trailing) if trailing else None
    if number and _long_enough(title[:trailing.start()]):
        return number, title[:trailing.start()]
    return frozenset(), title


@lru_cache(maxsize=1 << 16)
def report_number(series: str | None) -> frozenset[str]:
    """The report number a series statement gives ("CKS rapport ; 2017:2", "BI Working Paper
    4/2014"), or an empty set."""
    match = next((n for m in _NUMBERED.finditer(series or "") if (n := _report_number(m))), None)
    return match or frozenset()


def _split_note(title: str) -> tuple[str, str]:
    """A note in brackets after the title ("Title (VF-rapport 5/2019)", "Title (Agderforskning
    2014)"): the title and the note. A web page cites the report so; the note is not its title."""
    match = _BRACKET.search(title)
    if match and _long_enough(title[:match.start()]):
        return title[:match.start()], match[1]
    return title, ""


def _strip_leading_kind(title: str) -> str:
    """"VEDLEGG Title" -> "Title": the kind word is kept in TitleParts.kinds, not in the key."""
    match = _LEADING_KIND.match(title)
    if match:
        rest = title[match.end():].lstrip(_SEPARATORS)
        if _long_enough(rest):
            return rest
    return title


def _kinds(words: list[str]) -> frozenset[str]:
    """"appendix" / "summary" when a kind word stands in the title (not after "med", "with",
    "engelsk" ...: then the report contains it)."""
    kinds = set()
    for n, word in enumerate(words):
        if n and words[n - 1] in _CONTAINS:
            continue
        if word.startswith(_APPENDIX_STARTS) or (word.endswith(_APPENDIX_ENDINGS) and len(word) > 8):
            kinds.add("appendix")
        elif word in _SUMMARY:
            kinds.add("summary")
    return frozenset(kinds)


def _part_number(word: str, roman_one: bool = False) -> str | None:
    """"2", "II", "second" -> "2"; "I" only where it cannot be the Nordic "i" (in)."""
    if word.isdigit():
        return str(int(word))
    return "1" if roman_one and word == "i" else _ROMAN.get(word) or _ORDINALS.get(word)


def _parts(key: str) -> frozenset[str]:
    """The instalments a title key names: numbers after or before a part word, "interim",
    "final"."""
    words = key.split()
    parts = set()
    for n, word in enumerate(words):
        if word in _PART_WORDS:
            after = _part_number(words[n + 1], word in ("part", "vol", "volume")) if n + 1 < len(words) else None
            before = _part_number(words[n - 1]) if n else None
            parts |= {number for number in (after or before,) if number}
        parts |= {"interim"} if word in _INTERIM else set()
        parts |= {"final"} if word in _FINAL or (word == "final" and words[n + 1:n + 2] == ["report"]) else set()
    return frozenset(parts)


def _numbers(key: str) -> set[str]:
    return {word for word in key.split() if word.isdigit()}


@lru_cache(maxsize=1 << 16)
def title_parts(title: str | None) -> TitleParts:
    """A title taken apart: the core title the work is known by, and what the rest says (report
    number, numbers, document kind, instalment)."""
    if not isinstance(title, str):
        return TitleParts("", None, _NONE, _NONE, _NONE, _NONE)
    whole = join_broken_words(title.strip())
    series, rest = _split_series_line(whole)
    rest, note = _split_note(rest)
    series = series or next((n for m in _NUMBERED.finditer(note) if (n := _report_number(m))), frozenset())
    core = _strip_leading_kind(rest)
    key = title_key(core)
    whole_key = key if core == whole else title_key(whole)
    numbers = _numbers(key if core == rest else title_key(rest))  # "Bilag 2 til ...": the 2 counts
    numbers |= _numbers(fold(_NUMBERED.sub(" ", note))) if note else set()
    return TitleParts(key, main_title_key(core), _frozen(numbers), _frozen(series),
                      _frozen(_kinds(whole_key.split())), _frozen(_parts(whole_key)))
