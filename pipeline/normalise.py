"""Field normalisers: small pure functions from raw metadata strings to catalogue values.

Every function accepts any string (and tolerates None) and never raises: a value it cannot
read becomes None (or an empty result), so one odd record never stops a harvest. The
caller decides whether a None is worth reporting.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import unquote, urlsplit

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

YEAR_MIN, YEAR_MAX = 1500, 2100


# --- text -----------------------------------------------------------------------------------

# An HTML entity with its semicolon ("&amp;", "&#229;", "&#xE5;"); legacy forms without one
# ("&copy 2005") stay text. Repositories send entities escaped once more ("&amp;amp;").
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# A stray tag ("<i>", "</sup>", "<br/>", '<span class="x">'); "p < 0.05" is no tag. Inline tags
# vanish (H<sub>2</sub>O is H2O), those that break a line leave a space.
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_BREAKING = {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))  # soft hyphen, zero widths


def clean_text(raw: str | None) -> str | None:
    """Entities decoded (however often they were escaped), stray markup and invisible characters
    removed, every run of whitespace collapsed to one space and trimmed; None when nothing is
    left. The raw value stays in the warehouse's raw record."""
    if not isinstance(raw, str):
        return None
    text = raw.translate(_INVISIBLE)
    # Most values hold neither "&" nor "<", and no pattern runs for them. Each round removes
    # characters, so the loop ends, and the text is then a fixed point.
    while "&" in text or "<" in text:
        decoded = _TAG.sub(_tag_gap, _ENTITY.sub(lambda m: html.unescape(m.group()), text))
        if decoded == text:
            break
        text = decoded.translate(_INVISIBLE)
    text = " ".join(text.split())
    return text or None


def _tag_gap(tag: re.Match) -> str:
    return " " if tag.group(1).lower() in _BREAKING else ""


_TRAILING_PERIOD = re.compile(r"(?<=[^.\s])\.$")


def clean_title(raw: str | None) -> str | None:
    """clean_text plus one trailing period dropped (catalogue titles carry no final stop).

    An ellipsis ("...") is kept: it is part of the title, not punctuation after it.
    """
    text = clean_text(raw)
    if text is None:
        return None
    return _TRAILING_PERIOD.sub("", text) or None


# --- persons --------------------------------------------------------------------------------

# Whole-word company forms; matched case-sensitively because "As" or "Ab" can be name parts.
_COMPANY_FORMS = {"AS", "ASA", "A/S", "AB", "Oy", "OY", "Oyj", "OYJ", "ApS", "APS", "IKS", "KF",
                  "Ltd", "Ltd.", "Inc", "Inc.", "GmbH", "HF", "hf.", "ehf.", "SA"}
