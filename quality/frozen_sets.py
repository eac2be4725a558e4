"""`make quality`: the figures on the frozen sets of tests/data/sets/, dev and held-out side by side,
each next to its baseline.

The sets were written by people (or sessions) who had not read the rules they measure, and
committed before those rules changed (each set's README says who, from what, and when). The dev
part may be read while working on a rule; the held-out part is only ever evaluated, never read to
tune. A figure from the held-out part is the one to quote.

    python -m quality.frozen_sets [--set language|merge|cases|relevance] [--split dev]

Sets written later (cases-2, merge-2) are measured beside the first ones, in the same format.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml
from rapidfuzz import fuzz

from pipeline import merge
from publish import catalogue
from pipeline.cases import Case, extract_cases
from pipeline.language import identify, model_language
from pipeline.mapping import to_work

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "sets"
SPLITS = ["dev", "heldout"]  # --split narrows it: work on dev without scoring the held-out part
SCANDINAVIAN = ("nob", "nno", "dan", "swe")


def load(name: str, split: str) -> list[dict]:
    """A set's items: tests/data/sets/<name>/<split>.yml (split may be a path such as dev/labels)."""
    return yaml.safe_load((SETS / name / f"{split}.yml").read_text(encoding="utf-8"))


# --- language ------------------------------------------------------------------------------------

@dataclass
class LanguageFigures:
    items: int
    accuracy: float
    per_language: dict[str, float]
    confusion: Counter  # (labelled, found) over the Scandinavian labels


def language_figures(items: list[dict], identify_: Callable[..., str | None]) -> LanguageFigures:
    """identify_(title, abstract) of every item against its label; an item the identifier gives
    up on (None: too little text) counts as wrong."""
    right, total, confusion = Counter(), Counter(), Counter()
    for item in items:
        found = identify_(item.get("title"), item.get("text"))
        total[item["language"]] += 1
        right[item["language"]] += found == item["language"]
        if item["language"] in SCANDINAVIAN:
            confusion[item["language"], found] += 1
    return LanguageFigures(len(items), sum(right.values()) / len(items),
                           {language: right[language] / total[language] for language in sorted(total)}, confusion)


def report_language() -> None:
    print("Language of texts without metadata (tests/data/sets/language): accuracy")
    print("nordcat: pipeline.language.identify (py3langid + Nordic markers); baseline: py3langid alone,")
    print("restricted to the same seven languages. An item given up on (too little text) counts as wrong.\n")
    figures = {(split, name): language_figures(load("language", split), function)
               for split in SPLITS for name, function in (("nordcat", identify), ("py3langid", model_language))}
    languages = list(figures["dev", "nordcat"].per_language)
    print(f"{'':10}" + "".join(f"{split + ' ' + name:>20}" for split in SPLITS for name in ("nordcat", "py3langid")))
    print(f"{'overall':10}" + "".join(f"{figures[split, name].accuracy:20.3f}"
                                      for split in SPLITS for name in ("nordcat", "py3langid")))
    for language in languages:
        print(f"{language:10}" + "".join(f"{figures[split, name].per_language[language]:20.3f}"
                                         for split in SPLITS for name in ("nordcat", "py3langid")))
    for split in SPLITS:
        confusion = figures[split, "nordcat"].confusion
        print(f"\n{split}, nordcat: labelled (rows) as identified (columns)")
        columns = [*SCANDINAVIAN, "other"]
        print(f"{'':6}" + "".join(f"{column:>7}" for column in columns))
        for label in SCANDINAVIAN:
            found = {column: confusion[label, column] for column in SCANDINAVIAN}
            found["other"] = sum(count for (row, column), count in confusion.items()
                                 if row == label and column not in SCANDINAVIAN)
            print(f"{label:6}" + "".join(f"{found[column]:7}" for column in columns))
    print()


# --- merge ---------------------------------------------------------------------------------------

# What the merge may see of a labelled record: the fields a source gives, never its label or note.
MERGE_INPUT = ("source", "kind", "title", "authors", "year", "publisher", "series", "doi", "handle", "isbn", "urn",
               "url", "language")


