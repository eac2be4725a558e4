"""simplemma's compact dictionaries, with each language's seek index kept on disk.

simplemma 2.0's low-memory store (StreamDictionaryFactory) keeps a language's front-coded stream
and, to look a word up, a seek index: every 32nd key and where its record starts. It builds that
index by decoding the whole stream in pure Python, once per process and language: 2.7 s for the
six languages nordcat reads (Finnish 1.4 s), in every build, publish and catalogue server process.
The index depends on the stream alone, so it is written once, with the stream's digest, under the
user's cache folder and read back in milliseconds. A missing, stale or unreadable index is built
again as simplemma builds it; a cache folder that cannot be written is done without.

It reads simplemma's own structures (StreamMap's slots, the decompressed stream): pinned to
simplemma 2.0.0 in pyproject.toml, and checked against simplemma's lookups by
tests/core/test_dictionaries.py.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import simplemma
from simplemma.strategies.dictionaries import frontcode
from simplemma.strategies.dictionaries.dictionary_factory import _read_decompressed
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory, StreamMap

INDEX_VERSION = 1  # of the file's layout


def cache_folder() -> Path | None:
    """NORDCAT_CACHE_DIR, else nordcat's folder in the user's cache ($XDG_CACHE_HOME or ~/.cache);
    None for a user without a home."""
    if os.environ.get("NORDCAT_CACHE_DIR"):
        return Path(os.environ["NORDCAT_CACHE_DIR"])
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nordcat"
    except RuntimeError:
        return None


class IndexedStreamFactory(StreamDictionaryFactory):
    """simplemma's low-memory dictionaries, each language's seek index read from the cache."""

    __slots__ = ()

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        return stream_map(lang, cache_folder())


def stream_map(lang: str, folder: Path | None) -> StreamMap:
    """simplemma's StreamMap of `lang`, its index from `folder` when it holds this stream's."""
    if folder is None:
        return StreamMap(lang)
    data = _read_decompressed(lang)  # also refuses a language simplemma does not have
    digest = hashlib.blake2b(data, digest_size=16).digest()
    path = folder / f"simplemma-{simplemma.__version__}" / f"{lang}.index"
    found = _from_index(data, digest, path)
    if found is not None:
        return found
    built = StreamMap(lang)
    _write_index(path, (INDEX_VERSION, digest, built._firsts, built._blocks))
    return built


def _from_index(data: bytes, digest: bytes, path: Path) -> StreamMap | None:
    try:
        version, stored_digest, firsts, blocks = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if version != INDEX_VERSION or stored_digest != digest or len(firsts) != len(blocks):
        return None
    found = StreamMap.__new__(StreamMap)  # without the pass over the stream that __init__ makes
    found._data = data
    found._rev, found._count, found._pos = frontcode._read_header(data)
    found._firsts, found._blocks = firsts, blocks
    return found


def _write_index(path: Path, index: tuple) -> None:
    """Atomically (processes may write the same index at once); not at all where it cannot."""
    written = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as out:
            written = Path(out.name)
            out.write(marshal.dumps(index))
        os.replace(written, path)
    except OSError:
        if written is not None:
            written.unlink(missing_ok=True)
