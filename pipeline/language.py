"""Language of a document (ISO 639-3) from its title, abstract and text, offline.

Metadata wins: when a record declares its language (dc.language.iso), the caller keeps that
and does not call identify(). identify() is for records without one.

py3langid, restricted to the seven languages of the catalogue, scores the text; its weak spot
is the Scandinavian triangle on short titles (nynorsk read as bokmål, bokmål as Danish). Marker
words and endings that one written standard uses and its neighbours do not (nynorsk "ikkje",
"korleis", "-ane"; Danish "af", "-erne", "-hed"; bokmål "ikke", "hva", "-het") are added to the
model's log-probabilities. A `hint` (the source's country or declared language) only breaks a
near-tie between the two best candidates: a Norwegian repository also holds English reports.
"""
from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# py3langid's labels -> ISO 639-3 ("no" is its bokmål)
MODEL_LANGUAGES = {"no": "nob", "nn": "nno", "da": "dan", "sv": "swe", "fi": "fin", "is": "isl", "en": "eng"}
MIN_LETTERS = 12          # "Rapport 2005" says nothing about its language
TEXT_SAMPLE = 2000        # characters of the body text that join title and abstract
NEAR_TIE = math.log(4)    # a hint decides only between candidates within a factor of 4
MARKER_WEIGHT = 1.5       # log-odds per marker token; capped so markers never drown the model
MARKER_CAP = 4.5

# Words of one written standard that its Scandinavian neighbours spell otherwise. A word that
# bokmål and Danish share (ikke, hvordan) counts for both: it still tells them from nynorsk.
_BOKMAL_AND_DANISH = {"ikke", "jeg", "hvordan", "hvorfor", "hvem", "hvor", "hvilke", "fra", "selv", "tjenester",
                      "flere", "bare"}
MARKER_WORDS = {
    "nno": {"ikkje", "eg", "kva", "korleis", "kvifor", "kven", "kvar", "frå", "berre", "òg", "ein", "eit",
            "dei", "deira", "vere", "vore", "mykje", "noko", "nokre", "nokon", "medan", "saman", "sjølv",
            "meir", "fleire", "vert", "vart", "gjev", "gjeve", "syner", "høve", "tenester", "tenestene",
            "tilsette", "innbyggjarar", "innbyggjarane", "sjølvstyre", "døme", "nytta", "gjer", "heile",
            "verksemd", "verksemder", "utval", "kommunar", "kommunane", "difor", "vidare", "betre"},
    "nob": _BOKMAL_AND_DANISH | {"hva", "noen", "mye", "ble", "kommunene", "innbyggere", "innbyggerne",
                                 "tjenestene", "nå", "virksomheter", "videre", "hele"},
    "dan": _BOKMAL_AND_DANISH | {"af", "hvad", "mellem", "efter", "nogle", "nogen", "blev", "meget",
                                 "kommunerne", "borgerne", "virksomheder", "udvikling", "samarbejde",
                                 "samarbejdet", "indsats", "indsatser", "ydelser", "gennem"},
    "swe": {"och", "att", "är", "inte", "mellan", "kommunerna", "för", "hur", "vad", "också", "ett",
            "samverkan", "genom"},
}
# Endings: nynorsk -ane/-ingar plurals and -leg/-heit, bokmål -het/-ingene, Danish -erne/-hed/-ejde.
MARKER_ENDINGS = {
    "nno": re.compile(r"\w{3,}(?:ane|ingar|ingane|heit|heita|leg|lege|legare|sjonar)$"),
    "nob": re.compile(r"\w{3,}(?:ingene|heten|het|heter|sjoner|sjonene)$"),
    "dan": re.compile(r"\w{3,}(?:erne|hed|heden|heder|ejde|ejder|tioner|tionerne)$"),
}
# The languages that marker evidence speaks for; the model alone separates the others.
SCANDINAVIAN = ("nob", "nno", "dan", "swe")
_WORD = re.compile(r"[^\W\d_]+")  # "offentleg-privat" is two words: its first part is nynorsk

_identifier: LanguageIdentifier | None = None
_lock = threading.Lock()


def identify(title: str | None, abstract: str | None = None, text: str | None = None,
             hint: str | None = None) -> str | None:
    """ISO 639-3 code among nob, nno, dan, swe, fin, isl, eng; None when there is too little text.

    `hint` is an ISO 639-3 code, the source's declared language or its country's ("nob" for a
    Norwegian repository), used only to break a near-tie between the two best candidates.
    """
    sample = _sample(title, abstract, text)
    if not _enough(sample):
        return None
    scores = _model_scores(sample)
    for language, bonus in marker_evidence(_words(sample)).items():
        scores[language] += bonus
    ranked = sorted(scores, key=scores.get, reverse=True)
    best, runner_up = ranked[0], ranked[1]
    if hint == runner_up and scores[best] - scores[runner_up] < NEAR_TIE:
        return runner_up
    return best


def model_language(title: str | None, abstract: str | None = None, text: str | None = None) -> str | None:
    """py3langid alone on the same sample: the baseline that `make quality` compares against."""
    sample = _sample(title, abstract, text)
    if not _enough(sample):
        return None
    scores = _model_scores(sample)
    return max(scores, key=scores.get)


def marker_evidence(words: Iterable[str]) -> dict[str, float]:
    """Log-odds bonus per Scandinavian standard from its marker words and endings."""
    counts = dict.fromkeys(SCANDINAVIAN, 0)
    for word in words:
        for language, markers in MARKER_WORDS.items():
            counts[language] += word in markers
        for language, ending in MARKER_ENDINGS.items():
            counts[language] += bool(ending.match(word))
    return {language: min(MARKER_WEIGHT * count, MARKER_CAP) for language, count in counts.items()}


def _sample(title: str | None, abstract: str | None, text: str | None) -> str:
    body = text[:TEXT_SAMPLE] if isinstance(text, str) else None
    return " ".join(" ".join(part for part in (title, abstract, body) if isinstance(part, str)).split())


def _enough(sample: str) -> bool:
    return sum(ch.isalpha() for ch in sample) >= MIN_LETTERS


def _words(sample: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(sample)]


def _model_scores(sample: str) -> dict[str, float]:
    """Log-probability per ISO 639-3 code."""
    return {MODEL_LANGUAGES[label]: math.log(max(probability, 1e-12))
            for label, probability in _model().rank(sample)}


def _model() -> LanguageIdentifier:
    """Loaded on first use, once per process: unpacking the model takes seconds, a call 0.4 ms."""
    global _identifier
    with _lock:
        if _identifier is None:
            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(MODEL_LANGUAGES))
            _identifier = identifier
    return _identifier
