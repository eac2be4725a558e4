"""How well pipeline/cases/ finds partnership cases: precision and recall against the
hand-labelled set tests/data/cases.yml (the seed documents and the demo documents of
demo/cases.py), per language and overall, seeds and demo apart.

    python -m quality.cases

Cases: a labelled case is found when an extracted case of the same document has its name (or an
alias) after normalisation, or, for a case the text gives no name, shares at least half of its
partners. Each extracted case matches at most one labelled case.
Partners (name + sector): within matched cases, a partner is right when its normalised name
equals a labelled partner's and the sector agrees; partners of unmatched extracted cases count
against precision, those of unmatched labelled cases against recall.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from demo import seeds
from demo.cases import DOCUMENTS
from pipeline.cases import Case, extract_cases, normalised_name

BI_REPORT_TITLE = "Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet"
LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "cases.yml"
# Words a partner's name may carry or not: "Horten" and "Horten kommune" are one partner.
GENERIC_WORDS = {"kommune", "kommuner", "kommun", "kommunes", "herad", "stad", "kaupunki", "kunta",
                 "municipality", "the", "city", "of", "as", "asa", "a", "s", "ab", "oy", "oyj", "ry"}


def seed_texts() -> dict[str, tuple[str, str]]:
    """The seed documents' texts as the crawl stores them (title, nordcat.text)."""
    def transcript(pages: list[str]) -> str:
        return "\n\n".join(re.sub(r"\s+\d+$", "", page) for page in pages)

    trepart = "\n\n".join(text for _, text in seeds.TREPART_BLOCKS)
    reform = "\n\n".join([seeds.REFORM_ARTICLE_LEAD] + [f"{h}\n\n{b}" for h, b in seeds.REFORM_ARTICLE_SECTIONS])
    return {
        "seed-000": (BI_REPORT_TITLE, seeds.BI_REPORT_ABSTRACT),
        "seed-001": (seeds.REFORM_ARTICLE_TITLE, reform),
        "seed-002": (seeds.TREPART_TITLE, trepart),
        "seed-003": (seeds.COWI_TITLE, transcript(seeds.COWI_PAGES)),
        "seed-004": (seeds.TELEPLAN_TITLE, transcript(seeds.TELEPLAN_PAGES)),
    }


def labelled_documents() -> dict[str, dict]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))["documents"]


def document_texts() -> dict[str, tuple[str, str]]:
    texts = seed_texts()
    texts.update({document.key: (document.title, document.text) for document in DOCUMENTS})
    return texts


def partner_key(name: str) -> str:
    """Partner names compared without generic words, and without the genitive -s before one
    ("Linköpings kommun" is "Linköping")."""
    words = normalised_name(name).split()
    kept = []
    for i, word in enumerate(words):
        if word in GENERIC_WORDS:
            if kept and kept[-1].endswith("s") and i > 0:
                kept[-1] = kept[-1][:-1]
            continue
        kept.append(word)
    return " ".join(kept)


def name_matches(gold: dict, case: Case) -> bool:
    if not case.name:
        return False
    names = [gold["name"], *gold.get("aliases", [])]
    return normalised_name(case.name) in {normalised_name(n) for n in names}


def partners_overlap(gold: dict, case: Case) -> bool:
    wanted = {partner_key(p["name"]) for p in gold["partners"]}
    got = {partner_key(p.name) for p in case.partners}
    return len(wanted & got) * 2 >= len(wanted)


def match_cases(gold_cases: list[dict], found: list[Case]) -> list[tuple[dict, Case]]:
    """Named cases by name first, then unnamed ones by partners; one to one."""
    pairs, free = [], list(found)
    for gold in sorted(gold_cases, key=lambda g: g["name"] is None):
        test = name_matches if gold["name"] else partners_overlap
        case = next((c for c in free if test(gold, c)), None)
        if case is not None:
            free.remove(case)
            pairs.append((gold, case))
    return pairs


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    right: int = 0

    def add(self, other: "Tally") -> None:
        self.gold += other.gold
        self.found += other.found
        self.right += other.right

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0


def score_document(gold_cases: list[dict], found: list[Case]) -> tuple[Tally, Tally]:
    """(cases, partners) tallies of one document."""
    pairs = match_cases(gold_cases, found)
    cases = Tally(len(gold_cases), len(found), len(pairs))
    partners = Tally(sum(len(g["partners"]) for g in gold_cases), sum(len(c.partners) for c in found))
    for gold, case in pairs:
        wanted = {(partner_key(p["name"]), p["sector"]) for p in gold["partners"]}
        partners.right += len(wanted & {(partner_key(p.name), p.sector) for p in case.partners})
    return cases, partners


def evaluate() -> dict[tuple[str, str], tuple[Tally, Tally]]:
    """(source, language) -> (cases, partners); language "all" sums a source."""
    texts = document_texts()
    results: dict[tuple[str, str], tuple[Tally, Tally]] = defaultdict(lambda: (Tally(), Tally()))
    for key, labelled in labelled_documents().items():
        title, text = texts[key]
        found = extract_cases(text, language=labelled["language"], title=title)
        cases, partners = score_document(labelled["cases"], found)
        for group in ((labelled["source"], labelled["language"]), (labelled["source"], "all")):
            results[group][0].add(cases)
            results[group][1].add(partners)
    return dict(results)


def report(results: dict[tuple[str, str], tuple[Tally, Tally]]) -> str:
    lines = [f"{'source':6} {'lang':4} {'cases':>6} {'P':>5} {'R':>5}   {'partners':>8} {'P':>5} {'R':>5}"]
    for (source, language), (cases, partners) in sorted(results.items(), key=lambda item: (item[0][0], item[0][1] == "all", item[0][1])):
        lines.append(f"{source:6} {language:4} {cases.gold:6} {cases.precision:5.2f} {cases.recall:5.2f}   "
                     f"{partners.gold:8} {partners.precision:5.2f} {partners.recall:5.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(evaluate()))
