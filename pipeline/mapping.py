"""dc-dict -> one catalogue record (the `documents` contract).

Each field has one rule: a list of dc keys, first non-empty wins, values normalised by
pipeline.normalise. The record says where each value came from (`provenance`) and which keys
of the input no rule looks at (`unmapped`), so a caller can report what a source sends that
the catalogue ignores.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from nordcat import dc
from pipeline import coar, normalise as norm

CONTRACT_FIELDS = (
    "title", "authors", "year", "date_issued", "language", "doc_type", "publisher", "series",
    "series_number", "issn", "isbn", "doi", "handle", "url", "fulltext_url", "abstract",
    "subjects", "country", "urn", "cristin", "licence",
)
# Where a source states a work's licence: its URI first (dc.rights.uri, NVA's file licence, a URI
# among dc:rights), else its words. Access rights ("openAccess") and holders are no licence.
LICENCE_KEYS = ("dc.rights.uri", "dc.rights.license", "dc.rights")
LIST_FIELDS = {"authors", "issn", "isbn", "subjects"}

_TIMESTAMP = re.compile(r"\d[T ]\d{1,2}:\d{2}")


class _Reader:
    """Read access to a dc-dict that remembers which keys the rules consider."""

    def __init__(self, meta: dict[str, list[str]]):
        self.meta = meta
        self.considered: set[str] = set()

    def consider(self, *keys: str) -> None:
        """Mark keys as read by a rule, also those a rule skips because an earlier key won."""
        self.considered.update(keys)

    def values(self, key: str) -> list[str]:
        self.consider(key)
        return [value for value in self.meta.get(key, []) if isinstance(value, str)]

    def keys_under(self, prefix: str) -> list[str]:
        """The key `prefix` and its qualified forms ("dc.subject", "dc.subject.nsi"), in input order."""
        return [key for key in self.meta if key == prefix or key.startswith(prefix + ".")]

    def first(self, keys: Iterable[str], parse: Callable[[str], object]) -> tuple[object, str | None]:
        """First parseable value of the first key that has one: (value, key) or (None, None)."""
        keys = list(keys)
        self.consider(*keys)
        for key in keys:
            for raw in self.values(key):
                value = parse(raw)
                if value:
                    return value, key
        return None, None

    def collect(self, keys: Iterable[str], parse: Callable[[str], str | None]) -> tuple[list[str], str | None]:
        """Every parseable value of all keys, de-duplicated in order, and the first key used."""
        found: list[str] = []
        source = None
        for key in keys:
            for raw in self.values(key):
                value = parse(raw)
                if value and value not in found:
                    found.append(value)
                    source = source or key
        return found, source

    def unread(self) -> list[str]:
        return [key for key in self.meta if key not in self.considered]


def _authors(reader: _Reader) -> tuple[list[str], str | None]:
    """Authors from the first of author / creator / contributor that names anyone.

    Unqualified dc.contributor (oai_dc) mixes people with departments and sponsors, so only
    persons are kept from it; an author or creator that is an organisation is a corporate
    author and stays.
    """
    def person(raw: str) -> str | None:
        return None if norm.is_organisation(raw) else norm.person_name(raw)

    rules = (("dc.contributor.author", norm.person_name), ("dc.creator", norm.person_name),
             ("dc.contributor", person))
    reader.consider(*(key for key, _ in rules))
    for key, parse in rules:
        names, source = reader.collect([key], parse)
        if names:
            return names, source
    return [], None


def _earliest_citation_date(values: list[str]) -> str | None:
    """The issue date among oai_dc's flattened dc.date values.

    DSpace's oai_dc puts issued, accessioned and available into one dc.date list. Accession
    and availability are machine timestamps with a time part; the issue date is typed by a
    person as a year or a date. So values without a time part are preferred, and among them
    the earliest, since a work is issued before (or when) it is deposited.
    """
    dated = [(bool(_TIMESTAMP.search(raw)), norm.iso_date(raw)) for raw in values]
    dated = [(has_time, date) for has_time, date in dated if date]
    return min(dated)[1] if dated else None


def _date_issued(reader: _Reader) -> tuple[str | None, str | None]:
    reader.consider("dc.date.issued", "dc.date", dc.DATE_PUBLISHED)
    issued, source = reader.first(["dc.date.issued"], norm.iso_date)
    if issued:
        return issued, source
    issued = _earliest_citation_date(reader.values("dc.date"))
    if issued:
        return issued, "dc.date"
    return reader.first([dc.DATE_PUBLISHED], norm.iso_date)


def _is_identifier(raw: str) -> bool:
    return any(parse(raw) for parse in (norm.url, norm.doi, norm.handle, norm.issn, norm.isbn13))


def _series(reader: _Reader) -> tuple[str | None, str | None, str | None]:
    """(name, number, key) from ispartofseries, else from oai_dc's flattened dc.relation.

    dc.relation also carries links and host works, so there a series is only taken when a
    number is found: one "Name;number" value, or a name followed by a number value.
    """
    reader.consider("dc.relation.ispartofseries", "dc.relation")
    name, number = norm.series(reader.values("dc.relation.ispartofseries"))
    if name or number:
        return name, number, "dc.relation.ispartofseries"
    relations = [raw for raw in reader.values("dc.relation") if not _is_identifier(raw)]
    with_semicolon = [raw for raw in relations if ";" in raw]
    name, number = norm.series(with_semicolon[:1] or relations[:2])
    if number:
        return name, number, "dc.relation"
    return None, None, None


def _abstract(reader: _Reader) -> tuple[str | None, str | None]:
    keys = ("dc.description.abstract", "dc.description")
    reader.consider(*keys)
    for key in keys:
        parts = [text for text in map(norm.clean_text, reader.values(key)) if text]
        if parts:
            return "\n\n".join(parts), key
    return None, None


def _subjects(reader: _Reader) -> tuple[list[str], str | None]:
    """All dc.subject* values, de-duplicated ignoring case (the first spelling is kept)."""
    subjects: list[str] = []
    seen: set[str] = set()
    source = None
    for key in reader.keys_under("dc.subject"):
        for text in map(norm.clean_text, reader.values(key)):
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                subjects.append(text)
                source = source or key
    return subjects, source


def _with_default(found: tuple, default: str | None, name: str) -> tuple:
    """The record's own value, else the source-level default passed to to_work."""
    return found if found[0] else (default, f"arg:{name}" if default else None)


