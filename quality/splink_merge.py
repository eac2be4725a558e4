"""nordcat's merge against splink (probabilistic record linkage, Fellegi-Sunter on DuckDB) on the
frozen merge set (tests/data/sets/merge), dev and held-out, scored the same way.

    python -m quality.splink_merge [--dev-only]     # needs the optional group: pip install -e '.[quality]'

Both get the same records: quality.frozen_sets.merge_input maps each labelled record as the build
does (pipeline.mapping.to_work) and keeps the match keys and the fields nordcat's fuzzy stage
reads (title, authors, year, publisher). splink sees them as columns: the title normalised by
nordcat's own title_key (case, diacritics, aa/å, punctuation folded, leading article off), its
main title (before a subtitle) and the numbers in it, family names, year, folded publisher, and
the identifier keys doi / handle / urn / isbn / url.

splink is used as it is meant to be used without labels: per split, the prior from deterministic
rules with an assumed recall, u probabilities by random sampling (fixed seed), m probabilities by
expectation maximisation on blocked pairs of that same split. No label is read until the clusters
are scored. Clusters are splink's connected components of the pairs at or above a match
probability; that threshold is picked on dev only (best pairwise F1 over THRESHOLDS) and applied
unchanged to held-out. The per-trap diagnostics (README "How to score", 3.) are printed for dev only.

Deterministic (seeded sampling, one DuckDB thread) and offline: DuckDB is opened with extension
autoinstall and autoload off and external access disabled, so nothing can be installed, loaded or
fetched; splink needs nothing beyond DuckDB's statically linked core. No chart is drawn.
"""
from __future__ import annotations

import logging
import re
import time
import warnings
from collections import defaultdict
from contextlib import contextmanager

import duckdb

from pipeline import merge
from quality.frozen_sets import SPLITS, ClusterFigures, cluster_figures, load, merge_input, versions

SEED = 20261207
THRESHOLDS = (0.2, 0.35, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999)
# The prior: pairs sharing an identifier, or the same title and year, are matches; these rules are
# assumed to find this share of all matching pairs (splink's estimate_probability_two_random_records_match).
DETERMINISTIC_RECALL = 0.6
# m by EM on blocked pairs: pairs with the same normalised title train everything but the title
# (and its main title), pairs of one year everything but the year. Picked on dev against
# (year, first title word): pair F1 0.758 against 0.708 at threshold 0.5.
EM_BLOCKS = (("title",), ("year",))


# --- input ---------------------------------------------------------------------------------------

def splink_rows(works: list[dict]) -> list[dict]:
    """merge_input's works as splink's input table: one row per record, unique_id its key."""
    rows = []
    for work in works:
        keys: dict[str, list[str]] = {}
        for key in work["_keys"]:
            kind, _, value = key.partition(":")
            keys.setdefault(kind, []).append(value)
        title = merge.title_key(work["title"]) or None
        main = merge.main_title_key(work["title"]) or title
        words = (title or "").split()
        rows.append({
            "unique_id": work["_key"],
            "title": title,
            "main_title": main,
            "title_first": words[0] if words else None,
            "title_last": words[-1] if words else None,
            "title_numbers": sorted({word for word in words if word.isdigit()}) or None,
            "authors": sorted(merge.family_names(work["authors"])) or None,
            "year": work["year"],
            "publisher": merge.fold(work["publisher"]) or None,
            "doi": (keys.get("doi") or [None])[0],
            "handle": (keys.get("handle") or [None])[0],
            "urn": (keys.get("urn") or [None])[0],
            "isbn": sorted(keys.get("isbn", [])) or None,
            "url": (keys.get("url") or [None])[0],
        })
    return rows


# --- model ---------------------------------------------------------------------------------------

