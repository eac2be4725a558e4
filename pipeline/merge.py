"""Find records of the same work across sources: exact identifiers first, then fuzzy titles.

Exact: two records are one work when they share a DOI, handle, URN:NBN, Cristin id, ISBN or a
normalised landing-page URL. Fuzzy: records without a shared identifier are compared when their
core titles share a block (`block_keys`: opening, closing, sorted or long words), their years are
at most one apart, and then scored on title, author family names and publisher (`pair_score`).

A title is first taken apart (`title_parts`): a cover's series line ("NIBR-rapport 2017:12"), a
note in brackets, a leading kind or label word ("VEDLEGG", "Sammendrag:") and line-break hyphens
leave the core title; what they say is kept. Two titles never join, however alike their words,
when `titles_tell_apart`: one is an appendix or summary and the other not, they name other
instalments (Del 1 / Del 2), other numbers (Årsrapport 2021 / 2022), other report numbers, or
put other words in place of some (the same study of another place). Translations score low and
join only through an identifier.

Every union passes the same guards at cluster level: two clusters never join when their DOIs
differ, their ISBN sets are disjoint, or they hold different handles of one repository (both
non-empty). So a fuzzy edge A~B cannot pull A into a cluster whose DOI B got from C.

`merge_overrides` (pairs that must or must not merge) are applied on top: must_not_merge wins
over any evidence (an edge that would put the two records in one cluster is dropped, the rest
re-clustered around it); must_merge joins, with match_rule "override".

Every cluster says why (`match_rule`: the evidence kinds found inside it, e.g. "handle+url",
"isbn+title+year") and how strongly (`match_score`: its weakest link, 1.0 for identifiers).
Deterministic: records are ordered by (source, record_key) and edges by a fixed key before any
union (fuzzy edges by score, a pair of one year before a pair a year apart), so the input order
never changes the result.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml
from rapidfuzz import fuzz

EXACT_KINDS = ("doi", "handle", "urn", "cristin", "isbn", "url")
RULE_ORDER = ("override", *EXACT_KINDS, "title", "year", "authors", "publisher")

# Chosen from tests/data/merge_pairs.yml (`python -m quality.merge`): precision and recall
# are both 1.0 from 0.82 to 0.90 (a template sibling scores 0.81, a true pair 0.91 at the
# lowest); 0.86 is the middle of that plateau.
FUZZY_THRESHOLD = 0.86
BLOCK_WORDS = 3               # records are compared when their title keys open with these words
MAX_BLOCK = 1000              # more records opening alike are not compared (n² / 2 comparisons)
SHORT_WORD = 3                # letters of a word a page may drop or add ("med", "om", "i", "the")
MIN_TITLE_WORDS = 3           # shorter titles ("Annual report", "Frivillighet") name no single work
YEAR_TOLERANCE = 1            # print and online editions, cover year and deposit year
YEAR_GAP_PENALTY = 0.02       # in the order of fuzzy unions only: a pair of one year before a pair a year apart
WEIGHTS = {"title": 0.6, "authors": 0.3, "publisher": 0.1}
MAIN_TITLE_DISCOUNT = 0.95    # "title" vs "title: subtitle" is a little weaker than a full match
PUBLISHER_AGREES = 0.8
SAME_SPELLING = 0.85          # words left over in two titles this alike are one spelling (typo, compound)


# --- exact keys ------------------------------------------------------------------------------

def url_key(url: str | None) -> str | None:
    """Scheme-less, lower-case host, no default port, no trailing slash, no fragment."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", parts.query, ""))[2:]


def match_keys(work: dict) -> list[str]:
    """The identifiers by which a work can be matched, as 'kind:value'.

    URN:NBN is compared case-insensitively (the NBN resolvers are); "urn" and "cristin" are read
    when the mapping provides them."""
    keys = []
    if work.get("doi"):
        keys.append(f"doi:{work['doi']}")
    if work.get("handle"):
        keys.append(f"handle:{work['handle']}")
    if work.get("urn"):
        keys.append(f"urn:{work['urn'].strip().casefold()}")
    if work.get("cristin"):
        keys.append(f"cristin:{work['cristin']}")
    keys += [f"isbn:{isbn}" for isbn in work.get("isbn") or []]
    if key := url_key(work.get("url")):
        keys.append(f"url:{key}")
    return keys


