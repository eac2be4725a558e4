"""Merge quality on the labelled pairs (tests/data/merge_pairs.yml): `python -m quality.merge`.

Each pair is merged on its own, as the build would merge the two records; a pair counts as
merged when they end in one cluster. Prints precision, recall and F1 of exact identifiers only
and of exact + fuzzy at the configured threshold, then the threshold curve the threshold was
picked from, and the pairs the rules get wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import merge

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "merge_pairs.yml"
CURVE = [round(0.70 + 0.02 * step, 2) for step in range(16)]


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]


def as_work(record: dict) -> dict:
    """A labelled record in the shape merge_works reads."""
    return {"_source": record["source"], "_key": record["key"], **{
        name: value for name, value in record.items() if name not in ("source", "key")}}


def merged(pair: dict, *, fuzzy: bool = True, threshold: float = merge.FUZZY_THRESHOLD) -> bool:
    result = merge.merge_works([as_work(pair["a"]), as_work(pair["b"])], fuzzy=fuzzy, threshold=threshold)
    return len(result.clusters) == 1


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    wrong: tuple[int, ...]  # ids of pairs decided against their label


def quality(pairs: list[dict], **options) -> Quality:
    decided = [(pair, merged(pair, **options)) for pair in pairs]
    true_pos = sum(1 for pair, same in decided if same and pair["same"])
    predicted = sum(1 for _, same in decided if same)
    actual = sum(1 for pair in pairs if pair["same"])
    precision = true_pos / predicted if predicted else 1.0
    recall = true_pos / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    wrong = tuple(pair["id"] for pair, same in decided if same != pair["same"])
    return Quality(round(precision, 4), round(recall, 4), round(f1, 4), wrong)


def main() -> None:
    pairs = load_pairs()
    same = sum(pair["same"] for pair in pairs)
    print(f"{len(pairs)} labelled pairs: {same} same work, {len(pairs) - same} different\n")
    print(f"{'rules':<28}{'precision':>10}{'recall':>8}{'F1':>8}")
    for label, options in (("exact identifiers", {"fuzzy": False}),
                           (f"exact + fuzzy @ {merge.FUZZY_THRESHOLD:.2f}", {})):
        found = quality(pairs, **options)
        print(f"{label:<28}{found.precision:>10.3f}{found.recall:>8.3f}{found.f1:>8.3f}")
    print(f"\n{'threshold':<12}{'precision':>10}{'recall':>8}{'F1':>8}  wrong pairs")
    for threshold in CURVE:
        found = quality(pairs, threshold=threshold)
        print(f"{threshold:<12.2f}{found.precision:>10.3f}{found.recall:>8.3f}{found.f1:>8.3f}  {list(found.wrong)}")
    by_id = {pair["id"]: pair for pair in pairs}
    print("\nwrong at the configured threshold:")
    for pair_id in quality(pairs).wrong:
        pair = by_id[pair_id]
        score = merge.pair_score(as_work(pair["a"]), as_work(pair["b"]))
        print(f"  #{pair_id} labelled {'same' if pair['same'] else 'different'}, score "
              f"{score.score if score else '-'}: {pair['a'].get('title')!r} / {pair['b'].get('title')!r}")


if __name__ == "__main__":
    main()
