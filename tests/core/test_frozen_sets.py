"""The frozen sets of tests/data/sets/ and the scoring of quality/frozen_sets.py.

The sets are only read here for their shape (each has a README saying who wrote it and how it
may be used, a dev and a held-out split, the fields the scorer reads); their figures are
`make quality`'s, never a test's. The scoring functions are checked on small examples of our own.
"""
from __future__ import annotations

import pytest

from pipeline.cases import Case, Partner
from quality.frozen_sets import SETS, cluster_figures, load, same_name, same_place, score_cases


@pytest.mark.parametrize("name", ["language", "merge", "cases"])
def test_each_set_says_who_wrote_it_and_has_both_splits(name):
    readme = (SETS / name / "README.md").read_text(encoding="utf-8")
    assert "held-out" in readme.lower() and "2026-12-07" in readme
    splits = ("dev/labels", "heldout/labels") if name == "cases" else ("dev", "heldout")
    assert all(load(name, split) for split in splits)


def test_language_items_have_a_known_label_and_some_text():
    for split in ("dev", "heldout"):
        for item in load("language", split):
            assert item["language"] in {"nob", "nno", "dan", "swe", "fin", "eng", "isl"}
            assert item.get("title") or item.get("text")


def test_merge_records_have_unique_ids_and_a_cluster():
    for split in ("dev", "heldout"):
        records = load("merge", split)
        assert len({r["id"] for r in records}) == len(records)
        assert all(r["cluster"] and r["source"] for r in records)


def test_case_labels_name_existing_files_whose_text_holds_each_passage():
    for split in ("dev", "heldout"):
        for document in load("cases", f"{split}/labels"):
            text = " ".join((SETS / "cases" / document["file"]).read_text(encoding="utf-8").split())
            for case in document["cases"]:
                assert " ".join(case["passage"].split()) in text
                assert all(p["sector"] in {"public", "private", "civil_society"} for p in case["partners"])


def test_cluster_figures_on_a_small_example():
    records = [{"id": i, "cluster": c} for i, c in [("a", 1), ("b", 1), ("c", 1), ("d", 2), ("e", 3)]]
    perfect = cluster_figures(records, [{"a", "b", "c"}, {"d"}, {"e"}])
    assert (perfect.pair_precision, perfect.pair_recall, perfect.exact_clusters) == (1.0, 1.0, 1.0)
    # a, b found together, c alone, d wrongly joined to e: 1 right pair of 2 found, of 3 labelled
    found = cluster_figures(records, [{"a", "b"}, {"c"}, {"d", "e"}])
    assert found.pair_precision == 0.5 and found.pair_recall == pytest.approx(1 / 3)
    assert found.exact_clusters == 0.0
    assert found.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert found.bcubed_precision == pytest.approx((1 + 1 + 1 + 0.5 + 0.5) / 5)


def test_names_match_across_inflection_and_folding_but_not_across_organisations():
    assert same_name("Bærum kommune", "Baerum kommunes")
    assert same_name("Tampereen kaupunki", "tampereen kaupunki")
    assert not same_name("Bærum kommune", "Asker kommune")
    assert not same_name(None, "Asker kommune")


def test_a_case_scores_by_name_place_partners_and_distractors():
    labelled = {"cases": [{"name": "Trygg hjemme", "municipality": "Sandnes", "country": "NO",
                           "municipality_code": "1108", "passage": "Sandnes kommune og Hjemmehjelp AS driver",
                           "partners": [{"name": "Sandnes kommune", "sector": "public"},
                                        {"name": "Hjemmehjelp AS", "sector": "private"}]}],
                "not_partners": ["Nordplan Analyse AS"]}
    right = Case("Trygg hjemme", "", [Partner("Sandnes kommune", "public"), Partner("Hjemmehjelp AS", "civil_society")],
                 ["Sandnes"], ["NO:1108"], None, None, None, [], "labelled-block", 0.9,
                 passage="Trygg hjemme Sandnes kommune og Hjemmehjelp AS")
    extra = Case(None, "", [Partner("Nordplan Analyse AS", "private")], [], [], None, None, None, [], "section", 0.5)
    text = "Trygg hjemme Sandnes kommune og Hjemmehjelp AS. " + "Mer tekst. " * 30 + \
        "Sandnes kommune og Hjemmehjelp AS driver"
    figures = score_cases(labelled, [right, extra], text)
    assert (figures.named, figures.named_found) == (1, 1)
    assert figures.pointed == 0  # the labelled passage is 300 characters on
    assert (figures.partners, figures.partners_found, figures.partners_sector) == (2, 2, 1)
    assert (figures.rows, figures.extra_rows, figures.distractors) == (2, 1, 1)
    assert score_cases(labelled, [right], text.replace("Mer tekst. " * 30, "")).pointed == 1
    elsewhere = Case("Trygg hjemme", "", [], ["Bergen"], ["NO:4601"], None, None, None, [], "section", 0.5)
    assert not same_place(labelled["cases"][0], elsewhere)