# --- title keys ------------------------------------------------------------------------------

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


def block_key(title: str | None) -> str | None:
    """The first BLOCK_WORDS words of the title key. A subtitle starts after them in every
    labelled pair, so "title" and "title: subtitle" share it; titles shorter than
    MIN_TITLE_WORDS get none and are left to identifiers."""
    words = title_key(title).split()
    return " ".join(words[:BLOCK_WORDS]) if len(words) >= MIN_TITLE_WORDS else None


def block_keys(title: str | None, parts: TitleParts | None = None) -> set[str]:
    """Every block a title is compared in: the opening words of its core title (as block_key, with
    a cover's series line, "Vedlegg" or "Executive summary" in front moved out of the way), and
    the core's words sorted, for a cover that puts title and subtitle the other way round
    ("VUOSIKERTOMUS 2020 Keski-Suomen hankintarengas" / "Keski-Suomen hankintarengas:
    vuosikertomus 2020"), its closing words, for a cover that puts a name in front ("NIBR
    Interkommunalt samarbeid ..."), and its first long words, for a page that drops a little word
    ("Frikommuneforsøg: offentlig-privat ..." / "Frikommuneforsøg med offentlig-privat ...").
    `parts`: the title's title_parts, when the caller has them already."""
    words = (parts or title_parts(title)).key.split()
    if len(words) < MIN_TITLE_WORDS:
        return set()
    keys = {" ".join(words[:BLOCK_WORDS]), "last:" + " ".join(words[-BLOCK_WORDS:]),
            "sorted:" + " ".join(sorted(words))}
    long_words = [word for word in words if len(word) > SHORT_WORD]
    if len(long_words) >= 2:
        keys.add("long:" + " ".join(long_words[:BLOCK_WORDS]))
    return keys


# --- title parts: what a title says besides its own words ------------------------------------

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


@dataclass(frozen=True)
class TitleParts:
    key: str                  # title_key of the core title: no series line, kind word or note in brackets
    main: str | None          # main_title_key of the core title
    numbers: frozenset[str]   # numbers of the title and of a note in brackets ("Årsrapport 2021"), not of a series line
    series: frozenset[str]    # a report number from a series line or note ("NIBR-rapport 2017:12")
    kinds: frozenset[str]     # "appendix", "summary"
    parts: frozenset[str]     # instalment numbers, "interim", "final"


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
            return number, rest
    spaced = _SPACED_LABEL.match(title)
    if spaced and _long_enough(title[spaced.end():]):
        return frozenset({spaced[1], str(int(spaced[2]))}), title[spaced.end():]
    return frozenset(), title


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


@lru_cache(maxsize=1 << 16)
def title_parts(title: str | None) -> TitleParts:
    """A title taken apart: the core title the work is known by, and what the rest says (report
    number, numbers, document kind, instalment)."""
    if not isinstance(title, str):
        return TitleParts("", None, frozenset(), frozenset(), frozenset(), frozenset())
    whole = join_broken_words(title.strip())
    series, rest = _split_series_line(whole)
    rest, note = _split_note(rest)
    series = series or next((n for m in _NUMBERED.finditer(note) if (n := _report_number(m))), frozenset())
    core = _strip_leading_kind(rest)
    key = title_key(core)
    whole_key = key if core == whole else title_key(whole)
    numbers = _numbers(key if core == rest else title_key(rest))  # "Bilag 2 til ...": the 2 counts
    numbers |= _numbers(fold(_NUMBERED.sub(" ", note))) if note else set()
    return TitleParts(key, main_title_key(core), frozenset(numbers), series, _kinds(whole_key.split()),
                      _parts(whole_key))


# --- pair score ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PairScore:
    score: float
    evidence: tuple[str, ...]  # the signals both records had and agreed on: "title", "year", ...


def _numbers(key: str) -> set[str]:
    return {word for word in key.split() if word.isdigit()}


def _differ(a: frozenset, b: frozenset) -> bool:
    return bool(a and b and a != b)