def settings():
    """The model: title (exact, main title exact, Levenshtein <= 3 or Jaro-Winkler >= 0.95, all words
    of one in the other, Jaro-Winkler >= 0.88 or 80 % of the words), the numbers in the title,
    year (same, 1 and 3 apart), shared family names (ArrayIntersect 2 / 1), publisher (exact,
    Jaro-Winkler >= 0.88), and exact matches on each identifier (a handle also split by repository).
    Predictions are blocked on the first title word, the last title word, the year, and on each
    identifier, so a series prefix or a swapped cover order still meets its record."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    # word overlap: the share of the shorter title's words found in the other title
    words_l, words_r = "string_split(title_l, ' ')", "string_split(title_r, ' ')"
    overlap = (f"len(list_intersect(list_distinct({words_l}), list_distinct({words_r})))"
               f" / least(len(list_distinct({words_l})), len(list_distinct({words_r})))")
    title = cl.CustomComparison(
        output_column_name="title",
        comparison_levels=[
            cll.NullLevel("title"),
            cll.ExactMatchLevel("title"),
            cll.CustomLevel("main_title_l = main_title_r", label_for_charts="main title exact"),
            cll.Or(cll.LevenshteinLevel("title", 3), cll.JaroWinklerLevel("title", 0.95)),
            cll.CustomLevel(f"{overlap} = 1", label_for_charts="one title's words all in the other"),
            cll.Or(cll.JaroWinklerLevel("title", 0.88), cll.CustomLevel(f"{overlap} >= 0.8")),
            cll.ElseLevel(),
        ],
        comparison_description="normalised title",
    )
    year = cl.CustomComparison(
        output_column_name="year",
        comparison_levels=[
            cll.NullLevel("year"),
            cll.ExactMatchLevel("year"),
            cll.AbsoluteDifferenceLevel("year", 1),
            cll.AbsoluteDifferenceLevel("year", 3),
            cll.ElseLevel(),
        ],
        comparison_description="year difference",
    )
    publisher = cl.CustomComparison(
        output_column_name="publisher",
        comparison_levels=[
            cll.NullLevel("publisher"),
            cll.ExactMatchLevel("publisher"),
            cll.JaroWinklerLevel("publisher", 0.88),
            cll.ElseLevel(),
        ],
        comparison_description="folded publisher",
    )
    numbers = cl.CustomComparison(
        output_column_name="title_numbers",
        comparison_levels=[
            cll.NullLevel("title_numbers"),
            cll.CustomLevel("list_sort(title_numbers_l) = list_sort(title_numbers_r)",
                            label_for_charts="same numbers in the title"),
            cll.ElseLevel(),
        ],
        comparison_description="numbers in the title (years, parts, report numbers)",
    )
    handle = cl.CustomComparison(
        output_column_name="handle",
        comparison_levels=[
            cll.NullLevel("handle"),
            cll.ExactMatchLevel("handle"),
            cll.CustomLevel("split_part(handle_l, '/', 1) <> split_part(handle_r, '/', 1)",
                            label_for_charts="handles of different repositories"),
            cll.ElseLevel(),
        ],
        comparison_description="handle (a different one in the same repository is another item)",
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            title,
            numbers,
            year,
            cl.ArrayIntersectAtSizes("authors", [2, 1]),
            publisher,
            cl.ExactMatch("doi"),
            handle,
            cl.ExactMatch("urn"),
            cl.ArrayIntersectAtSizes("isbn", [1]),
            cl.ExactMatch("url"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("title_first"),
            block_on("title_last"),
            block_on("year"),
            block_on("doi"),
            block_on("handle"),
            block_on("urn"),
            block_on("url"),
            block_on("isbn", arrays_to_explode=["isbn"]),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def offline_connection() -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB that can neither fetch nor load anything: no extension autoinstall or
    autoload, and no file system or network access at all (INSTALL, LOAD and reading a URL fail
    with a PermissionException). splink needs nothing beyond DuckDB's statically linked core."""
    return duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "enable_external_access": False,
        "threads": 1,  # one thread: the same float sums in the same order every run
    })


