"""Organisations under one canonical name (pipeline.organisations) and the alias file itself."""
from __future__ import annotations

import pytest
import yaml

from pipeline.organisations import ALIASES_FILE, canonical, fold_name, listed_as


@pytest.mark.parametrize("names, organisation_id, name", [
    (["BI", "Handelshøyskolen BI", "BI Norwegian Business School", "bi norwegian business school."],
     "bi-norwegian-business-school", "BI Norwegian Business School"),
    (["Nordisk Ministerråd", "Nordic Council of Ministers", "Pohjoismaiden ministerineuvosto", "Nordiska ministerrådet"],
     "nordic-council-of-ministers", "Nordic Council of Ministers"),
    (["Universitetet i Oslo", "University of Oslo", "UiO"], "university-of-oslo", "University of Oslo"),
    (["KS", "Kommunesektorens organisasjon", "KS - Kommunesektorens organisasjon"], "ks", "KS"),
    (["Kommunernes Landsforening", "KL"], "kommunernes-landsforening", "Kommunernes Landsforening"),
    (["SKR", "Sveriges Kommuner och Regioner"], "sveriges-kommuner-och-regioner", "Sveriges Kommuner och Regioner"),
    (["Kuntaliitto", "Suomen Kuntaliitto"], "suomen-kuntaliitto", "Suomen Kuntaliitto"),
    (["Fafo", "FAFO", "Fafo AS"], "fafo", "Fafo"),
    (["NTNU", "NTNU, Institutt for sosiologi og statsvitenskap",
      "Norwegian University of Science and Technology (NTNU)"],
     "norwegian-university-of-science-and-technology", "Norwegian University of Science and Technology"),
])
def test_every_alias_in_every_language_is_one_organisation(names, organisation_id, name):
    assert {(canonical(n).id, canonical(n).name) for n in names} == {(organisation_id, name)}


def test_company_forms_case_and_punctuation_fold_away():
    assert fold_name("Gulskogen Eiendom AS") == fold_name("GULSKOGEN EIENDOM A/S") == "gulskogen eiendom"
    assert fold_name("Pirkan Kone Oy") == "pirkan kone"
    assert fold_name("AS") == "as"  # a company form alone is a name


def test_an_unknown_name_is_its_own_organisation_named_as_written():
    found = canonical("Gulskogen  Eiendom AS")
    assert (found.id, found.name, found.country, found.aliases) == ("gulskogen-eiendom", "Gulskogen Eiendom AS",
                                                                    None, ())
    assert listed_as("Gulskogen Eiendom AS") is None
    assert listed_as("Handelshøyskolen BI").country == "NO"
    assert canonical("  ") is None


def test_the_alias_file_names_each_alias_once():
    entries = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    assert len({canonical(entry["name"]).id for entry in entries}) == len(entries)
    for entry in entries:
        for alias in entry["aliases"]:
            assert canonical(alias).name == entry["name"], alias