# Little words a page may swap without naming another work ("rapport om" / "rapport av").
_FUNCTION_WORDS = {"og", "i", "av", "om", "for", "til", "med", "pa", "fra", "ved", "och", "till", "fran", "vid", "af",
                   "ja", "tai", "seka", "the", "of", "in", "on", "to", "and", "from", "by", "with", "at"}


def _other_words(a: str, b: str) -> bool:
    """Each title has words the other lacks, and they are not one spelling of the same words
    ("Bergen" / "Stavanger", "Pohjois-Savossa" / "Pohjois-Karjalassa"): the same study of another
    place, or another work with a look-alike title. A word only one title has (a subtitle, "med")
    is not another word; a compound written apart, a typo or an inflection is one spelling."""
    if a == b:
        return False
    words_a, words_b = a.split(), b.split()
    only_a, only_b = set(words_a) - set(words_b), set(words_b) - set(words_a)
    left_a = "".join(w for w in words_a if w in only_a and not w.isdigit() and w not in _FUNCTION_WORDS)
    left_b = "".join(w for w in words_b if w in only_b and not w.isdigit() and w not in _FUNCTION_WORDS)
    return bool(left_a and left_b) and fuzz.ratio(left_a, left_b) < SAME_SPELLING * 100


def titles_tell_apart(a: TitleParts, b: TitleParts) -> bool:
    """Two titles that name different works however alike they read: an appendix or summary
    beside the report, other instalments, other numbers (years, editions), other report numbers,
    or other words in place of some (another place)."""
    return (a.kinds != b.kinds or (bool(a.parts and b.parts) and not a.parts & b.parts)
            or _differ(a.numbers, b.numbers) or _differ(a.series, b.series) or _other_words(a.key, b.key))


def title_similarity(a: str | None, b: str | None) -> float:
    """0..1 over the core titles (series line, kind word and bracketed note off); see
    parts_similarity."""
    return parts_similarity(title_parts(a), title_parts(b))


def parts_similarity(parts_a: TitleParts, parts_b: TitleParts) -> float:
    """0..1: the token-sorted ratio of the core title keys, or one main title against the other
    whole title when only one has a subtitle, or one title opening the other (a cover or page
    that leaves the subtitle out). 0 when titles_tell_apart ("Annual report 2019" vs "2020",
    "Vedlegg til X" vs "X", "X i Bergen" vs "X i Stavanger")."""
    if titles_tell_apart(parts_a, parts_b):
        return 0.0
    key_a, key_b = parts_a.key, parts_b.key
    best = fuzz.token_sort_ratio(key_a, key_b) / 100 if min(len(key_a.split()), len(key_b.split())) >= MIN_TITLE_WORDS else 0.0
    for main, whole, other_main in ((parts_a.main, key_b, parts_b.main), (parts_b.main, key_a, parts_a.main)):
        if main and other_main is None and len(main.split()) >= MIN_TITLE_WORDS:
            best = max(best, MAIN_TITLE_DISCOUNT * fuzz.ratio(main, whole) / 100)
    short, long = sorted((key_a.split(), key_b.split()), key=len)
    if len(short) >= MIN_TITLE_WORDS and long[:len(short)] == short:
        best = max(best, MAIN_TITLE_DISCOUNT if len(long) > len(short) else 1.0)
    return best


def family_names(authors: list[str] | None) -> set[str]:
    """Folded family names ("Family, Given" -> "family"); a corporate author stays whole."""
    return {fold(name.split(",", 1)[0]) for name in authors or [] if fold(name)}


