"""pipeline.language: identification on the labelled Nordic set, the hint, short text, properties."""
from collections import Counter

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import language
from pipeline.language import identify, model_language
from quality.search_and_enrichment import LANGUAGE_SET, language_figures

LANGUAGES = {"nob", "nno", "dan", "swe", "fin", "isl", "eng"}


@pytest.fixture(scope="module")
def figures():
    return language_figures(identify)


def test_labelled_set_clears_the_targets(figures):
    assert figures.overall >= 0.97
    assert figures.per_language["nno"] >= 0.90


def test_labelled_set_has_200_items_and_25_per_language():
    items = yaml.safe_load(LANGUAGE_SET.read_text(encoding="utf-8"))["items"]
    counts = Counter(item["lang"] for item in items)
    assert len(items) >= 200
    assert set(counts) == LANGUAGES and min(counts.values()) >= 25


def test_identify_does_better_than_py3langid_alone_on_nynorsk(figures):
    assert figures.per_language["nno"] > language_figures(model_language).per_language["nno"]


@pytest.mark.parametrize("title, expected", [
    ("Korleis kan kommunane samarbeide betre?", "nno"),
    ("Hvordan kan kommunene samarbeide bedre?", "nob"),
    ("Hvordan kan kommunerne samarbejde bedre?", "dan"),
    ("Hur kan kommunerne samarbeta bättre?", "swe"),
    ("Miten kunnat voivat tehdä yhteistyötä?", "fin"),
    ("Hvernig geta sveitarfélög unnið saman?", "isl"),
    ("How can municipalities cooperate better?", "eng"),
])
def test_identifies_each_language(title, expected):
    assert identify(title) == expected


def test_abstract_and_text_decide_a_title_that_alone_is_bokmal():
    title = "Lokaldemokrati og interkommunale selskap"
    assert identify(title) == "nob"
    assert identify(title, text="Kommunane eig selskapa saman, men innbyggjarane veit lite om kva dei gjer.") == "nno"


def test_hint_breaks_a_near_tie_only():
    assert identify("Offentlig forvaltning") == "dan"
    assert identify("Offentlig forvaltning", hint="nob") == "nob"
    assert identify("Offentleg-privat samarbeid i eldreomsorga", hint="dan") == "nno"
    assert identify("Samarbeid mellom kommunar og private verksemder om heimetenester", hint="eng") == "nno"


@pytest.mark.parametrize("title", [None, "", "2005", "Rapport 12", "   ", "A/S"])
def test_too_little_text_gives_none(title):
    assert identify(title) is None


def test_model_is_loaded_once():
    assert language._model() is language._model()


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text()), st.one_of(st.none(), st.sampled_from(sorted(LANGUAGES))))
def test_never_raises_and_is_deterministic(title, abstract, hint):
    found = identify(title, abstract, hint=hint)
    assert found is None or found in LANGUAGES
    assert identify(title, abstract, hint=hint) == found
