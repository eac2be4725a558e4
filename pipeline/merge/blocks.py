"""Blocking: which records are compared at all. Records are compared only within a block (a shared
opening, closing, sorted or long-word key of their core titles), so the fuzzy stage stays near
linear in the number of records.

A block of more than MAX_BLOCK records ("Rapport fra ...", "Årsrapport ...", or a catalogue whose
titles draw on few words) is split by one more word of its key, again and again, until each part
is small: records are then compared with those that share a longer key. A part that cannot be
split (the same words throughout) is too common to name a work and is not compared. Each pair is
compared once, in the first block the two share."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.merge.parts import TitleParts, title_parts
from pipeline.merge.titles import MIN_TITLE_WORDS, title_key

BLOCK_WORDS = 3               # records are compared when their title keys open with these words
MAX_BLOCK = 100               # a larger block is split by one more word (n² / 2 comparisons)
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
    return {_key(kind, words, _first_words(kind, words)) for kind, words in _key_words(title, parts).items()}


def _key_words(title: str | None, parts: TitleParts | None = None) -> dict[str, tuple[str, ...]]:
    """Per kind of block, the words its key is made of, in the order a large block is split by."""
    words = (parts or title_parts(title)).key.split()
    if len(words) < MIN_TITLE_WORDS:
        return {}
    kinds = {kind: _arranged(kind, words) for kind in ("", "last:", "sorted:", "long:")}
    if len(kinds["long:"]) < 2:
        del kinds["long:"]
    return kinds


def _arranged(kind: str, words: list[str]) -> tuple[str, ...]:
    """The title's words as a block of this kind takes them."""
    if kind == "last:":
        return tuple(reversed(words))
    if kind == "sorted:":
        return tuple(sorted(words))
    if kind == "long:":
        return tuple([word for word in words if len(word) > SHORT_WORD])
    return tuple(words)


def _first_words(kind: str, words: tuple[str, ...]) -> int:
    return len(words) if kind == "sorted:" else BLOCK_WORDS


def _key(kind: str, words: tuple[str, ...], count: int) -> str:
    chosen = words[:count]
    return kind + " ".join(reversed(chosen) if kind == "last:" else chosen)


@dataclass
class Blocking:
    blocks: dict[str, list[int]]   # the blocks compared, each of at most MAX_BLOCK records
    uncompared: int                 # records in a block too common to split, not compared there

    @property
    def largest(self) -> int:
        return max(map(len, self.blocks.values()), default=0)


def blocking(works: list[dict], parts: list[TitleParts]) -> Blocking:
    """The blocks of the works' titles, each larger one split by one more word until it is small.
    A record's key words are taken again, of the one kind, where its block is split, not kept for
    every record: kept, they raised blocking's peak at 200,000 records from 75 to 229 MB, and
    blocking took as long (2.4-3.1 s against 2.7-3.3 s, interleaved runs)."""
    pending: dict[str, list[int]] = defaultdict(list)
    shape: dict[str, tuple[str, int]] = {}  # a pending block's kind and number of key words
    for index, work in enumerate(works):
        for kind, key_words in _key_words(work.get("title"), parts[index]).items():
            key = _key(kind, key_words, _first_words(kind, key_words))
            pending[key].append(index)
            shape[key] = (kind, _first_words(kind, key_words))
    blocks, uncompared = {}, 0
    while pending:
        key, members = pending.popitem()
        kind, count = shape.pop(key)
        if len(members) <= MAX_BLOCK:
            blocks[key] = members
            continue
        longer: dict[str, list[int]] = defaultdict(list)
        ending = []  # titles with no word left to split by: compared with each other
        for index in members:
            key_words = _arranged(kind, parts[index].key.split())  # this kind's words only, taken again
            if kind != "sorted:" and len(key_words) > count:
                longer[_key(kind, key_words, count + 1)].append(index)
            else:
                ending.append(index)
        if len(ending) > MAX_BLOCK:  # the same words throughout: too common to name a work
            uncompared += len(ending)
        elif len(ending) > 1:
            blocks[key] = ending
        for longer_key, part in longer.items():
            pending[longer_key].extend(part)
            shape[longer_key] = (kind, count + 1)
    return Blocking(blocks, uncompared)


def block_keys_of(found: Blocking, records: set[int] | None = None) -> dict[int, set[str]]:
    """The keys of the blocks each record is in (of these `records` only, when given)."""
    keys_of: dict[int, set[str]] = defaultdict(set)
    for key, members in found.blocks.items():
        for index in members:
            if records is None or index in records:
                keys_of[index].add(key)
    return keys_of


def _candidate_pairs(works: list[dict], parts: list[TitleParts]) -> tuple[Iterator[tuple[int, int]], Blocking]:
    """The pairs (a < b) that share a block, each once, and the blocking (see candidate_pairs)."""
    found = blocking(works, parts)
    return candidate_pairs(found, block_keys_of(found)), found


def candidate_pairs(found: Blocking, keys_of: dict[int, set[str]], known: frozenset[str] = frozenset(),
                    settled: Callable[[str, list[int]], set[int]] | None = None) -> Iterator[tuple[int, int]]:
    """The pairs (a < b) that share a block but no `known` one (whose pairs an earlier build
    compared), each once (in the first block they share, in key order), as they are made: a set
    of every pair would hold hundreds of millions at 1M records. `keys_of`: block_keys_of, for
    every record of a block not known at least. `settled(key, members)`: the members of a block
    whose pairs with each other an earlier build compared; only their pairs with the others are
    made (a block of a hundred that lost or gained one record is not gone through pair by pair)."""
    for key, members in found.blocks.items():
        if key in known:
            continue
        members = sorted(members)
        done = settled(key, members) if settled else set()
        unsettled = [index for index in members if index not in done]
        for n, a in enumerate(members):
            mine = keys_of[a]
            for b in ([b for b in unsettled if b > a] if a in done else members[n + 1:]):
                if len(mine) == 1:
                    yield a, b
                    continue
                shared = mine & keys_of[b]
                if min(shared) == key and shared.isdisjoint(known):
                    yield a, b
