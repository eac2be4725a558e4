"""Nordic municipalities and regions named in a text, from the gazetteer pipeline/data/places.csv.

A name is matched as a whole word sequence ("Øvre Eiker", "Høje-Taastrup" also written
"Høje Taastrup"), longest name first, in its official forms in each official language
(Helsinki/Helsingfors, Hamarøy/Hábmer) and inflected: a genitive -s (Bærums, Vejles) and the
Finnish case endings (Helsingissä, Turussa, Tampereella, Porin) through simplemma's Finnish
dictionary and a list of case suffixes.

Place names that are also ordinary words would flood the results ("moss", "lier", "salo"). A
name counts only when it is written with a capital letter; a name that is also an ordinary word
(common_word in the gazetteer) must in addition stand inside a sentence, or next to a word such
as "kommune"/"kommun"/"kunta"; the names in CONTEXT_ONLY (Time, Mark, Stad, ...) need that word.
A name shared by two places is resolved by the text's language (Lund: Norway in bokmål, Sweden
in Swedish) and dropped when that does not settle it (Herøy in Nordland or in Møre og Romsdal).
"""
from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent / "data" / "places.csv"
# Names that are first of all ordinary words or surnames, beyond the gazetteer's common_word
# flag: COMMON ones need a capital inside a sentence (or a context word), CONTEXT_ONLY ones
# always need the context word.
COMMON = {"Moss", "Lund", "Vik", "Nes", "Bø", "Aura", "Ale", "Eda", "Kil", "Alta", "Gran", "Vang"}
CONTEXT_ONLY = {"Time", "Mark", "Stad", "Os", "Vara", "Sund", "Strand", "Hole", "Berg", "Fjord", "Heim",
                "Nokia", "Ii", "Kinda", "Salem", "Sel", "Hol", "Lom", "Vejen"}
SHOUTED_MIN_LETTERS = 5  # an upper-case "HJO" is initials; "ESBJERG" in a shouted title is the town
CONTEXT_WORDS = {
    "kommune", "kommunes", "kommunen", "kommuner", "kommunene", "kommunar", "kommunane", "kommun", "kommuns",
    "kommunerne", "kommunens", "kunta", "kunnan", "kunnassa", "kaupunki", "kaupungin", "kaupungissa",
    "stad", "stads", "municipality", "municipalities", "fylke", "fylkeskommune", "län", "region",
    "regionen", "maakunta", "city", "town", "bykommune", "regionskommune",
}
CONJUNCTIONS = {"og", "och", "ja", "and", "sekä", "samt", "eller"}
CONTEXT_DISTANCE = 2  # words between the name and its context word
LANGUAGE_COUNTRIES = {"nob": ("NO",), "nno": ("NO",), "nor": ("NO",), "dan": ("DK",), "swe": ("SE", "FI"),
                      "fin": ("FI",), "isl": ()}