def _doc_type(reader: _Reader, default_type: str | None) -> tuple[str, str | None]:
    values = reader.values("dc.type")
    label = coar.doc_type(values, default_type)
    if any(map(coar.lookup, values)) and coar.doc_type(values) == label:
        return label, "dc.type"
    return label, "arg:default_type" if default_type else None


def to_work(meta: dict[str, list[str]], *, country: str | None = None, language: str | None = None,
            publisher: str | None = None, default_type: str | None = None) -> dict:
    """One catalogue record from a dc-dict; the keyword arguments are source-level defaults.

    Returns the contract fields (lists are never None) plus `provenance` (field -> dc key, or
    "arg:<name>" for a default) and `unmapped` (input keys no rule looks at).
    """
    reader = _Reader(meta)
    # read by the build, not here: persons with their roles and identifiers (pipeline/persons.py)
    reader.consider("dc.contributor.editor", "dc.contributor.advisor", dc.PERSON_ORCID,
                    dc.PERSON_CRISTIN)
    identifier_keys = reader.keys_under("dc.identifier")
    linked = ["dc.identifier", "dc.relation.ispartof", "dc.relation"]
    date_issued, date_source = _date_issued(reader)
    series_name, series_number, series_source = _series(reader)
    handle = reader.first(["dc.identifier.uri", *identifier_keys, dc.URL], norm.handle)
    found = {
        "title": reader.first(["dc.title"], norm.clean_title),
        "authors": _authors(reader),
        "year": (norm.year(date_issued), date_source),
        "date_issued": (date_issued, date_source),
        "language": _with_default(
            reader.first(["dc.language.iso", "dc.language"], norm.language_code),
            norm.language_code(language), "language"),
        "doc_type": _doc_type(reader, default_type),
        "publisher": _with_default(
            reader.first(["dc.publisher"], norm.clean_text), norm.clean_text(publisher), "publisher"),
        "series": (series_name, series_source),
        "series_number": (series_number, series_source),
        "issn": reader.collect(["dc.identifier.issn", "dc.identifier.eissn", *linked], norm.issn),
        "isbn": _isbns(reader, linked, identifier_keys),
        "doi": reader.first(["dc.identifier.doi", *identifier_keys], norm.doi),
        "handle": handle,
        "urn": reader.first(["dc.identifier.urn", *identifier_keys], _urn_nbn),
        "cristin": reader.first(["dc.identifier.cristin"], norm.clean_text),
        "url": _landing_url(reader, handle, identifier_keys),
        "fulltext_url": reader.first([dc.FULLTEXT_URL], norm.url),
        "abstract": _abstract(reader),
        "subjects": _subjects(reader),
        "country": (norm.clean_text(country), "arg:country"),
        "licence": _licence(reader),
    }
    return _record(found, reader.unread())


