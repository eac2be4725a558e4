"""simplemma's dictionaries with their seek index read from disk (nordcat/dictionaries.py) look
words up exactly as simplemma's own store does, and a missing, stale, broken or unwritable index
costs time, never a wrong lemma."""
from __future__ import annotations

import itertools
import marshal

import pytest
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from nordcat import dictionaries
from nordcat.dictionaries import stream_map

LANGUAGES = ("nn", "en")  # the two smallest streams: the same code reads all six


def sample_words(reference: StreamMap) -> list[str]:
    """Every 97th word of the stream, each also misspelt (mostly a miss), and words it lacks."""
    known = list(itertools.islice(reference, 0, None, 97))
    return known + [word + "q" for word in known] + ["", "zzzzzz", "ærøskøbing", "a" * 40]


def lookups(mapping, words: list[str]) -> list[str | None]:
    return [mapping.get(word) for word in words]


@pytest.fixture(scope="module")
def references() -> dict[str, StreamMap]:
    return {lang: StreamMap(lang) for lang in LANGUAGES}


def index_path(folder, lang):
    return next(folder.glob(f"simplemma-*/{lang}.index"))


def no_pass_over_the_stream(monkeypatch):
    def refuse(self, lang):
        raise AssertionError(f"the {lang} stream was decoded whole again")
    monkeypatch.setattr(StreamMap, "__init__", refuse)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_index_read_from_disk_looks_words_up_as_simplemma_does(lang, references, tmp_path, monkeypatch):
    words = sample_words(references[lang])
    expected = lookups(references[lang], words)
    assert sum(value is not None for value in expected) > 100  # the sample does hit the dictionary
    built = stream_map(lang, tmp_path)
    assert index_path(tmp_path, lang).stat().st_size > 0
    no_pass_over_the_stream(monkeypatch)
    read = stream_map(lang, tmp_path)
    assert lookups(built, words) == lookups(read, words) == expected
    assert len(read) == len(references[lang])


def test_a_broken_or_stale_index_is_built_again(references, tmp_path, monkeypatch):
    words = sample_words(references["nn"])
    expected = lookups(references["nn"], words)
    stream_map("nn", tmp_path)
    path = index_path(tmp_path, "nn")
    version, digest, firsts, blocks = marshal.loads(path.read_bytes())
    for broken in (b"not an index", path.read_bytes()[:1000],
                   marshal.dumps((version, bytes(len(digest)), firsts, blocks)),  # another stream's
                   marshal.dumps((version + 1, digest, firsts, blocks)),
                   marshal.dumps((version, digest, firsts[:-1], blocks))):
        path.write_bytes(broken)
        assert lookups(stream_map("nn", tmp_path), words) == expected
        assert marshal.loads(path.read_bytes())[1] == digest  # written again, whole
    with monkeypatch.context() as patched:
        no_pass_over_the_stream(patched)
        assert lookups(stream_map("nn", tmp_path), words) == expected


def test_a_cache_folder_that_cannot_be_written_is_done_without(references, tmp_path):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    words = sample_words(references["en"])
    assert lookups(stream_map("en", blocked), words) == lookups(references["en"], words)


def test_an_index_that_fails_to_be_written_leaves_no_file_behind(references, tmp_path, monkeypatch):
    def full_disk(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(dictionaries.os, "replace", full_disk)
    words = sample_words(references["en"])
    assert lookups(stream_map("en", tmp_path), words) == lookups(references["en"], words)
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_the_cache_folder_is_nordcats_own_or_the_one_named(monkeypatch, tmp_path):
    monkeypatch.setenv("NORDCAT_CACHE_DIR", str(tmp_path / "named"))
    assert dictionaries.cache_folder() == tmp_path / "named"
    monkeypatch.delenv("NORDCAT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert dictionaries.cache_folder() == tmp_path / "xdg" / "nordcat"


def test_a_user_without_a_home_gets_simplemmas_own_store(monkeypatch, references):
    monkeypatch.delenv("NORDCAT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.setattr(dictionaries.Path, "home", staticmethod(no_home))
    assert dictionaries.cache_folder() is None
    words = sample_words(references["en"])
    assert lookups(dictionaries.IndexedStreamFactory().get_dictionary("en"), words) == lookups(references["en"], words)


def test_a_language_simplemma_lacks_is_refused(tmp_path):
    with pytest.raises(ValueError):
        stream_map("../nn", tmp_path)
    assert not list(tmp_path.iterdir())