@contextmanager
def em_underflow_clamped():
    """splink 5.0.0 refuses an m or u probability below 1e-300 as soon as it is set, and its EM
    step sets one when a level is seen only in pairs whose match probability underflows to 0.0
    (a level that EM drives towards "never in a match"): training then stops with a ValueError.
    This clamps what the EM step hands back to that floor, the value splink itself clamps to
    when it turns m and u into weights: a level with m = 1e-300 is the same veto (about -1000
    bits) that m = 0 would be. Only numbers that would have raised are changed."""
    from splink.internals import expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    original = em.m_u_records_to_lookup_dict

    def clamped(records):
        lookup = original(records)
        for levels in lookup.values():
            for values in levels.values():
                for name, value in values.items():
                    if isinstance(value, (int, float)) and value < M_U_CLAMP_MIN:
                        values[name] = M_U_CLAMP_MIN
        return lookup

    em.m_u_records_to_lookup_dict = clamped
    try:
        yield
    finally:
        em.m_u_records_to_lookup_dict = original


def quiet() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="splink")


class SplinkRun:
    """One split: train on its own records (no labels), score all blocked pairs once, then
    cluster at any threshold."""

    def __init__(self, works: list[dict]):
        from splink import DuckDBAPI, Linker, block_on

        started = time.perf_counter()
        self.connection = offline_connection()
        db_api = DuckDBAPI(connection=self.connection)
        table = db_api.register(splink_rows(works), table_name="records")
        self.linker = Linker(table, settings(), log_level=None)
        training = self.linker.training
        training.estimate_probability_two_random_records_match(
            [block_on("doi"), block_on("handle"), block_on("urn"), block_on("title", "year"),
             "len(list_intersect(l.isbn, r.isbn)) > 0"], recall=DETERMINISTIC_RECALL)
        # a split has under 20,000 pairs, so the sample is in effect all of them (seeded all the same)
        training.estimate_u_using_random_sampling(max_pairs=1e7, seed=SEED)
        with em_underflow_clamped():
            for columns in EM_BLOCKS:
                training.estimate_parameters_using_expectation_maximisation(block_on(*columns))
        self.predictions = self.linker.inference.predict(threshold_match_probability=min(THRESHOLDS),
                                                         warning_mode="never")
        self.fit_seconds = time.perf_counter() - started

    def clusters(self, threshold: float) -> tuple[list[set[str]], float]:
        started = time.perf_counter()
        clustered = self.linker.clustering.cluster_pairwise_predictions_at_threshold(
            self.predictions, threshold_match_probability=threshold)
        found: dict[str, set[str]] = {}
        for row in clustered.as_record_list():
            found.setdefault(row["cluster_id"], set()).add(row["unique_id"])
        return list(found.values()), self.fit_seconds + time.perf_counter() - started

    def pairs(self) -> list[dict]:
        """The scored pairs (match probability at least min(THRESHOLDS)), for a closer look."""
        return self.predictions.as_record_list()


# --- report --------------------------------------------------------------------------------------

def f1(f: ClusterFigures) -> float:
    total = f.pair_precision + f.pair_recall
    return 2 * f.pair_precision * f.pair_recall / total if total else 0.0


HEADER = f"{'split':9}{'merge':24}{'pair P':>8}{'pair R':>8}{'pair F1':>8}{'B3 P':>8}{'B3 R':>8}{'exact':>8}{'seconds':>9}"


def row(split: str, name: str, f: ClusterFigures, seconds: float | None = None) -> str:
    timing = f"{seconds:9.2f}" if seconds is not None else f"{'':9}"
    return (f"{split:9}{name:24}{f.pair_precision:8.3f}{f.pair_recall:8.3f}{f1(f):8.3f}{f.bcubed_precision:8.3f}"
            f"{f.bcubed_recall:8.3f}{f.exact_clusters:8.3f}{timing}")


def nordcat_clusters(works: list[dict]) -> tuple[list[set[str]], float]:
    started = time.perf_counter()
    result = merge.merge_works(works)
    seconds = time.perf_counter() - started
    return [{works[i]["_key"] for i in cluster.members} for cluster in result.clusters], seconds