def _record(found: dict[str, tuple], unmapped: list[str]) -> dict:
    """Contract-shaped record: every field present, list fields as lists, provenance of values."""
    record = {field: found[field][0] or ([] if field in LIST_FIELDS else None)
              for field in CONTRACT_FIELDS}
    record["provenance"] = {field: source for field, (value, source) in found.items()
                            if value and source}
    record["unmapped"] = unmapped
    return record


def _licence(reader: _Reader) -> tuple[str | None, str | None]:
    """The licence's URI where the record gives one, else the first statement of it in words."""
    uri = reader.first(LICENCE_KEYS, norm.url)
    return uri if uri[0] else reader.first(LICENCE_KEYS, norm.clean_text)


_URN_NBN = re.compile(r"urn:nbn:[a-z]{2}[a-z0-9:._-]*-[\w.:/-]+", re.IGNORECASE | re.ASCII)


def _isbns(reader: _Reader, linked: list[str], identifier_keys: list[str]) -> tuple[list[str], str | None]:
    """The ISBNs a record gives, and those it names as URN:ISBN (Finnish repositories put the
    book's ISBN there, in dc.identifier.urn): the merge joins editions and copies by them."""
    found, source = reader.collect(["dc.identifier.isbn", *linked], norm.isbn13)
    named, named_source = reader.collect(identifier_keys, _urn_isbn)
    return found + [isbn for isbn in named if isbn not in found], source or named_source


_URN_ISBN = re.compile(r"urn:isbn:([0-9][0-9xX \-‐–]{8,20})", re.IGNORECASE)


def _urn_isbn(raw: str) -> str | None:
    match = _URN_ISBN.search(raw)
    return norm.isbn13(match[1]) if match else None


def _urn_nbn(raw: str) -> str | None:
    """A URN:NBN as written ("URN:NBN:fi-fe2019061020123"), also inside a resolver URL."""
    match = _URN_NBN.search(raw)
    return match[0] if match else None


def _landing_url(reader: _Reader, handle: tuple, identifier_keys: list[str]) -> tuple:
    """The page a reader should open: the source's canonical or crawled URL, else the handle
    resolver, else any http identifier."""
    found, source = reader.first([dc.CANONICAL, dc.URL], norm.url)
    if found:
        return found, source
    if handle[0]:
        return f"https://hdl.handle.net/{handle[0]}", handle[1]
    return reader.first(identifier_keys, norm.url)