def pair_score(a: dict, b: dict, parts: tuple[TitleParts, TitleParts] | None = None) -> PairScore | None:
    """How alike two records are, or None when they must not be compared: years more than
    YEAR_TOLERANCE apart (a missing year does not block) or no title similarity at all.
    `parts`: the two titles' title_parts, when the caller has them already.

    The score is a weighted mean over the signals both records have: title always, author
    overlap (shared family names / the shorter list), publisher ratio."""
    if a.get("year") and b.get("year") and abs(a["year"] - b["year"]) > YEAR_TOLERANCE:
        return None
    title = parts_similarity(*(parts or (title_parts(a.get("title")), title_parts(b.get("title")))))
    if title == 0:
        return None
    signals = {"title": title}
    names_a, names_b = family_names(a.get("authors")), family_names(b.get("authors"))
    if names_a and names_b:
        signals["authors"] = len(names_a & names_b) / min(len(names_a), len(names_b))
    publisher_a, publisher_b = fold(a.get("publisher")), fold(b.get("publisher"))
    if publisher_a and publisher_b:
        signals["publisher"] = fuzz.token_set_ratio(publisher_a, publisher_b) / 100
    weight = sum(WEIGHTS[name] for name in signals)
    score = sum(WEIGHTS[name] * value for name, value in signals.items()) / weight
    agreed = {"title"} | ({"year"} if a.get("year") and b.get("year") else set())
    agreed |= {"authors"} if signals.get("authors", 0) > 0 else set()
    agreed |= {"publisher"} if signals.get("publisher", 0) >= PUBLISHER_AGREES else set()
    return PairScore(round(score, 4), tuple(kind for kind in RULE_ORDER if kind in agreed))


# --- overrides -------------------------------------------------------------------------------

RecordRef = tuple[str, str]  # (source, record_key)


class OverridesError(ValueError):
    """A merge_overrides file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Overrides:
    must_merge: tuple[tuple[RecordRef, RecordRef], ...] = ()
    must_not_merge: tuple[tuple[RecordRef, RecordRef], ...] = ()


def load_overrides(path: str | Path) -> Overrides:
    """Read a merge_overrides YAML file:

        must_merge:     [["<source> <record_key>", "<source> <record_key>"], ...]
        must_not_merge: [["<source> <record_key>", "<source> <record_key>"], ...]

    A missing file means no overrides (the default path need not exist)."""
    path = Path(path)
    if not path.exists():
        return Overrides()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise OverridesError(f"{path}: not valid YAML: {error}") from error
    document = {} if document is None else document
    if not isinstance(document, dict):
        raise OverridesError(f"{path}: expected a mapping with must_merge / must_not_merge")
    unknown = sorted(set(map(str, document)) - {"must_merge", "must_not_merge"})
    if unknown:
        raise OverridesError(f"{path}: unknown key(s) {', '.join(unknown)}")
    return Overrides(*(_pairs(path, name, document.get(name)) for name in ("must_merge", "must_not_merge")))


def _pairs(path: Path, name: str, entries) -> tuple[tuple[RecordRef, RecordRef], ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise OverridesError(f"{path}: {name} must be a list of pairs")
    return tuple(_pair(path, f"{name}[{index}]", entry) for index, entry in enumerate(entries))


def _pair(path: Path, where: str, entry) -> tuple[RecordRef, RecordRef]:
    if not (isinstance(entry, list) and len(entry) == 2):
        raise OverridesError(f"{path}: {where}: expected two \"<source> <record_key>\" strings, got {entry!r}")
    refs = []
    for value in entry:
        source, _, key = value.strip().partition(" ") if isinstance(value, str) else ("", "", "")
        if not source or not key.strip():
            raise OverridesError(f"{path}: {where}: {value!r} is not \"<source> <record_key>\"")
        refs.append((source, key.strip()))
    if refs[0] == refs[1]:
        raise OverridesError(f"{path}: {where}: a record is paired with itself")
    return refs[0], refs[1]


# --- clustering ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edge:
    a: int  # positions in (source, record_key) order
    b: int
    kinds: tuple[str, ...]
    score: float
    guarded: bool = True  # overrides are not held back by the identifier guards


class _Clusters:
    """Union-find whose roots know their DOIs, ISBNs, handles and must-not partners, so a union
    is refused when the two clusters could not be one work."""

    def __init__(self, keys_per_record: list[list[str]], forbidden: dict[int, set[int]]):
        self.parent = list(range(len(keys_per_record)))
        self.members = {i: {i} for i in range(len(keys_per_record))}
        self.dois, self.isbns, self.handles = ({i: {k.split(":", 1)[1] for k in keys if k.startswith(kind)}
                                               for i, keys in enumerate(keys_per_record)}
                                              for kind in ("doi:", "isbn:", "handle:"))
        self.forbidden = forbidden

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, ra: int, rb: int, guarded: bool) -> bool:
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if any(self.forbidden.get(i, set()) & self.members[large] for i in self.members[small]):
            return True
        return guarded and (_disjoint(self.dois[ra], self.dois[rb]) or _disjoint(self.isbns[ra], self.isbns[rb])
                            or _handles_differ(self.handles[ra], self.handles[rb]))

    def union(self, edge: Edge) -> bool:
        """Join the clusters of the edge's records; False when they may not be joined."""
        ra, rb = self.find(edge.a), self.find(edge.b)
        if ra == rb or self.conflict(ra, rb, edge.guarded):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        for table in (self.members, self.dois, self.isbns, self.handles):
            table[keep] |= table.pop(gone)
        return True


