"""Overrides: the merge_overrides file of record pairs that must or must not be one work, read and
checked (an entry that cannot be read is an OverridesError naming the file and the entry)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

RecordRef = tuple[str, str]  # (source, record_key)


class OverridesError(ValueError):
    """A merge_overrides file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Overrides:
    must_merge: tuple[tuple[RecordRef, RecordRef], ...] = ()
    must_not_merge: tuple[tuple[RecordRef, RecordRef], ...] = ()


def load_overrides(path: str | Path) -> Overrides:
    """Read a merge_overrides YAML file:

        must_merge:     [["<source> <record_key>", "<source> <record_key>"], ...]
        must_not_merge: [["<source> <record_key>", "<source> <record_key>"], ...]

    A missing file means no overrides (the default path need not exist)."""
    path = Path(path)
    if not path.exists():
        return Overrides()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise OverridesError(f"{path}: not valid YAML: {error}") from error
    document = {} if document is None else document
    if not isinstance(document, dict):
        raise OverridesError(f"{path}: expected a mapping with must_merge / must_not_merge")
    unknown = sorted(set(map(str, document)) - {"must_merge", "must_not_merge"})
    if unknown:
        raise OverridesError(f"{path}: unknown key(s) {', '.join(unknown)}")
    return Overrides(*(_pairs(path, name, document.get(name)) for name in ("must_merge", "must_not_merge")))


def _pairs(path: Path, name: str, entries) -> tuple[tuple[RecordRef, RecordRef], ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise OverridesError(f"{path}: {name} must be a list of pairs")
    return tuple(_pair(path, f"{name}[{index}]", entry) for index, entry in enumerate(entries))


def _pair(path: Path, where: str, entry) -> tuple[RecordRef, RecordRef]:
    if not (isinstance(entry, list) and len(entry) == 2):
        raise OverridesError(f"{path}: {where}: expected two \"<source> <record_key>\" strings, got {entry!r}")
    refs = []
    for value in entry:
        source, _, key = value.strip().partition(" ") if isinstance(value, str) else ("", "", "")
        if not source or not key.strip():
            raise OverridesError(f"{path}: {where}: {value!r} is not \"<source> <record_key>\"")
        refs.append((source, key.strip()))
    if refs[0] == refs[1]:
        raise OverridesError(f"{path}: {where}: a record is paired with itself")
    return refs[0], refs[1]