def trap_report(records: list[dict], found: dict[str, list[set[str]]]) -> None:
    """README "How to score", 3.: apart pairs falsely joined, per type; join tags kept together."""
    label = {r["id"]: r["cluster"] for r in records}
    members: dict[str, set[str]] = defaultdict(set)
    for record_id, cluster in label.items():
        members[cluster].add(record_id)
    of = {name: {i: frozenset(m) for m in clusters for i in m} for name, clusters in found.items()}
    aparts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    tags: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for kind, other in re.findall(r"\[apart:([\w-]+) vs (c\d+)\]", r.get("note") or ""):
            aparts[kind].add(tuple(sorted((r["cluster"], other))))
        for tagged in re.findall(r"\[join:([^\]]+)\]", r.get("note") or ""):
            for tag in tagged.split(","):
                tags[tag].append(r["id"])
    names = list(found)
    print(f"{'apart: look-alike pairs joined':32}" + "".join(f"{name:>24}" for name in names))
    for kind, pairs in sorted(aparts.items()):
        joined = [sum(any(of[name][a] == of[name][b] for a in members[x] for b in members[y]) for x, y in pairs)
                  for name in names]
        print(f"  {kind:30}" + "".join(f"{f'{n}/{len(pairs)}':>24}" for n in joined))
    print(f"{'join: tagged records kept whole':32}" + "".join(f"{name:>24}" for name in names))
    for tag, ids in sorted(tags.items()):
        kept = [sum(members[label[i]] <= of[name][i] for i in ids) for name in names]
        print(f"  {tag:30}" + "".join(f"{f'{n}/{len(ids)}':>24}" for n in kept))
    print()


def main() -> None:
    import argparse

    try:
        import splink
        from splink import DuckDBAPI  # noqa: F401  (imported here, not inside the first timing)
    except ImportError:
        raise SystemExit("splink is not installed: pip install -e '.[quality]'") from None

    parser = argparse.ArgumentParser(prog="python -m quality.splink_merge", description=__doc__.splitlines()[0])
    parser.add_argument("--dev-only", action="store_true", help="dev only: the threshold sweep, dev rows and traps")
    splits = ("dev",) if parser.parse_args().dev_only else SPLITS
    quiet()
    for set_name in versions("merge"):
        compare(set_name, splits, splink.__version__)


def compare(set_name: str, splits, version: str) -> None:
    print(f"Merge on clusters (tests/data/sets/{set_name}): nordcat's rules against splink {version} "
          f"(DuckDB {duckdb.__version__}),")
    print("each split merged on its own. splink is trained per split without labels (prior from deterministic")
    print(f"rules, u by random sampling with seed {SEED}, m by EM on blocked pairs); its threshold on match")
    print("probability is picked on dev only.\n")

    records = {split: load(set_name, split) for split in splits}
    works = {split: merge_input(records[split]) for split in splits}

    runs = {"dev": SplinkRun(works["dev"])}
    print("dev, splink at each threshold:")
    print(HEADER)
    sweep = {}
    for threshold in THRESHOLDS:
        found, seconds = runs["dev"].clusters(threshold)
        sweep[threshold] = cluster_figures(records["dev"], found)
        print(row("dev", f"splink @ {threshold:g}", sweep[threshold], seconds))
    chosen = max(THRESHOLDS, key=lambda t: (round(f1(sweep[t]), 6), t))
    print(f"chosen on dev (best pair F1, the higher threshold on a tie): {chosen:g}\n")

    print(HEADER)
    found = {}
    for split in splits:
        found[split, "nordcat"], seconds = nordcat_clusters(works[split])
        print(row(split, "nordcat", cluster_figures(records[split], found[split, "nordcat"]), seconds))
        run = runs.get(split) or SplinkRun(works[split])
        found[split, "splink"], seconds = run.clusters(chosen)
        print(row(split, f"splink @ {chosen:g}", cluster_figures(records[split], found[split, "splink"]), seconds))
    print("seconds: nordcat's merge_works; splink's training, prediction and clustering (mapping excluded)\n")

    print("dev, per trap:")
    trap_report(records["dev"], {"nordcat": found["dev", "nordcat"], f"splink @ {chosen:g}": found["dev", "splink"]})


if __name__ == "__main__":
    main()
