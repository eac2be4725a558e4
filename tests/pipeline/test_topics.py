"""pipeline.topics: the vocabulary, term matching on normalised tokens, the seeds, the labelled texts."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.topics import VOCABULARY_LANGUAGES, concepts, topics
from quality.search_and_enrichment import precision_recall, topic_pairs

CONCEPT_IDS = [concept.id for concept in concepts()]


def seed_text(shared_dir, name: str) -> str:
    return (shared_dir / "seeds" / name).read_text(encoding="utf-8")


def transcript(seed: str) -> str:
    """Title and numbered transcript pages of a docplayer seed, without the related documents."""
    body = seed.split("\nTranskript\n", 1)[1]
    return seed.splitlines()[0] + "\n" + re.match(r"(?:\s*\n|\d+ [^\n]*\n)*", body.lstrip("\n")).group()


def test_vocabulary_has_twelve_concepts_with_terms_in_six_languages():
    assert len(CONCEPT_IDS) >= 12 and len(set(CONCEPT_IDS)) == len(CONCEPT_IDS)
    for concept in concepts():
        assert concept.label_en and concept.label_nb
        assert all(concept.terms[language] for language in VOCABULARY_LANGUAGES), concept.id


@pytest.mark.parametrize("text, language, expected", [
    ("Det interkommunale samarbeidet om barnevern", "nob", ["inter-municipal-cooperation"]),
    ("Kommunene samarbeider interkommunalt", "nob", []),
    ("Trepartssamarbeidet i kommunane", "nno", ["tripartite-cooperation"]),
    ("Trepartssamarbejdet og udliciteringen", "dan", ["tripartite-cooperation", "outsourcing"]),
    ("Kuntayhteistyön muodot", "fin", ["inter-municipal-cooperation"]),
    ("Offentlig-privata partnerskap i Sverige", "swe", ["public-private-partnership"]),
    ("Erfaringer med OPS i vegsektoren", "nob", ["public-private-partnership"]),
    ("Ops, det ble feil", "nob", []),
    ("Rapporten drøfter corporate social responsibility i norske bedrifter", "nob", ["corporate-social-responsibility"]),
    ("Public-private partnerships finance new hospitals", "eng", ["public-private-partnership"]),
    ("Samfunnsansvar og samskaping", None, ["corporate-social-responsibility", "co-creation"]),
])
def test_terms_match_inflected_and_quoted_forms(text, language, expected):
    assert topics(text, language) == expected


def test_seed_000_baerum_report(shared_dir):
    assert topics(seed_text(shared_dir, "000_13704d08e2bb767b.txt"), "nob") == [
        "public-private-partnership", "social-partnership", "civil-society"]


def test_seed_001_reform_commission_article(shared_dir):
    assert topics(seed_text(shared_dir, "001_c06ce55ba0dc2011.txt"), "dan") == ["civil-society", "work-inclusion"]


def test_seed_002_tripartite_guide(shared_dir):
    assert topics(seed_text(shared_dir, "002_1fa0c9753f6155b2.txt"), "nob") == ["tripartite-cooperation", "outsourcing"]


def test_seed_003_partnerships_with_companies(shared_dir):
    text = transcript(seed_text(shared_dir, "003_f3d87d729d51e10a.txt"))
    assert topics(text, "dan") == ["public-private-partnership", "social-partnership",
                                   "corporate-social-responsibility", "civil-society"]


def test_seed_004_ict_cooperation(shared_dir):
    text = transcript(seed_text(shared_dir, "004_3ac157cc45cd0413.txt"))
    assert topics(text, "nob") == ["inter-municipal-cooperation", "ict-cooperation", "outsourcing"]


def test_labelled_texts():
    pairs = topic_pairs()
    precision, recall = precision_recall(pairs)
    assert len(pairs) >= 60
    assert precision >= 0.9 and recall >= 0.9


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.sampled_from(["nob", "nno", "dan", "swe", "fin", "isl", "eng", "xxx"])))
def test_never_raises_and_is_deterministic(text, language):
    found = topics(text, language)
    assert set(found) <= set(CONCEPT_IDS)
    assert topics(text, language) == found
