"""Blocking: which records are compared at all. Records are compared only within a block (a shared
opening, closing, sorted or long-word key of their core titles), so the fuzzy stage stays near
linear in the number of records."""
from __future__ import annotations

from collections import defaultdict

from pipeline.merge.parts import TitleParts, title_parts
from pipeline.merge.titles import MIN_TITLE_WORDS, title_key

BLOCK_WORDS = 3               # records are compared when their title keys open with these words
MAX_BLOCK = 1000              # more records opening alike are not compared (n² / 2 comparisons)
SHORT_WORD = 3                # letters of a word a page may drop or add ("med", "om", "i", "the")


def block_key(title: str | None) -> str | None:
    """The first BLOCK_WORDS words of the title key. A subtitle starts after them in every
    labelled pair, so "title" and "title: subtitle" share it; titles shorter than
    MIN_TITLE_WORDS get none and are left to identifiers."""
    words = title_key(title).split()
    return " ".join(words[:BLOCK_WORDS]) if len(words) >= MIN_TITLE_WORDS else None


def block_keys(title: str | None, parts: TitleParts | None = None) -> set[str]:
    """Every block a title is compared in: the opening words of its core title (as block_key, with
    a cover's series line, "Vedlegg" or "Executive summary" in front moved out of the way), and
    the core's words sorted, for a cover that puts title and subtitle the other way round
    ("VUOSIKERTOMUS 2020 Keski-Suomen hankintarengas" / "Keski-Suomen hankintarengas:
    vuosikertomus 2020"), its closing words, for a cover that puts a name in front ("NIBR
    Interkommunalt samarbeid ..."), and its first long words, for a page that drops a little word
    ("Frikommuneforsøg: offentlig-privat ..." / "Frikommuneforsøg med offentlig-privat ...").
    `parts`: the title's title_parts, when the caller has them already."""
    words = (parts or title_parts(title)).key.split()
    if len(words) < MIN_TITLE_WORDS:
        return set()
    keys = {" ".join(words[:BLOCK_WORDS]), "last:" + " ".join(words[-BLOCK_WORDS:]),
            "sorted:" + " ".join(sorted(words))}
    long_words = [word for word in words if len(word) > SHORT_WORD]
    if len(long_words) >= 2:
        keys.add("long:" + " ".join(long_words[:BLOCK_WORDS]))
    return keys


def _candidate_pairs(works: list[dict], parts: list[TitleParts]) -> set[tuple[int, int]]:
    """The pairs (a < b) that share a block (block_keys), each once."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, work in enumerate(works):
        for key in block_keys(work.get("title"), parts[index]):
            blocks[key].append(index)
    pairs = set()
    for members in blocks.values():
        if len(members) > MAX_BLOCK:  # an opening too common to name a work ("Rapport fra ...")
            continue
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    return pairs
