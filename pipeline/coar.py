"""dc.type labels -> COAR resource types, nordcat's one controlled vocabulary for doc_type.

Concepts and English labels follow the COAR list in the OpenAIRE Guidelines for Literature
Repositories v4 (openaire/guidelines-literature-repositories, docs/vocabularies/resourcetype.rst).
Later COAR releases relabel c_c94f "conference output"; that label is accepted as input.
"""
from __future__ import annotations

import re

_COAR = "http://purl.org/coar/resource_type/"

COAR_URI: dict[str, str] = {
    label: _COAR + concept
    for label, concept in {
        "text": "c_18cf",
        "report": "c_93fc",
        "research report": "c_18ws",
        "technical report": "c_18gh",
        "policy report": "c_186u",
        "working paper": "c_8042",
        "journal article": "c_6501",
        "contribution to journal": "c_3e5a",
        "newspaper article": "c_998f",
        "review": "c_efa0",
        "book": "c_2f33",
        "book part": "c_3248",
        "thesis": "c_46ec",
        "bachelor thesis": "c_7a1f",
        "master thesis": "c_bdcc",
        "doctoral thesis": "c_db06",
        "conference object": "c_c94f",
        "conference paper": "c_5794",
        "conference proceedings": "c_f744",
        "lecture": "c_8544",
        "preprint": "c_816b",
        "dataset": "c_ddb1",
        "website": "c_7ad9",
        "other": "c_1843",
    }.items()
}

# Labels seen in dc.type across Nordic repositories (Brage/DSpace, DiVA, Pure, Finnish DSpace),
# lower-cased, in English, Norwegian, Danish, Swedish and Finnish.
_LABELS: dict[str, str] = {
    "research report": "research report", "forskningsrapport": "research report",
    "tutkimusraportti": "research report",
    "report": "report", "rapport": "report", "raportti": "report", "rapporter": "report",
    "technical report": "technical report", "teknisk rapport": "technical report",
    "policy report": "policy report", "utredning": "policy report",
    "working paper": "working paper", "arbeidsnotat": "working paper",
    "arbejdspapir": "working paper", "arbetsrapport": "working paper",
    "discussion paper": "working paper", "työpaperi": "working paper",
    "journal article": "journal article", "tidsskriftartikkel": "journal article",
    "tidsskriftsartikkel": "journal article", "tidsskriftsartikel": "journal article",
    "tidskriftsartikel": "journal article", "artikel i tidskrift": "journal article",
    "article": "journal article", "artikkel": "journal article", "artikel": "journal article",
    "artikkeli": "journal article", "vitenskapelig artikkel": "journal article",
    "contribution to journal": "contribution to journal",
    "newspaper article": "newspaper article", "avisartikkel": "newspaper article",
    "avisartikel": "newspaper article", "dagstidningsartikel": "newspaper article",
    "sanomalehtiartikkeli": "newspaper article",
    "review": "review", "anmeldelse": "review", "recension": "review",
    "book": "book", "bok": "book", "bog": "book", "kirja": "book", "monograph": "book",
    "monografi": "book", "vitenskapelig monografi": "book",
    "chapter": "book part", "book chapter": "book part", "book part": "book part",
    "bokkapittel": "book part", "kapittel": "book part", "kapitel i bok": "book part",
    "kapitel i bog": "book part", "bogkapitel": "book part", "kirjan luku": "book part",
    "vitenskapelig kapittel": "book part",
    "thesis": "thesis", "avhandling": "thesis", "opinnäytetyö": "thesis",
    "bachelor thesis": "bachelor thesis", "bacheloroppgave": "bachelor thesis",
    "kandidatuppsats": "bachelor thesis", "kandidaatintutkielma": "bachelor thesis",
    "master thesis": "master thesis", "masteroppgave": "master thesis",
    "mastergradsoppgave": "master thesis", "masteruppsats": "master thesis",
    "speciale": "master thesis", "pro gradu": "master thesis",
    "pro gradu -tutkielma": "master thesis",
    "doctoral thesis": "doctoral thesis", "doktorgradsavhandling": "doctoral thesis",
    "doktoravhandling": "doctoral thesis", "doktorsavhandling": "doctoral thesis",
    "ph.d.-afhandling": "doctoral thesis", "phd thesis": "doctoral thesis",
    "väitöskirja": "doctoral thesis",
    "conference object": "conference object", "conference output": "conference object",
    "konferansebidrag": "conference object", "konferensbidrag": "conference object",
    "konferencebidrag": "conference object",
    "conference paper": "conference paper", "konferanseartikkel": "conference paper",
    "conference proceedings": "conference proceedings",
    "lecture": "lecture", "foredrag": "lecture", "föredrag": "lecture",
    "presentation": "lecture", "presentasjon": "lecture", "luento": "lecture",
    "preprint": "preprint", "dataset": "dataset", "datasett": "dataset",
    "web page": "website", "webpage": "website", "website": "website", "nettside": "website",
    "hjemmeside": "website", "webbsida": "website", "verkkosivu": "website",
    "text": "text", "tekst": "text",
    "other": "other", "others": "other", "annet": "other", "andet": "other",
    "annat": "other", "övrigt": "other", "muu": "other",
}

# DRIVER / OpenAIRE "info:eu-repo/semantics/<term>" values, as DSpace writes them in oai_dc.
_EU_REPO: dict[str, str] = {
    "article": "journal article", "bachelorthesis": "bachelor thesis", "book": "book",
    "bookpart": "book part", "conferenceobject": "conference object",
    "contributiontoperiodical": "contribution to journal", "doctoralthesis": "doctoral thesis",
    "lecture": "lecture", "masterthesis": "master thesis", "other": "other",
    "preprint": "preprint", "report": "report", "review": "review",
    "workingpaper": "working paper",
}

# Labels that say little about the kind of work: used only when no other value maps.
# "Peer reviewed" sits beside the real type in Brage ("Journal article", "Peer reviewed").
_WEAK: dict[str, str] = {
    "peer reviewed": "journal article", "peer-reviewed": "journal article",
    "fagfellevurdert": "journal article", "refereed": "journal article",
}
_GENERIC = {"text", "other"}

_CONCEPT_TO_LABEL = {uri.rsplit("/", 1)[1]: label for label, uri in COAR_URI.items()}


def _key(value: str) -> str:
    return " ".join(value.lower().split()).strip(" .,;:")


def lookup(value: str) -> str | None:
    """COAR label for one dc.type value (label, info:eu-repo term or COAR URI), else None."""
    key = _key(value)
    if key in _LABELS:
        return _LABELS[key]
    if key in COAR_URI:
        return key
    if key in _WEAK:
        return _WEAK[key]
    if key.startswith("info:eu-repo/semantics/"):
        return _EU_REPO.get(key.rsplit("/", 1)[1])
    if match := re.fullmatch(r"(?:https?://purl\.org/coar/resource_type/)?(c_[0-9a-z]+)", key):
        return _CONCEPT_TO_LABEL.get(match[1])
    return None


def doc_type(values: list[str], default: str | None = None) -> str:
    """The most specific COAR label among the dc.type values.

    Order of preference: a specific label (first in source order), a peer-review flag, the
    source's default (itself a label, mapped the same way), a generic "text"/"other", "other".
    """
    specific, weak, generic = [], [], []
    for value in values:
        label = lookup(value)
        if label in _GENERIC:
            generic.append(label)
        elif label:
            (weak if _key(value) in _WEAK else specific).append(label)
    fallback = [lookup(default)] if default else []
    candidates = [label for label in specific + weak + fallback + generic if label]
    return candidates[0] if candidates else "other"