GENITIVE = ("'s", "’s", "s", "'", "’")
# Finnish case endings: inessive, elative, adessive, ablative, allative, illative, essive,
# translative, genitive, partitive (consonant gradation, Turku -> Turussa, is the dictionary's job).
FINNISH_ENDINGS = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "seen", "hin", "han",
                   "hen", "na", "nä", "ksi", "n", "a", "ä")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?['’]?")


@dataclass(frozen=True)
class Place:
    code: str       # kommunenummer, kommunekode, kommunkod, kuntanumero; fylkesnummer, länskod
    country: str    # ISO 3166-1 alpha-2
    name: str       # official name (the first official language's)
    kind: str       # "municipality" or "region"
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class _Entry:
    place: Place
    common_word: bool


def find_places(text: str | None, language: str | None = None) -> list[Place]:
    """The places named in `text`, each once, in order of first mention."""
    if not isinstance(text, str) or not text:
        return []
    gazetteer = _gazetteer()
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found: dict[Place, None] = {}
    start = 0
    while start < len(tokens):
        if not tokens[start][0][0].isupper():  # a place name starts with a capital: skip the lookup
            start += 1
            continue
        length, entries = gazetteer.match(tokens, start, language)
        if length and _accepted(entries, text, tokens, start, length):
            for place in _resolve(entries, language):
                found.setdefault(place)
        start += length or 1
    return list(found)


def all_places() -> list[Place]:
    return [entry.place for entry in _gazetteer().entries]


def _accepted(entries: list[_Entry], text: str, tokens: list, start: int, length: int) -> bool:
    first = tokens[start][0]
    name = entries[0].place.name
    common = name in COMMON or any(entry.common_word for entry in entries)
    context = _has_context_word(tokens, start, length)
    if name in CONTEXT_ONLY:
        return context
    if first.isupper() and len(first) > 1:  # written in capitals
        return context or (not common and len(first) >= SHOUTED_MIN_LETTERS)
    return context or not common or not _sentence_start(text, tokens[start][1]) \
        or _listed_with_place(tokens, start + length)


def _listed_with_place(tokens: list, after: int) -> bool:
    """"Greve og Solrød ...": a sentence that opens with a list of names is about places."""
    following = tokens[after:after + 2]
    if len(following) < 2 or following[0][0].lower() not in CONJUNCTIONS:
        return False
    length, entries = _gazetteer().match(tokens, after + 1, None)
    return bool(length) and following[1][0][0].isupper() and not entries[0].common_word


def _has_context_word(tokens: list, start: int, length: int) -> bool:
    before = tokens[max(0, start - CONTEXT_DISTANCE):start]
    after = tokens[start + length:start + length + CONTEXT_DISTANCE]
    return any(word.lower().strip("'’") in CONTEXT_WORDS for word, _, _ in before + after)


def _sentence_start(text: str, offset: int) -> bool:
    before = text[max(0, offset - 40):offset].rstrip(" \t\"'«“(")
    return not before or before[-1] in ".!?:;•\n" or before.endswith((" -", " –"))


def _resolve(entries: list[_Entry], language: str | None) -> list[Place]:
    """One place for the name, or none when the name stays ambiguous."""
    places = list(dict.fromkeys(entry.place for entry in entries))
    municipalities = [p for p in places if p.kind == "municipality"]
    places = municipalities or places  # Oslo the municipality, not Oslo the fylke
    if len(places) > 1 and language in LANGUAGE_COUNTRIES:
        places = [p for p in places if p.country in LANGUAGE_COUNTRIES[language]]
    return places if len(places) == 1 else []


class _Gazetteer:
    def __init__(self, path: Path):
        self.entries: list[_Entry] = []
        self.by_key: dict[tuple[str, ...], list[_Entry]] = {}
        self.finnish_by_key: dict[str, list[_Entry]] = {}
        with path.open(encoding="utf-8") as source:
            for row in csv.DictReader(source):
                self._add(row)
        self.longest = max(len(key) for key in self.by_key)

    def _add(self, row: dict) -> None:
        place = Place(row["code"], row["country"], row["name"], row["kind"],
                      float(row["lat"]) if row["lat"] else None, float(row["lon"]) if row["lon"] else None)
        entry = _Entry(place, row["common_word"] == "1")
        self.entries.append(entry)
        for name in [row["name"], *filter(None, row["variants"].split("|"))]:
            key = _key(name)
            self.by_key.setdefault(key, []).append(entry)
            if place.country == "FI" and len(key) == 1:
                self.finnish_by_key.setdefault(key[0], []).append(entry)

    def match(self, tokens: list, start: int, language: str | None) -> tuple[int, list[_Entry]]:
        """(number of tokens, entries) of the longest name starting at `start`; (0, []) if none."""
        for length in range(min(self.longest, len(tokens) - start), 0, -1):
            words = tuple(word.lower() for word, _, _ in tokens[start:start + length])
            entries = self.by_key.get(words) or self._inflected(words, language)
            if entries:
                return length, entries
        return 0, []

    def _inflected(self, words: tuple[str, ...], language: str | None) -> list[_Entry]:
        *head, last = words
        for ending in GENITIVE:
            if last.endswith(ending) and len(last) > len(ending) + 2:
                entries = self.by_key.get((*head, last[:-len(ending)]))
                if entries:
                    return entries
        if head or language not in (None, "fin", "swe", "eng"):
            return []
        return next((self.finnish_by_key[form] for form in _finnish_forms(last) if form in self.finnish_by_key), [])


def _finnish_forms(word: str) -> list[str]:
    """Base forms a Finnish inflected word may have: the dictionary's lemma, then suffix cuts."""
    from nordcat.text import DICTIONARY  # loads simplemma's Finnish dictionary on first use

    lemma = DICTIONARY.get_lemma(word, "fi")
    cuts = [word[:-len(ending)] for ending in FINNISH_ENDINGS if word.endswith(ending) and len(word) - len(ending) >= 2]
    return ([lemma.lower()] if lemma else []) + cuts


def _key(name: str) -> tuple[str, ...]:
    """"Høje-Taastrup" and "Høje Taastrup" alike; the text is cut the same way."""
    return tuple(word.lower() for word in _TOKEN.findall(name.replace("-", " ")))


_lock = threading.Lock()
_loaded: list[_Gazetteer] = []


def _gazetteer() -> _Gazetteer:
    with _lock:
        if not _loaded:
            _loaded.append(_Gazetteer(GAZETTEER))
    return _loaded[0]