def _disjoint(a: set, b: set) -> bool:
    return bool(a and b and not a & b)


def _handles_differ(a: set[str], b: set[str]) -> bool:
    """Different handles of one repository (same prefix) are different items."""
    prefixes = {h.split("/", 1)[0] for h in a} & {h.split("/", 1)[0] for h in b}
    return any(_disjoint({h for h in a if h.startswith(p + "/")}, {h for h in b if h.startswith(p + "/")})
               for p in prefixes)


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]  # indexes into the caller's list, in (source, record_key) order
    match_rule: str           # "single", or the evidence kinds joined by "+"
    match_score: float | None  # the weakest link: 1.0 for identifiers and overrides


@dataclass
class MergeResult:
    clusters: list[Cluster]
    warnings: list[str] = field(default_factory=list)
    comparisons: int = 0  # fuzzy pair comparisons made (blocking keeps this near-linear)


def merge_works(works: list[dict], overrides: Overrides = Overrides(), *, fuzzy: bool = True,
                threshold: float = FUZZY_THRESHOLD) -> MergeResult:
    """Cluster mapped works (with "_source" and "_key", and "_keys" where the caller has their
    match keys already) into works: overrides, then exact identifier edges, then fuzzy edges
    from the strongest down."""
    order = sorted(range(len(works)), key=lambda i: (works[i]["_source"], works[i]["_key"]))
    ordered = [works[i] for i in order]
    position = {(w["_source"], w["_key"]): p for p, w in enumerate(ordered)}
    warnings: list[str] = []
    joins, forbidden = _override_edges(overrides, position, warnings)
    fuzzy_edges, comparisons = _fuzzy_edges(ordered, threshold) if fuzzy else ([], 0)
    found = _connect([w["_keys"] if "_keys" in w else match_keys(w) for w in ordered], joins, forbidden,
                     fuzzy_edges)
    for edge in joins:
        if found.find(edge.a) != found.find(edge.b):
            warnings.append(f"must_merge {_ref(ordered[edge.a])} + {_ref(ordered[edge.b])} "
                            "not joined: a must_not_merge pair would end up in one work")
    clusters = [Cluster(tuple(order[p] for p in members), rule, score) for members, rule, score in found.described]
    return MergeResult(clusters, warnings, comparisons)


def cluster(keys_per_record: list[list[str]]) -> list[tuple[list[int], str]]:
    """Exact-only grouping of records (in the caller's order) by shared keys, with the guards
    of merge_works: for callers that have keys only."""
    return [(list(members), rule) for members, rule, _ in _connect(keys_per_record, [], {}, []).described]


class _Connected:
    def __init__(self, clusters: _Clusters, described: list[tuple[tuple[int, ...], str, float | None]]):
        self.find = clusters.find
        self.described = described


def _connect(keys_per_record: list[list[str]], joins: list[Edge], forbidden: dict[int, set[int]],
             fuzzy_edges: list[Edge]) -> _Connected:
    """Union overrides, then identifier edges, then fuzzy edges, each only if the guards allow."""
    clusters = _Clusters(keys_per_record, forbidden)
    evidence = joins + _exact_edges(keys_per_record) + fuzzy_edges
    tree = [edge for edge in evidence if clusters.union(edge)]
    return _Connected(clusters, _described(clusters, tree, evidence))


def _ref(work: dict) -> str:
    return f"{work['_source']} {work['_key']}"


