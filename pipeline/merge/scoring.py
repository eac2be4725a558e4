"""Pair scoring: how alike two records are (title, author family names, publisher, year), and the
look-alike guards that keep two titles apart however alike their words (titles_tell_apart)."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.merge.keys import RULE_ORDER
from pipeline.merge.parts import TitleParts, report_number, title_parts
from pipeline.merge.titles import MIN_TITLE_WORDS, fold

# Chosen from tests/data/merge_pairs.yml (`python -m quality.merge`): precision and recall
# are both 1.0 from 0.82 to 0.90 (a template sibling scores 0.81, a true pair 0.91 at the
# lowest); 0.86 is the middle of that plateau.
FUZZY_THRESHOLD = 0.86
YEAR_TOLERANCE = 1            # print and online editions, cover year and deposit year
WEIGHTS = {"title": 0.6, "authors": 0.3, "publisher": 0.1}
MAIN_TITLE_DISCOUNT = 0.95    # "title" vs "title: subtitle" is a little weaker than a full match
PUBLISHER_AGREES = 0.8
SAME_SPELLING = 0.85          # words left over in two titles this alike are one spelling (typo, compound)


@dataclass(frozen=True)
class PairScore:
    score: float
    evidence: tuple[str, ...]  # the signals both records had and agreed on: "title", "year", ...


def _differ(a: frozenset, b: frozenset) -> bool:
    return bool(a and b and a != b)


# Little words a page may swap without naming another work ("rapport om" / "rapport av").
_FUNCTION_WORDS = {"og", "i", "av", "om", "for", "til", "med", "pa", "fra", "ved", "och", "till", "fran", "vid", "af",
                   "ja", "tai", "seka", "the", "of", "in", "on", "to", "and", "from", "by", "with", "at"}


def _other_words(a: str, b: str) -> bool:
    """Each title has words the other lacks, and they are not one spelling of the same words
    ("Bergen" / "Stavanger", "Pohjois-Savossa" / "Pohjois-Karjalassa"): the same study of another
    place, or another work with a look-alike title. A word only one title has (a subtitle, "med")
    is not another word; a compound written apart, a typo or an inflection is one spelling."""
    if a == b:
        return False
    words_a, words_b = a.split(), b.split()
    only_a, only_b = set(words_a) - set(words_b), set(words_b) - set(words_a)
    left_a = "".join(w for w in words_a if w in only_a and not w.isdigit() and w not in _FUNCTION_WORDS)
    left_b = "".join(w for w in words_b if w in only_b and not w.isdigit() and w not in _FUNCTION_WORDS)
    return bool(left_a and left_b) and fuzz.ratio(left_a, left_b) < SAME_SPELLING * 100


def titles_tell_apart(a: TitleParts, b: TitleParts) -> bool:
    """Two titles that name different works however alike they read: an appendix or summary
    beside the report, other instalments, other numbers (years, editions), other report numbers,
    or other words in place of some (another place)."""
    return (a.kinds != b.kinds or (bool(a.parts and b.parts) and not a.parts & b.parts)
            or _differ(a.numbers, b.numbers) or _differ(a.series, b.series) or _other_words(a.key, b.key))


def title_similarity(a: str | None, b: str | None) -> float:
    """0..1 over the core titles (series line, kind word and bracketed note off); see
    parts_similarity."""
    return parts_similarity(title_parts(a), title_parts(b))


def parts_similarity(parts_a: TitleParts, parts_b: TitleParts) -> float:
    """0..1: the token-sorted ratio of the core title keys, or one main title against the other
    whole title when only one has a subtitle, or one title opening the other (a cover or page
    that leaves the subtitle out). 0 when titles_tell_apart ("Annual report 2019" vs "2020",
    "Vedlegg til X" vs "X", "X i Bergen" vs "X i Stavanger")."""
    if titles_tell_apart(parts_a, parts_b):
        return 0.0
    key_a, key_b = parts_a.key, parts_b.key
    best = fuzz.token_sort_ratio(key_a, key_b) / 100 if min(len(key_a.split()), len(key_b.split())) >= MIN_TITLE_WORDS else 0.0
    for main, whole, other_main in ((parts_a.main, key_b, parts_b.main), (parts_b.main, key_a, parts_a.main)):
        if main and other_main is None and len(main.split()) >= MIN_TITLE_WORDS:
            best = max(best, MAIN_TITLE_DISCOUNT * fuzz.ratio(main, whole) / 100)
    short, long = sorted((key_a.split(), key_b.split()), key=len)
    if len(short) >= MIN_TITLE_WORDS and long[:len(short)] == short:
        best = max(best, MAIN_TITLE_DISCOUNT if len(long) > len(short) else 1.0)
    return best


def report_numbers(work: dict, parts: TitleParts) -> frozenset[str]:
    """The record's report number: from a series line in its title, else from its series field
    (a working paper and the final report of one title have two)."""
    return parts.series or report_number(work.get("series"))


def family_names(authors: list[str] | None) -> set[str]:
    """Folded family names ("Family, Given" -> "family"); a corporate author stays whole."""
    return {fold(name.split(",", 1)[0]) for name in authors or [] if fold(name)}


def pair_score(a: dict, b: dict, parts: tuple[TitleParts, TitleParts] | None = None) -> PairScore | None:
    """How alike two records are, or None when they must not be compared: years more than
    YEAR_TOLERANCE apart (a missing year does not block) or no title similarity at all.
    `parts`: the two titles' title_parts, when the caller has them already.

    The score is a weighted mean over the signals both records have: title always, author
    overlap (shared family names / the shorter list), publisher ratio."""
    if a.get("year") and b.get("year") and abs(a["year"] - b["year"]) > YEAR_TOLERANCE:
        return None
    parts = parts or (title_parts(a.get("title")), title_parts(b.get("title")))
    title = parts_similarity(*parts)
    if title == 0 or _differ(report_numbers(a, parts[0]), report_numbers(b, parts[1])):
        return None
    signals = {"title": title}
    names_a, names_b = family_names(a.get("authors")), family_names(b.get("authors"))
    if names_a and names_b:
        signals["authors"] = len(names_a & names_b) / min(len(names_a), len(names_b))
    publisher_a, publisher_b = fold(a.get("publisher")), fold(b.get("publisher"))
    if publisher_a and publisher_b:
        signals["publisher"] = fuzz.token_set_ratio(publisher_a, publisher_b) / 100
    weight = sum(WEIGHTS[name] for name in signals)
    score = sum(WEIGHTS[name] * value for name, value in signals.items()) / weight
    agreed = {"title"} | ({"year"} if a.get("year") and b.get("year") else set())
    agreed |= {"authors"} if signals.get("authors", 0) > 0 else set()
    agreed |= {"publisher"} if signals.get("publisher", 0) >= PUBLISHER_AGREES else set()
    return PairScore(round(score, 4), tuple(kind for kind in RULE_ORDER if kind in agreed))