# Word endings of organisations in English and the Nordic languages (Nordic compounds put the
# kind of body at the end: "Fagforbundet", "Socialstyrelsen", "fylkeskommune").
_ORGANISATION_ENDINGS = (
    "kommune", "kommunen", "kommun", "kommunes", "universitet", "universitetet", "university",
    "yliopisto", "høgskole", "høgskolen", "høyskole", "høyskolen", "högskola", "högskolan",
    "institute", "institutt", "instituttet", "institut", "institutet", "laitos", "fonden",
    "fond", "forbundet", "forbund", "förbundet", "foreningen", "forening", "föreningen",
    "förening", "stiftelsen", "stiftelse", "departementet", "departement", "ministeriet",
    "ministeriö", "ministry", "direktoratet", "direktorat", "styrelsen", "verket", "rådet",
    "myndigheten", "sentralbyrå", "centralbyrån", "selskap", "selskab", "sekretariatet",
    "council", "agency", "association", "foundation", "company", "corporation", "commission",
    "committee", "department", "centre", "center", "college", "school", "library", "bibliotek",
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def is_organisation(raw: str | None) -> bool:
    """True when a contributor string names an organisation rather than a person."""
    text = clean_text(raw)
    if text is None:
        return False
    if " & " in text or any(token.strip(",()") in _COMPANY_FORMS for token in text.split()):
        return True
    return any(word.lower().endswith(_ORGANISATION_ENDINGS) for word in _WORD.findall(text))


# Academic and courtesy titles, with their own trailing dot; "dr. philos." before "dr.".
_TITLES = re.compile(
    r"(?<![\w.])(?:dr\.?\s*(?:philos|scient|polit|med|art|techn|juris|oecon)\.?|ph\.?\s?d\.?"
    r"|prof\.?|professor|dr\.?|mr\.?|mrs\.?|ms\.?)(?=[\s,]|$)",
    re.IGNORECASE,
)
_PARTICLES = {"van", "von", "de", "der", "den", "af", "av", "la", "le", "du", "di", "da", "del"}


def _fix_case(word: str) -> str:
    """"MIDTTUN" -> "Midttun"; mixed-case words and initials ("McDonald", "A.") are kept."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return word.title()
    return word


def _fix_case_all(text: str) -> str:
    return " ".join(_fix_case(word) for word in text.split(" "))


def _family_start(tokens: list[str]) -> int:
    """Index where the family name starts: at the earliest particle chain before the last word."""
    for start in range(1, len(tokens)):
        if all(token.lower() in _PARTICLES for token in tokens[start:-1]):
            return start
    return len(tokens) - 1


def person_name(raw: str | None) -> str | None:
    """A personal name as "Family, Given"; organisations and one-word names come back as they are.

    "Ludwig van Beethoven" -> "van Beethoven, Ludwig"; "MIDTTUN, Atle" -> "Midttun, Atle";
    "Prof. dr. philos. Atle Midttun" -> "Midttun, Atle"; "Midttun, A." stays.
    """
    text = clean_text(raw)
    if text is None or is_organisation(text):
        return text
    text = _TITLES.sub(" ", text)
    text = re.sub(r"\s*,[\s,]*", ", ", " ".join(text.split())).strip(", ")
    if not text or " " not in text:  # one word: a pseudonym or an acronym ("FAFO"), kept
        return text or None
    text = _fix_case_all(text)
    if ", " in text:  # already "Family, Given"
        return text
    tokens = text.split(" ")
    start = _family_start(tokens)
    return f"{' '.join(tokens[start:])}, {' '.join(tokens[:start])}"


# --- dates ----------------------------------------------------------------------------------

_MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Norwegian, Danish, Swedish (shared spellings listed once)
    "januar": 1, "januari": 1, "februar": 2, "februari": 2, "mars": 3, "marts": 3, "mai": 5,
    "maj": 5, "juni": 6, "juli": 7, "augusti": 8, "oktober": 10, "desember": 12,
    "okt": 10, "des": 12,
    # Finnish (nominative; the partitive "-ta" used in dates is stripped before lookup)
    "tammikuu": 1, "helmikuu": 2, "maaliskuu": 3, "huhtikuu": 4, "toukokuu": 5, "kesäkuu": 6,
    "heinäkuu": 7, "elokuu": 8, "syyskuu": 9, "lokakuu": 10, "marraskuu": 11, "joulukuu": 12,
    # Icelandic
    "janúar": 1, "febrúar": 2, "apríl": 4, "maí": 5, "júní": 6, "júlí": 7, "ágúst": 8,
    "október": 10, "nóvember": 11,
}

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}\S*)?")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?!\d)")
_MONTH_DAY_YEAR = re.compile(r"(?<!\w)([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")
_MONTH_YEAR = re.compile(r"(?<!\w)([^\W\d_]+)\.?\s+(\d{4})(?!\d)")


def _month_number(word: str) -> int | None:
    word = word.lower()
    if word not in _MONTHS and word.endswith("ta"):
        word = word[:-2]
    return _MONTHS.get(word)


def _iso_from_parts(year: str, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """Zero-padded ISO string, or None when the date does not exist or the year is implausible."""
    number = int(year)
    if not YEAR_MIN <= number <= YEAR_MAX:
        return None
    if month is None:
        return f"{number:04d}"
    try:
        dt.date(number, int(month), int(day or 1))
    except ValueError:
        return None
    if day is None:
        return f"{number:04d}-{int(month):02d}"
    return f"{number:04d}-{int(month):02d}-{int(day):02d}"


def _textual_date(text: str) -> str | None:
    """Dates with month names: "22. november 2010", "Mon, 22 Nov 2010 10:00 +0000",
    "November 22, 2010", "marraskuu 2010"."""
    for match in _DAY_MONTH_YEAR.finditer(text):
        month = _month_number(match[2])
        if month:
            return _iso_from_parts(match[3], month, match[1])
    for match in _MONTH_DAY_YEAR.finditer(text):
        month = _month_number(match[1])
        if month:
            return _iso_from_parts(match[3], month, match[2])
    for match in _MONTH_YEAR.finditer(text):
        month = _month_number(match[1])
        if month:
            return _iso_from_parts(match[2], month)
    return None


def iso_date(raw: str | None) -> str | None:
    """ISO 8601 date as precise as the input ("2005", "2005-03", "2005-03-14"); time is dropped.

    Day-first numeric dates ("27.11.2008") follow Nordic usage. The date of a timestamp is
    taken as written, without converting its time zone.
    """
    text = clean_text(raw)
    if text is None:
        return None
    if match := _ISO.fullmatch(text):
        return _iso_from_parts(match[1], match[2], match[3])
    if match := _NUMERIC_DMY.fullmatch(text):
        return _iso_from_parts(match[3], match[2], match[1])
    return _textual_date(text)


def year(date_iso: str | None) -> int | None:
    """The year of any date iso_date can read."""
    date = iso_date(date_iso)
    return int(date[:4]) if date else None


# --- languages ------------------------------------------------------------------------------

_LANGUAGE_CODES = {
    "no": "nor", "nor": "nor", "nb": "nob", "nob": "nob", "nn": "nno", "nno": "nno",
    "da": "dan", "dan": "dan", "sv": "swe", "swe": "swe", "fi": "fin", "fin": "fin",
    "en": "eng", "eng": "eng", "is": "isl", "isl": "isl", "ice": "isl",
    "de": "deu", "deu": "deu", "ger": "deu", "fr": "fra", "fra": "fra", "fre": "fra",
    "se": "sme", "sme": "sme", "smj": "smj", "sma": "sma", "fo": "fao", "fao": "fao",
    "kl": "kal", "kal": "kal", "et": "est", "est": "est", "es": "spa", "spa": "spa",
    "it": "ita", "ita": "ita", "nl": "nld", "nld": "nld", "dut": "nld", "ru": "rus", "rus": "rus",
    "pl": "pol", "pol": "pol", "pt": "por", "por": "por",
}
_LANGUAGE_NAMES = {
    "norwegian": "nor", "norsk": "nor", "norja": "nor", "norska": "nor",
    "bokmål": "nob", "bokmal": "nob", "norsk bokmål": "nob", "norwegian bokmål": "nob",
    "norwegian bokmal": "nob", "norsk bokmal": "nob",
    "nynorsk": "nno", "norsk nynorsk": "nno", "norwegian nynorsk": "nno",
    "danish": "dan", "dansk": "dan", "danska": "dan", "tanska": "dan",
    "swedish": "swe", "svenska": "swe", "svensk": "swe", "ruotsi": "swe",
    "finnish": "fin", "suomi": "fin", "finsk": "fin", "finska": "fin",
    "english": "eng", "engelsk": "eng", "engelska": "eng", "englanti": "eng",
    "icelandic": "isl", "íslenska": "isl", "islandsk": "isl", "isländska": "isl",
    "german": "deu", "tysk": "deu", "tyska": "deu", "deutsch": "deu", "saksa": "deu",
    "french": "fra", "fransk": "fra", "franska": "fra", "français": "fra", "ranska": "fra",
    "sami": "sme", "samisk": "sme", "nordsamisk": "sme", "northern sami": "sme",
}


def language_code(raw: str | None) -> str | None:
    """ISO 639-3 code from a code ("nb", "nob", "en_US", "nb-NO") or a language name in English
    or a Nordic language. Plain Norwegian stays "nor", the macrolanguage code."""
    text = clean_text(raw)
    if text is None:
        return None
    words = [word.lower() for word in _WORD.findall(text)]
    name = " ".join(words)
    if name in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[name]
    return _LANGUAGE_CODES.get(words[0]) if words else None


# --- identifiers ----------------------------------------------------------------------------

# re.ASCII: identifiers are written in ASCII digits; Unicode digits would pass \d but not stdnum.
_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/[^\s\"<>]+", re.ASCII)
_ISSN_CANDIDATE = re.compile(r"(?<![\dXx-])(\d{4})\s?[-‐–]?\s?(\d{3}[\dXx])(?![\dXx])", re.ASCII)
_ISBN13_CANDIDATE = re.compile(r"(?<![\dXx-])97[89](?:[\s\-‐–]?\d){10}(?![\dXx])", re.ASCII)
_ISBN10_CANDIDATE = re.compile(
    r"(?<![\dXx-])\d(?:[\s\-‐–]?\d){8}[\s\-‐–]?[\dXx](?![\dXx])", re.ASCII
)


def _is_link(text: str) -> bool:
    """URLs and DOIs carry digit runs that are not ISSNs or ISBNs, so those are not read."""
    return "://" in text or bool(_DOI.search(text))


def issn(raw: str | None) -> str | None:
    """First checksum-valid ISSN in the string, as "NNNN-NNNN" ("ISSN 0803-2610 (print)",
    "urn:issn:08032610")."""
    text = clean_text(raw)
    if text is None or _is_link(text):
        return None
    for match in _ISSN_CANDIDATE.finditer(text):
        candidate = (match[1] + match[2]).upper()
        if stdnum_issn.is_valid(candidate):
            return stdnum_issn.format(candidate)
    return None


def isbn13(raw: str | None) -> str | None:
    """First valid ISBN in the string as 13 digits; an ISBN-10 is converted."""
    text = clean_text(raw)
    if text is None or _is_link(text):
        return None
    for pattern in (_ISBN13_CANDIDATE, _ISBN10_CANDIDATE):
        for match in pattern.finditer(text):
            candidate = re.sub(r"[\s\-‐–]", "", match[0]).upper()
            if stdnum_isbn.is_valid(candidate):
                return stdnum_isbn.to_isbn13(candidate)
    return None


def _strip_unbalanced_tail(text: str) -> str:
    """Drop trailing punctuation that ends a sentence around a DOI, keeping balanced ")"."""
    while text:
        last = text[-1]
        if last in ".,;:'\"]}>" or (last == ")" and text.count("(") < text.count(")")):
            text = text[:-1]
        else:
            return text
    return text


def doi(raw: str | None) -> str | None:
    """Bare lower-case DOI ("10.…") from a DOI, a doi: form or a doi.org / dx.doi.org URL."""
    text = clean_text(raw)
    if text is None:
        return None
    if "://" in text:  # a resolver URL may percent-encode the DOI ("10.1000%2F182")
        text = unquote(text)
    match = _DOI.search(text)
    if match is None:
        return None
    value = _strip_unbalanced_tail(match[0]).lower()
    return value if _DOI.fullmatch(value) else None


_HANDLE = re.compile(
    r"(?:hdl\.handle\.net/|hdl:\s*|/handle/)(\d+(?:\.\d+)*)/([A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*)",
    re.ASCII,
)


def handle(raw: str | None) -> str | None:
    """Handle "prefix/suffix" from a hdl.handle.net URL, "hdl:" form or a DSpace /handle/ URL.

    Handles with prefix "10." are DOIs and are left to doi().
    """
    text = clean_text(raw)
    if text is None:
        return None
    for match in _HANDLE.finditer(text):
        if not match[1].startswith("10."):
            return f"{match[1]}/{match[2]}"
    return None


def url(raw: str | None) -> str | None:
    """The trimmed URL when it is an absolute http(s) URL with a host, else None."""
    text = clean_text(raw)
    if text is None or " " in text:
        return None
    try:
        parts = urlsplit(text)
        has_host = bool(parts.hostname)
    except ValueError:  # malformed netloc, e.g. an unclosed "[" of an IPv6 literal
        return None
    return text if parts.scheme.lower() in {"http", "https"} and has_host else None


# --- series ---------------------------------------------------------------------------------

_SERIES_NUMBER = re.compile(
    r"(?:(?:nr|no|vol|bd|n:o|num|number)\.?\s*)?\d+[a-z]?(?:\s*[/:.\-]\s*\d+[a-z]?)*",
    re.IGNORECASE,
)


def _looks_like_number(text: str) -> bool:
    """Series numbers seen in Nordic repositories: "34", "06/2005", "2019:3", "nr. 12"."""
    return bool(_SERIES_NUMBER.fullmatch(text))


def series(values: list[str] | None) -> tuple[str | None, str | None]:
    """(name, number) of a report series from dc.relation.ispartofseries values.

    Splits "Name;number" on the first ";". Two separate values (BI Open's form:
    ["Research Report", "06/2005"]) are name and number when the second looks like a
    number. Names are never split on spaces or ":": "Rapport 2019:12" may be a whole name.
    """
    cleaned = [text for text in map(clean_text, values or []) if text]
    if not cleaned:
        return None, None
    first = cleaned[0]
    if ";" in first:
        name, number = first.split(";", 1)
        return clean_text(name), clean_text(number)
    if len(cleaned) >= 2 and _looks_like_number(cleaned[1]):
        return first, cleaned[1]
    return first, None
