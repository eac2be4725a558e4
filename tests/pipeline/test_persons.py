"""Persons across records (pipeline.persons): keys, ORCID check, initials expanded only where the
context knows the full name, identifiers joining and separating names."""
from __future__ import annotations

import pytest

from pipeline.normalise import person_name
from pipeline.persons import Mention, cristin_id, orcid, parse, record_names, resolve

ORCID_A = "0000-0002-1825-0097"   # ORCID's own documentation example
ORCID_B = "0000-0002-1694-233X"   # another documented example: check character X
ORCID_C = "0000-0001-5109-3700"


@pytest.mark.parametrize("raw, family, given, key", [
    ("Vabo, S. I.", "Vabo", "S. I.", "vabo|si"),
    ("Signy Irene Vabo", "Vabo", "Signy Irene", "vabo|si"),
    ("VABO, Signy Irene", "Vabo", "Signy Irene", "vabo|si"),
    ("Prof. dr. philos. Atle Midttun", "Midttun", "Atle", "midttun|a"),
    ("Beethoven, Ludwig van", "van Beethoven", "Ludwig", "beethoven|l"),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig", "beethoven|l"),
    ("Hansen, H.-P.", "Hansen", "H.-P.", "hansen|hp"),
    ("Øvretveit, Åse", "Øvretveit", "Åse", "ovretveit|a"),
])
def test_names_are_split_and_keyed_by_family_and_initials(raw, family, given, key):
    name = parse(person_name(raw))
    assert (name.family, name.given, name.key) == (family, given, key)


def test_orcid_check_character_is_iso_7064_11_2():
    assert orcid(f"https://orcid.org/{ORCID_A}") == ORCID_A
    assert orcid(ORCID_B.lower().replace("-", "")) == ORCID_B
    assert orcid("0000-0002-1825-0098") is None      # one digit off
    assert orcid("0000-0002-1825") is None


def test_cristin_ids_are_digits_also_from_a_url():
    assert cristin_id("https://api.cristin.no/v2/persons/12345/") == "12345"
    assert cristin_id("abc") is None


def test_a_record_names_authors_editors_and_advisors_with_their_identifiers():
    meta = {"dc.contributor.editor": ["Signy Irene Vabo", "Fafo"], "dc.contributor.advisor": ["MIDTTUN, Atle"],
            "nordcat.person.orcid": [f"Vabo, Signy Irene|https://orcid.org/{ORCID_A}", "Midttun, Atle|0000-0002-1825-0098"],
            "nordcat.person.cristin": ["Midttun, Atle|777"]}
    assert record_names(meta, ["Hansen, Kari", "Kommunesektorens organisasjon"]) == {
        "author": [{"name": "Hansen, Kari"}],
        "editor": [{"name": "Vabo, Signy Irene", "orcid": ORCID_A}],
        "advisor": [{"name": "Midttun, Atle", "cristin_id": "777"}],   # the invalid ORCID is dropped
    }


def credited(mentions):
    persons, credits = resolve(mentions)
    by_id = {p.id: p for p in persons}
    return {(c.document_id, c.role, c.position): by_id[c.person_id].name for c in credits}, persons


def test_initials_take_the_full_name_another_record_of_the_work_gives():
    names, persons = credited([
        Mention("w1", "author", 1, "Vabo, S. I."), Mention("w1", "author", 2, "Hansen, K."),
        Mention("w1", "author", None, "Vabo, Signy Irene"),
    ])
    assert names == {("w1", "author", 1): "Vabo, Signy Irene", ("w1", "author", 2): "Hansen, K."}
    assert [(p.family, p.given, p.works) for p in persons if p.family == "Vabo"] == [("Vabo", "Signy Irene", 1)]


def test_initials_take_the_full_name_of_a_work_that_shares_a_co_author():
    names, _ = credited([
        Mention("w1", "author", 1, "Vabo, S. I."), Mention("w1", "author", 2, "Hansen, K."),
        Mention("w2", "author", 1, "Vabo, Signy Irene"), Mention("w2", "author", 2, "Hansen, Kari"),
        # no co-author in common with w2: its "Vabo, S. I." stays as written
        Mention("w3", "author", 1, "Vabo, S. I."), Mention("w3", "author", 2, "Berg, Ola"),
    ])
    assert names[("w1", "author", 1)] == "Vabo, Signy Irene"
    assert names[("w1", "author", 2)] == "Hansen, Kari"
    assert names[("w3", "author", 1)] == "Vabo, S. I."


def test_two_full_names_are_never_merged_and_make_initials_ambiguous():
    names, persons = credited([
        Mention("w1", "author", 1, "Hansen, Kari"), Mention("w1", "author", 2, "Hansen, Knut"),
        Mention("w1", "author", 3, "Hansen, K."),
    ])
    assert sorted(names.values()) == ["Hansen, K.", "Hansen, Kari", "Hansen, Knut"]
    assert len(persons) == 3


def test_an_orcid_joins_name_variants_and_two_orcids_keep_one_name_apart():
    _, persons = credited([
        Mention("w1", "author", 1, "Vabo, Signy", orcid=ORCID_A),
        Mention("w2", "author", 1, "Vabo, Signy Irene", orcid=ORCID_A),
        Mention("w3", "author", 1, "Berg, Ola", orcid=ORCID_B),
        Mention("w4", "author", 1, "Berg, Ola", orcid=ORCID_C),
        Mention("w5", "author", 1, "Berg, Ola"),
    ])
    vabo = [p for p in persons if p.family == "Vabo"]
    assert [(p.name, p.orcid, p.works) for p in vabo] == [("Vabo, Signy Irene", ORCID_A, 2)]
    berg = sorted((p.orcid or "", p.works) for p in persons if p.family == "Berg")
    assert berg == [("", 1), (ORCID_C, 1), (ORCID_B, 1)]


def test_a_name_with_one_orcid_lends_it_to_its_mentions_without():
    _, persons = credited([Mention("w1", "author", 1, "Berg, Ola", orcid=ORCID_B),
                           Mention("w2", "editor", 1, "Berg, Ola", cristin_id="42")])
    assert [(p.name, p.orcid, p.cristin_id, p.works) for p in persons] == [("Berg, Ola", ORCID_B, "42", 2)]


def test_person_ids_do_not_depend_on_mention_order():
    mentions = [Mention("w1", "author", 1, "Vabo, S. I."), Mention("w1", "author", None, "Vabo, Signy Irene"),
                Mention("w2", "editor", 1, "Berg, Ola", orcid=ORCID_B), Mention("w2", "author", 1, "Hansen, K.")]
    assert resolve(mentions) == resolve(list(reversed(mentions)))


def test_resolving_some_keys_with_their_works_keys_gives_what_resolving_all_gives():
    everything = [
        Mention("w1", "author", 1, "Vabo, S. I."), Mention("w1", "author", 2, "Hansen, K."),
        Mention("w2", "author", 1, "Vabo, Signy Irene"), Mention("w2", "author", 2, "Hansen, Kari"),
        Mention("w3", "author", 1, "Berg, Ola"),
    ]
    vabo = [m for m in everything if m.name.startswith("Vabo")]
    persons, credits = resolve(vabo, work_keys={"w1": {"vabo|si", "hansen|k"}, "w2": {"vabo|si", "hansen|k"}})
    all_persons, all_credits = resolve(everything)
    assert persons == [p for p in all_persons if p.family == "Vabo"]
    assert credits == [c for c in all_credits if c.person_id == persons[0].id]
    assert [p.name for p in persons] == ["Vabo, Signy Irene"]