def as_dc(record: dict) -> dict[str, list[str]]:
    """A labelled record as the dc-dict a source would have sent."""
    given = {name: record.get(name) for name in MERGE_INPUT}
    dc_dict = {"dc.title": [given["title"]], "dc.contributor.author": given["authors"] or [],
               "dc.date.issued": [str(given["year"])] if given["year"] else [], "dc.publisher": [given["publisher"]],
               "dc.relation.ispartofseries": [given["series"]], "dc.identifier.doi": [given["doi"]],
               "dc.identifier.uri": [f"http://hdl.handle.net/{given['handle']}" if given["handle"] else None,
                                     given["url"]],
               "dc.identifier.isbn": given["isbn"] or [], "dc.identifier.urn": [given["urn"]],
               "dc.language.iso": [given["language"]]}
    return {key: [value for value in values if value] for key, values in dc_dict.items()}


def merge_input(records: list[dict]) -> list[dict]:
    """What the build hands merge.merge_works for these records: each mapped as the build maps a
    record (pipeline.mapping.to_work), with its match keys and the fields the fuzzy stage reads."""
    works = []
    for record in records:
        work = to_work(as_dc(record), country=None, language=None, publisher=None, default_type=None)
        works.append({"_source": record["source"], "_key": record["id"], "_keys": merge.match_keys(work),
                      "title": work["title"], "authors": work["authors"], "year": work["year"],
                      "publisher": work["publisher"],
                      "series": " ".join(filter(None, (work["series"], work["series_number"]))) or None})
    return works


@dataclass
class ClusterFigures:
    pair_precision: float   # of the record pairs put in one work, those labelled one work
    pair_recall: float      # of the record pairs labelled one work, those put in one work
    bcubed_precision: float
    bcubed_recall: float
    exact_clusters: float   # labelled works whose records form exactly one found work


