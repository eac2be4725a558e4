"""Find records of the same work across sources: exact identifiers first, then fuzzy titles.

Exact: two records are one work when they share a DOI, handle, URN:NBN, Cristin id, ISBN or a
normalised landing-page URL. Fuzzy: records without a shared identifier are compared when their
core titles share a block (`block_keys`: opening, closing, sorted or long words), their years are
at most one apart, and then scored on title, author family names and publisher (`pair_score`).

A title is first taken apart (`title_parts`): a cover's series line ("NIBR-rapport 2017:12"), a
note in brackets, a leading kind or label word ("VEDLEGG", "Sammendrag:") and line-break hyphens
leave the core title; what they say is kept. Two titles never join, however alike their words,
when `titles_tell_apart`: one is an appendix or summary and the other not, they name other
instalments (Del 1 / Del 2), other numbers (Årsrapport 2021 / 2022), other report numbers, or
put other words in place of some (the same study of another place). Translations score low and
join only through an identifier.

Every union passes the same guards at cluster level: two clusters never join when their DOIs
differ, their ISBN sets are disjoint, or they hold different handles of one repository (both
non-empty). So a fuzzy edge A~B cannot pull A into a cluster whose DOI B got from C.

`merge_overrides` (pairs that must or must not merge) are applied on top: must_not_merge wins
over any evidence (an edge that would put the two records in one cluster is dropped, the rest
re-clustered around it); must_merge joins, with match_rule "override".

Every cluster says why (`match_rule`: the evidence kinds found inside it, e.g. "handle+url",
"isbn+title+year") and how strongly (`match_score`: its weakest link, 1.0 for identifiers).
Deterministic: records are ordered by (source, record_key) and edges by a fixed key before any
union (fuzzy edges by score, a pair of one year before a pair a year apart), so the input order
never changes the result.

How merge_works runs, module by module (each imports only modules above it):

  keys       the identifiers a work is matched by (match_keys, url_key), and the evidence kinds
             in the order a match_rule lists them.
  titles     titles, names and publishers folded to a comparable form (fold, title_key,
             main_title_key).
  parts      a title taken apart (title_parts): series line, note in brackets, kind word and
             line-break hyphens off; the numbers, kinds and instalments they name kept.
  blocks     which records are compared at all (block_keys; block_key, the opening words).
  scoring    how alike two records are (pair_score, title_similarity) and the look-alike guards
             (titles_tell_apart); FUZZY_THRESHOLD.
  overrides  the merge_overrides file read and checked (load_overrides, Overrides).
  memory     what the fuzzy stage of a build found (block digests, edges and records by version),
             so that the next compares only the pairs that changed and finds the same edges.
  edges      the evidence as edges: must_merge, shared identifiers, fuzzy pairs strongest first.
  clusters   union-find with the cluster-level guards; each cluster's match_rule and score.
  works      merge_works and cluster, which tie the steps together, and new_work_id.
"""
from pipeline.merge.blocks import BLOCK_WORDS, MAX_BLOCK, block_key, block_keys
from pipeline.merge.edges import Blocked
from pipeline.merge.keys import EXACT_KINDS, RULE_ORDER, match_keys, url_key
from pipeline.merge.memory import FuzzyMemory, MemoryEdge, RecordMemory, Recorded
from pipeline.merge.overrides import Overrides, OverridesError, RecordRef, load_overrides
from pipeline.merge.parts import TitleParts, join_broken_words, title_parts
from pipeline.merge.scoring import (
    FUZZY_THRESHOLD, WEIGHTS, PairScore, family_names, pair_score, parts_similarity, title_similarity,
    titles_tell_apart,
)
from pipeline.merge.titles import MIN_TITLE_WORDS, fold, main_title_key, title_key
from pipeline.merge.works import Cluster, MergeResult, cluster, merge_works, new_work_id

__all__ = [
    "BLOCK_WORDS", "Blocked", "EXACT_KINDS", "FUZZY_THRESHOLD", "MAX_BLOCK", "MIN_TITLE_WORDS", "RULE_ORDER", "WEIGHTS",
    "Cluster", "FuzzyMemory", "MemoryEdge", "MergeResult", "RecordMemory", "Recorded", "Overrides", "OverridesError", "PairScore", "RecordRef", "TitleParts",
    "block_key", "block_keys", "cluster", "family_names", "fold", "join_broken_words", "load_overrides",
    "main_title_key", "match_keys", "merge_works", "new_work_id", "pair_score", "parts_similarity", "title_key",
    "title_parts", "title_similarity", "titles_tell_apart", "url_key",
]
