"""`make quality`: the figures on the frozen sets of tests/data/sets/, dev and held-out side by side,
each next to its baseline.

The sets were written by people (or sessions) who had not read the rules they measure, and
committed before those rules changed (each set's README says who, from what, and when). The dev
part may be read while working on a rule; the held-out part is only ever evaluated, never read to
tune. A figure from the held-out part is the one to quote.

    python -m quality.frozen_sets [--set language]
"""
from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from pipeline.language import identify, model_language

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "sets"
SPLITS = ("dev", "heldout")
SCANDINAVIAN = ("nob", "nno", "dan", "swe")


def load(name: str, split: str) -> list[dict]:
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


REPORTS = {"language": report_language}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m quality.frozen_sets", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(REPORTS), action="append", help="default: every set")
    for name in parser.parse_args().set or REPORTS:
        REPORTS[name]()


if __name__ == "__main__":
    main()
