"""A case as the rules build it (a draft: name, text, partners, labelled fields), the state a
document's rules share, and the finished Case a draft makes."""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.cases.fields import (
    _confidence, _description, _first_model, _label_model, _outcomes, _period)
from pipeline.cases.model import Case, Partner
from pipeline.places import find_places


# ISO 639-3 codes (as in documents.language) to the short codes the rules use, and back for
# pipeline/places.py, which settles names shared by two countries by the language.
LANGUAGES = {"nob": "nb", "nor": "nb", "no": "nb", "nno": "nn", "dan": "da", "swe": "sv",
             "fin": "fi", "eng": "en"}
ISO639_3 = {"nb": "nob", "nn": "nno", "da": "dan", "sv": "swe", "fi": "fin", "en": "eng"}


@dataclass
class _Draft:
    name: str | None
    text: str
    partners: list[Partner]
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # labelled period / target / model / results
    extra_text: list[str] = field(default_factory=list)   # slides merged in

    def case(self, language: str) -> Case:
        text = " ".join([self.text, *self.extra_text])
        places = find_places(" ".join([self.text, *(p.name for p in self.partners)]), ISO639_3.get(language))
        places = [place for place in places if place.kind == "municipality"]
        model = _label_model(self.fields.get("model")) or self.fields.get("example_model") or _first_model(self.text) \
            or _first_model(" ".join(self.extra_text)) or self.fields.get("document_model")
        return Case(
            name=self.name, description=_description(self.text), partners=self.partners,
            places=[place.name for place in places],
            place_codes=[f"{place.country}:{place.code}" for place in places], period=_period(self.fields.get("period", "")) or self.fields.get("period") or _period(text),
            model=model, target_group=self.fields.get("target"),
            outcomes=[self.fields["results"]] if "results" in self.fields else _outcomes(text),
            method=self.method, confidence=_confidence(self.method, self.partners),
        )


@dataclass
class _Context:
    language: str
    title: str
    last_municipality: str | None = None
    makers: set[str] = field(default_factory=set)  # partner keys of the document's authors, funders

    def excluded(self, name: str) -> bool:
        """The document's author, publisher, commissioner or funder (frontmatter._makers)."""
        from pipeline.cases.partners import _partner_key
        return _partner_key(name) in self.makers

    def background(self, name: str) -> bool:
        from pipeline.cases.sectors import _is_background
        return _is_background(name)