def cluster_figures(records: list[dict], found: list[set[str]]) -> ClusterFigures:
    """Found clusters (sets of record ids) against the labelled ones, all records merged together
    as the build merges them: pairwise, B-cubed and exact-cluster figures."""
    label = {record["id"]: record["cluster"] for record in records}
    labelled: dict[str, set[str]] = {}
    for record_id, cluster in label.items():
        labelled.setdefault(cluster, set()).add(record_id)
    found_of = {record_id: members for members in found for record_id in members}
    same_found = sum(len(m) * (len(m) - 1) // 2 for m in found)
    same_labelled = sum(len(m) * (len(m) - 1) // 2 for m in labelled.values())
    both = sum(len(a & b) * (len(a & b) - 1) // 2 for a in found for b in labelled.values())
    bp = sum(len(found_of[r] & labelled[label[r]]) / len(found_of[r]) for r in label) / len(label)
    br = sum(len(found_of[r] & labelled[label[r]]) / len(labelled[label[r]]) for r in label) / len(label)
    exact = sum(1 for members in labelled.values() if members in found) / len(labelled)
    return ClusterFigures(both / same_found if same_found else 1.0, both / same_labelled if same_labelled else 1.0,
                          bp, br, exact)


def merged_clusters(records: list[dict], **options) -> list[set[str]]:
    works = merge_input(records)
    result = merge.merge_works(works, **options)
    return [{works[i]["_key"] for i in cluster.members} for cluster in result.clusters]


def report_merge() -> None:
    for name in versions("merge"):
        report_merge_set(name)


def versions(name: str) -> list[str]:
    """A set and its later versions (merge, merge-2, ...), those that exist."""
    return [path.name for path in sorted(SETS.iterdir()) if re.fullmatch(rf"{name}(?:-\d+)?", path.name)]


def report_merge_set(set_name: str) -> None:
    print(f"Merge on clusters (tests/data/sets/{set_name}): every record of a split merged together, as the build")
    print("does; records mapped by pipeline.mapping.to_work first. nordcat: identifiers + fuzzy titles;")
    print("baselines: identifiers only, and every record alone.\n")
    print(f"{'split':9}{'merge':22}{'pair P':>8}{'pair R':>8}{'B3 P':>8}{'B3 R':>8}{'exact':>8}")
    for split in SPLITS:
        records = load(set_name, split)
        for name, found in (("nordcat", merged_clusters(records)),
                            ("identifiers only", merged_clusters(records, fuzzy=False)),
                            ("every record alone", [{r["id"]} for r in records])):
            f = cluster_figures(records, found)
            print(f"{split:9}{name:22}{f.pair_precision:8.3f}{f.pair_recall:8.3f}{f.bcubed_precision:8.3f}"
                  f"{f.bcubed_recall:8.3f}{f.exact_clusters:8.3f}")
    print()


# --- cases ---------------------------------------------------------------------------------------

# Names are compared folded (case, marks, punctuation) and fuzzily, so "Bærum kommunes" and
# "Bærum kommune" are one partner; the scorer shares nothing with the extractor's own rules.
SAME_NAME = 90


def folded(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", (name or "").casefold().replace("ø", "o").replace("æ", "ae"))
    return " ".join(re.sub(r"[\W_]+", " ", "".join(c for c in text if not unicodedata.combining(c))).split())


def same_name(a: str | None, b: str | None) -> bool:
    return bool(folded(a)) and bool(folded(b)) and fuzz.token_set_ratio(folded(a), folded(b)) >= SAME_NAME


def same_place(label: dict, case: Case) -> bool:
    if not label.get("municipality"):
        return True
    code = label.get("municipality_code")
    codes = {c.split(":", 1)[1].lstrip("0") for c in case.place_codes if c.startswith(f"{label['country']}:")}
    return (code is not None and code.lstrip("0") in codes) or any(
        folded(place) == folded(label["municipality"]) for place in case.places)


@dataclass
class CaseFigures:
    named: int = 0              # labelled cases with a name
    named_found: int = 0        # ... found with that name and their municipality
    partners: int = 0           # labelled partners
    partners_found: int = 0     # ... named by an extracted partner of the document
    partners_sector: int = 0    # ... and given the labelled sector
    rows: int = 0               # extracted cases
    extra_rows: int = 0         # ... matching no labelled case of their document
    distractors: int = 0        # extracted partners that the labels list as not partners
    pointed: int = 0            # named cases found whose passage starts near the labelled one

    def add(self, other: CaseFigures) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def score_cases(labelled: dict, found: list[Case], text: str = "") -> CaseFigures:
    f = CaseFigures(rows=len(found))
    for case in labelled["cases"]:
        if case["name"]:
            f.named += 1
            f.named_found += any(same_name(case["name"], c.name) and same_place(case, c) for c in found)
            f.pointed += any(same_name(case["name"], c.name) and near(text, case["passage"], c.passage) for c in found)
    extracted = [p for c in found for p in c.partners]
    for case in labelled["cases"]:
        for partner in case["partners"]:
            f.partners += 1
            matches = [p for p in extracted if same_name(partner["name"], p.name)]
            f.partners_found += bool(matches)
            f.partners_sector += any(p.sector == partner["sector"] for p in matches)

    def matches_a_label(c: Case) -> bool:
        return any(same_name(label["name"], c.name) or _shares_half_the_partners(label, c) for label in labelled["cases"])
    f.extra_rows = sum(1 for c in found if not matches_a_label(c))
    f.distractors = sum(1 for p in extracted if any(same_name(name, p.name) for name in labelled.get("not_partners", [])))
    return f


NEAR = 200  # characters: the pointer lands in the sentence or table row the label starts at


def near(text: str, labelled: str, found: str) -> bool:
    """The found passage starts within NEAR characters of the labelled one (whitespace collapsed)."""
    text = " ".join(text.split())
    at, found_at = text.find(" ".join(labelled.split())), text.find(" ".join(found.split()))
    return at >= 0 and found_at >= 0 and abs(at - found_at) <= NEAR


def _shares_half_the_partners(label: dict, case: Case) -> bool:
    names = [p["name"] for p in label["partners"]]
    shared = sum(1 for name in names if any(same_name(name, p.name) for p in case.partners))
    return bool(names) and shared * 2 >= len(names)


def case_figures(set_name: str, split: str) -> CaseFigures:
    total = CaseFigures()
    for labelled in load(set_name, split + "/labels"):
        text = (SETS / set_name / labelled["file"]).read_text(encoding="utf-8")
        found = extract_cases(text, language=labelled["language"], title=labelled["title"])
        total.add(score_cases(labelled, found, text))
    return total


def report_cases() -> None:
    for name in versions("cases"):
        report_case_set(name)
    print("named cases: found with their name and municipality; right sector: of all labelled partners;")
    print("extra rows: extracted cases that match no labelled case (by name or half its partners);")
    print("distractors: extracted partners the labels list as not partners (authors, funders of the report ...);")
    print(f"pointer: named cases found whose passage starts within {NEAR} characters of the labelled passage\n")


def report_case_set(set_name: str) -> None:
    print(f"Partnership cases (tests/data/sets/{set_name}): pipeline.cases.extract_cases on each document's text")
    print("with its language and title. Names compared folded, token-set similarity >= 90.\n")
    print(f"{'split':9}{'named cases':>24}{'partners found':>20}{'right sector':>14}{'extra rows':>16}"
          f"{'distractors':>13}{'pointer':>10}")
    for split in SPLITS:
        f = case_figures(set_name, split)
        print(f"{split:9}{f'{f.named_found}/{f.named} = {f.named_found / f.named:.2f}':>24}"
              f"{f'{f.partners_found}/{f.partners} = {f.partners_found / f.partners:.2f}':>20}"
              f"{f'{f.partners_sector / f.partners:.2f}':>14}"
              f"{f'{f.extra_rows}/{f.rows} = {f.extra_rows / max(f.rows, 1):.2f}':>16}{f.distractors:>13}"
              f"{f'{f.pointed}/{f.named}':>10}")
    print()


# --- search relevance ---------------------------------------------------------------------------------

def relevance_scores(split: str) -> dict[str, list[tuple[float, float]]]:
    """system -> [(nDCG@10, recall@20) per query] on a split of tests/data/sets/relevance: its
    records as a catalogue's documents, both indexes built by the publish code."""
    from quality.search_and_enrichment import build_indexes, evaluate

    documents = load("relevance", f"{split}/documents")
    db = sqlite3.connect(":memory:")
    db.executescript(catalogue.SCHEMA)
    db.executemany("INSERT INTO documents(id, language, title, abstract, subjects, authors) VALUES (?, ?, ?, ?, ?, ?)",
                   [(d["id"], d["language"], d["title"], d["abstract"], json.dumps(d.get("subjects") or [], ensure_ascii=False),
                     json.dumps(d.get("authors") or [], ensure_ascii=False)) for d in documents])
    build_indexes(db)
    queries = [{"query": q["query"], "language": "all", "relevant": q["judgements"]}
               for q in load("relevance", f"{split}/queries")]
    return evaluate(db, queries)["all"]


def report_relevance() -> None:
    print("Search relevance (tests/data/sets/relevance): graded judgements (2 about it, 1 partly) by meaning.")
    print("ranked = the catalogue's search (every match ranked, title matches first); plain = FTS5 unicode61")
    print("on the original text, bm25 with the same column weights, as Datasette's _search.\n")
    print(f"{'split':9}{'queries':>8}{'ranked nDCG@10':>16}{'plain nDCG@10':>15}{'ranked R@20':>13}{'plain R@20':>12}")
    for split in SPLITS:
        scores = relevance_scores(split)
        mean = lambda name, i: sum(pair[i] for pair in scores[name]) / len(scores[name])
        print(f"{split:9}{len(scores['stemmed']):>8}{mean('stemmed', 0):>16.3f}{mean('plain', 0):>15.3f}"
              f"{mean('stemmed', 1):>13.3f}{mean('plain', 1):>12.3f}")
    print()


REPORTS = {"language": report_language, "merge": report_merge, "cases": report_cases, "relevance": report_relevance}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m quality.frozen_sets", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(REPORTS), action="append", help="default: every set")
    parser.add_argument("--split", choices=SPLITS, help="default: dev and held-out")
    arguments = parser.parse_args()
    if arguments.split:
        SPLITS[:] = [arguments.split]
    for name in arguments.set or REPORTS:
        REPORTS[name]()


if __name__ == "__main__":
    main()