def _override_edges(overrides: Overrides, position: dict[RecordRef, int],
                    warnings: list[str]) -> tuple[list[Edge], dict[int, set[int]]]:
    """must_merge as edges; must_not_merge as forbidden partners. Unknown records are warned
    about and skipped."""
    joins, forbidden = [], defaultdict(set)
    for name, pairs in (("must_merge", overrides.must_merge), ("must_not_merge", overrides.must_not_merge)):
        for index, pair in enumerate(pairs):
            missing = [f"{source} {key}" for source, key in pair if (source, key) not in position]
            if missing:
                warnings.append(f"{name}[{index}]: no record {' / '.join(missing)}; override skipped")
                continue
            a, b = sorted(position[ref] for ref in pair)
            if name == "must_merge":
                joins.append(Edge(a, b, ("override",), 1.0, guarded=False))
            else:
                forbidden[a].add(b)
                forbidden[b].add(a)
    return sorted(joins, key=lambda e: (e.a, e.b)), dict(forbidden)


def _exact_edges(keys_per_record: list[list[str]]) -> list[Edge]:
    """One edge from the first holder of a key to each other holder, keys in EXACT_KINDS order."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_per_record):
        for key in dict.fromkeys(keys):
            holders[key].append(index)
    rank = {kind: n for n, kind in enumerate(EXACT_KINDS)}
    edges = []
    for key in sorted(holders, key=lambda k: (rank[k.split(":", 1)[0]], k)):
        first, *others = holders[key]
        edges += [Edge(first, other, (key.split(":", 1)[0],), 1.0) for other in others]
    return edges


def _candidate_pairs(works: list[dict], parts: list[TitleParts]) -> set[tuple[int, int]]:
    """The pairs (a < b) that share a block (block_keys), each once."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, work in enumerate(works):
        for key in block_keys(work.get("title"), parts[index]):
            blocks[key].append(index)
    pairs = set()
    for members in blocks.values():
        if len(members) > MAX_BLOCK:  # an opening too common to name a work ("Rapport fra ...")
            continue
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    return pairs


def _year_gap(a: dict, b: dict) -> float:
    """0 for the same year, 1 a year apart, half that when a year is missing."""
    return abs(a["year"] - b["year"]) if a.get("year") and b.get("year") else 0.5


def _fuzzy_edges(works: list[dict], threshold: float) -> tuple[list[Edge], int]:
    """Scored pairs within each block at or above the threshold, strongest first. Among equally
    strong pairs one of the same year goes first: a record between two look-alike versions (a
    working paper and its final report a year later, kept apart by their identifiers) joins the
    one of its own year before the guards shut the other out."""
    edges, ranks = [], {}
    parts = [title_parts(work.get("title")) for work in works]
    pairs = _candidate_pairs(works, parts)
    for a, b in pairs:
        found = pair_score(works[a], works[b], (parts[a], parts[b]))
        if found and found.score >= threshold:
            edges.append(Edge(a, b, found.evidence, found.score))
            ranks[a, b] = found.score - YEAR_GAP_PENALTY * _year_gap(works[a], works[b])
    return sorted(edges, key=lambda e: (-ranks[e.a, e.b], e.a, e.b)), len(pairs)


def _described(clusters: _Clusters, tree: list[Edge],
               evidence: list[Edge]) -> list[tuple[tuple[int, ...], str, float | None]]:
    """(members, rule, score) per cluster: the rule lists every evidence kind found inside it
    (identifiers shared by members included), the score is the weakest union that built it."""
    kinds: dict[int, set[str]] = defaultdict(set)
    for edge in evidence:
        root = clusters.find(edge.a)
        if root == clusters.find(edge.b):
            kinds[root].update(edge.kinds)
    weakest: dict[int, float] = {}
    for edge in tree:
        root = clusters.find(edge.a)
        weakest[root] = min(weakest.get(root, 1.0), edge.score)
    result = []
    for root in sorted(clusters.members):
        members = tuple(sorted(clusters.members[root]))
        if len(members) == 1:
            result.append((members, "single", None))
        else:
            result.append((members, "+".join(kind for kind in RULE_ORDER if kind in kinds[root]), weakest[root]))
    return result


def new_work_id(member_keys: list[str]) -> str:
    """An id for a work seen for the first time: derived from its smallest member key."""
    return "w" + hashlib.sha1(min(member_keys).encode("utf-8")).hexdigest()[:12]
