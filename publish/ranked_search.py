"""The ranked search: every match scored, the first page the best of them, and the true count.

SQLite FTS5 must score every match before it can sort, so the catalogue's search used to rank a
sample (the first 5,000 matches in rowid order). A Tantivy index (an inverted index built for
top-k retrieval: block-max WAND skips the blocks that cannot reach the top) holds the same
normalised words as the FTS5 `search_index` (publish/search.py: lemma, stem, Nordic letters,
compound parts), one field per column, and ranks with BM25 and the columns' weights.

Works whose title holds every word of the query come first, then the others, each tier by score.
A query word is the OR of its forms under every analyser (the query has no language), and the
form an English analyser made of a Norwegian word is rarer, so its BM25 weight can lift an
abstract over a title; the tiers make the README's promise hold whatever the weights.

The index lives beside the catalogue in `search-<stamp>/`; the catalogue's `search_engine` table
names it, so a catalogue and its index are replaced together (publish/catalogue.py). The FTS5
index stays: it marks the matched words in titles and snippets, and the documents table's `_q`
filter uses it for the rows. The facets of a search come from here (`facet_counts`): SQLite would
look up every matching row once per facet, about 300 ms each for a common word at 1M works.
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import tantivy

from publish import search

# The columns' weights, as the FTS5 query weighed them: title above subjects and authors above
# abstract and text; compound parts least.
BOOSTS = {"title": 5.0, "abstract": 1.0, "subjects": 2.0, "authors": 2.0, "fulltext": 1.0, "parts": 0.3}
TOKENIZER = "nordcat"  # words as publish/search.py normalised them, split on spaces only
WRITER_HEAP = 256_000_000
PAGE_SIZE = 20  # works on a page of results
# The documents' columns a search is faceted by (the search page links them), held as fast fields
# (column-oriented, counted by Tantivy's terms aggregation) after the search columns.
FACET_COLUMNS = ("language", "year", "doc_type", "country", "publisher")
INTEGER_FACETS = {"year"}
FACET_BUCKETS = 65_000  # Tantivy's limit of buckets: a facet with more values is counted by SQLite
_NOT_WORD = re.compile(r"[\W_]+")


class SearchIndexMissing(RuntimeError):
    """A catalogue whose ranked index is not where its `search_engine` table says."""


def normal_words(text: str | None) -> list[str]:
    """As FTS5's unicode61 with remove_diacritics 2 reads an index form: split at what is no
    letter or digit, diacritics off, lower case."""
    if not text:
        return []
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [word for word in _NOT_WORD.split(stripped.casefold()) if word]


class NormalText(dict):
    """normal_words of a text joined by spaces, as the index is fed them, each whitespace-separated
    token normalised once and remembered: a catalogue's texts repeat their words, and normalising
    every text character by character was 40 % of publish's search stage. The same words: normal_words
    reads character by character (each decomposed, its marks dropped, case folded) and a space
    separates words, so a text's words are its tokens' words in order."""

    KEPT = 2_000_000  # tokens remembered; then forgotten all at once (a few hundred MB at most)

    def __call__(self, text: str) -> str:
        return " ".join(filter(None, map(self.__getitem__, text.split())))

    def __missing__(self, token: str) -> str:
        if len(self) >= self.KEPT:
            self.clear()
        self[token] = words = " ".join(normal_words(token))
        return words


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for column in search.INDEX_COLUMNS:
        builder.add_text_field(column, tokenizer_name=TOKENIZER, index_option="position")
    for column in FACET_COLUMNS:
        if column in INTEGER_FACETS:
            builder.add_integer_field(column, indexed=True, fast=True)
        else:
            builder.add_text_field(column, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_unsigned_field("rowid", stored=True, indexed=True, fast=True)
    return builder.build()


def _open(folder: Path) -> tantivy.Index:
    index = tantivy.Index(_schema(), path=str(folder), reuse=True)
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


# --- building -------------------------------------------------------------------------------------

_NORMAL_TEXT = NormalText()  # this process's


def ranked_row(row: tuple) -> tuple:
    """A row of the FTS5 index (rowid, search.INDEX_COLUMNS' index forms, the document's
    FACET_COLUMNS) as the ranked index is fed it: each index form as Tantivy's whitespace tokenizer
    must read it (normal_words), None for none. Needs no writer: publish runs it in the normalising
    workers."""
    rowid, *values = row
    width = len(search.INDEX_COLUMNS)
    return (rowid, *(_NORMAL_TEXT(value) if value else None for value in values[:width]), *values[width:])


class RankedIndexWriter:
    """Fed ranked_row of each row of the FTS5 index."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True)
        self.folder = folder
        self.writer = _open(folder).writer(WRITER_HEAP)
        self.seconds = 0.0  # spent here, apart from the FTS5 index fed the same rows (benchmarks/catalogue.py)

    def add(self, row: tuple) -> None:
        started = time.perf_counter()
        self._add(row)
        self.seconds += time.perf_counter() - started

    def _add(self, row: tuple) -> None:
        rowid, *values = row
        document = tantivy.Document()
        document.add_unsigned("rowid", rowid)
        for column, value in zip(search.INDEX_COLUMNS, values):
            if value is not None:
                document.add_text(column, value)
        for column, value in zip(FACET_COLUMNS, values[len(search.INDEX_COLUMNS):], strict=True):
            if value is None:  # as SQL's facets, which count what is not null
                continue
            if column in INTEGER_FACETS:
                document.add_integer(column, value)
            else:
                document.add_text(column, value)
        self.writer.add_document(document)

    def finish(self) -> None:
        started = time.perf_counter()
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.seconds += time.perf_counter() - started


# --- searching ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    rowid: int
    score: float
    title_match: bool  # every query word is in the title: the first tier


@dataclass(frozen=True)
class Results:
    total: int          # every matching work, counted exactly
    title_matches: int  # of them, those with every word in the title (ranked first)
    hits: list[Hit]     # the page asked for


class RankedSearch:
    """Searches one index folder; Tantivy's searcher is safe to share between threads."""

    def __init__(self, folder: Path):
        if not (folder / "meta.json").exists():
            raise SearchIndexMissing(f"no ranked search index in {folder}: publish the catalogue again")
        try:
            self.index = _open(folder)
        except ValueError as error:  # "Schema error: 'An index exists but the schema does not match.'"
            raise SearchIndexMissing(f"the ranked search index in {folder} is not one this version of nordcat "
                                     f"reads ({error}): publish the catalogue again") from error
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, query: str | None, offset: int = 0, limit: int = 20) -> Results:
        terms = search.parse_query(query)
        if not terms:
            return Results(0, 0, [])
        everything = self._all_terms(terms, search.INDEX_COLUMNS)
        in_title = self._all_terms(terms, ("title",))
        first = tantivy.Query.boolean_query([(tantivy.Occur.Must, everything),
                                             (tantivy.Occur.Must, tantivy.Query.const_score_query(in_title, 0.0))])
        rest = tantivy.Query.boolean_query([(tantivy.Occur.Must, everything), (tantivy.Occur.MustNot, in_title)])
        firsts = self.searcher.search(first, limit=max(1, limit), offset=offset, count=True)
        hits = [self._hit(score, address, True) for score, address in firsts.hits[:limit]]
        # the second tier goes on where the first ends: page 3 may start in either
        rests = self.searcher.search(rest, limit=max(1, limit - len(hits)), offset=max(0, offset - firsts.count),
                                     count=True)
        if len(hits) < limit:
            hits += [self._hit(score, address, False) for score, address in rests.hits[:limit - len(hits)]]
        return Results(firsts.count + rests.count, firsts.count, hits)

    def page(self, query: str | None, number: int) -> Results:
        """Page `number` (from 1) of PAGE_SIZE works."""
        return self.search(query, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)

    def count(self, query: str | None) -> int:
        terms = search.parse_query(query)
        if not terms:
            return 0
        return self.searcher.search(self._all_terms(terms, search.INDEX_COLUMNS), limit=1, count=True).count

    def facet_counts(self, query: str | None, equal: dict[str, list], columns) -> dict[str, list[tuple]] | None:
        """For the works matching `query` whose facet columns hold the values `equal` names, each
        of `columns`' values with its number of works, most first (then by value: SQL's order).
        None where the index cannot count exactly (a value of another type, too many values)."""
        terms = search.parse_query(query)
        filters = [self._equals(column, value) for column, values in equal.items() for value in values]
        if not terms or None in filters:
            return None
        where = tantivy.Query.boolean_query([(tantivy.Occur.Must, q)
                                             for q in [self._all_terms(terms, search.INDEX_COLUMNS), *filters]])
        asked = {column: {"terms": {"field": column, "size": FACET_BUCKETS}} for column in columns}
        try:
            found = self.searcher.aggregate(where, asked) if asked else {}
        except ValueError:  # more values than FACET_BUCKETS
            return None
        if any(found[c]["sum_other_doc_count"] or found[c]["doc_count_error_upper_bound"] for c in columns):
            return None
        return {column: sorted(((self._facet_value(column, bucket["key"]), bucket["doc_count"])
                                for bucket in found[column]["buckets"]), key=lambda pair: (-pair[1], pair[0]))
                for column in columns}

    def _equals(self, column: str, value: str) -> tantivy.Query | None:
        if column not in INTEGER_FACETS:
            return tantivy.Query.term_query(self.schema, column, value)
        return tantivy.Query.term_query(self.schema, column, int(value)) if re.fullmatch(r"-?\d+", value) else None

    @staticmethod
    def _facet_value(column: str, key):
        return int(key) if column in INTEGER_FACETS else key

    def _hit(self, score: float, address, title_match: bool) -> Hit:
        return Hit(self.searcher.doc(address)["rowid"][0], score, title_match)

    def _all_terms(self, terms: list[search.Term], columns: tuple[str, ...]) -> tantivy.Query:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, self._term(term, columns)) for term in terms])

    def _term(self, term: search.Term, columns: tuple[str, ...]) -> tantivy.Query:
        """Any of the term's forms in any of the columns, each column with its weight: text columns
        take every analyser's form, names only the plain one (as search.Term.expression)."""
        text_forms = term.text_forms()
        name_forms = [tuple(search.PLAIN.form(w) for w in term.words)]
        clauses = []
        for column in columns:
            for forms in (name_forms if column in search.NAME_COLUMNS else text_forms):
                query = self._phrase(column, forms, term.prefix)
                if query is not None:
                    clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, BOOSTS[column])))
        return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()

    def _phrase(self, column: str, forms: tuple[str, ...], prefix: bool) -> tantivy.Query | None:
        words = [word for form in forms for word in normal_words(form)]
        if not words:
            return None
        if prefix and len(words) == 1:
            return tantivy.Query.regex_query(self.schema, column, re.escape(words[0]) + ".*")
        if prefix:
            return tantivy.Query.phrase_prefix_query(self.schema, column, words)
        if len(words) == 1:
            return tantivy.Query.term_query(self.schema, column, words[0])
        return tantivy.Query.phrase_query(self.schema, column, words)


_OPEN: dict[Path, RankedSearch] = {}
_LOCK = threading.Lock()


def ranked_search(folder: Path) -> RankedSearch:
    """The searcher of an index folder, opened once per process."""
    with _LOCK:
        if folder not in _OPEN:
            _OPEN[folder] = RankedSearch(folder)
        return _OPEN[folder]


# --- SQL ------------------------------------------------------------------------------------------

def register_search_functions(conn: sqlite3.Connection, database_path: str | Path | None) -> None:
    """The SQL functions of the canned `search` query on a connection to a catalogue file (the
    Datasette plugin registers them; so can anyone who runs the query with sqlite3):
    nordic_match(query), the FTS5 expression; nordic_ranked(query, page), the page's works as JSON
    ({rowid, score, title_match}) from the ranked index the catalogue's `search_engine` names."""
    conn.create_function("nordic_match", 1, search.match_expression, deterministic=True)
    folder = ranked_index_folder(conn, database_path)
    if folder is not None:
        conn.create_function("nordic_ranked", 2, lambda query, page: ranked_page(folder, query, page))


def ranked_index_folder(conn: sqlite3.Connection, database_path: str | Path | None) -> Path | None:
    """The folder the catalogue's `search_engine` table names; None for a database without one."""
    try:
        row = conn.execute("SELECT dir FROM search_engine").fetchone()
    except sqlite3.DatabaseError:
        return None
    return Path(database_path).parent / row[0] if row and database_path else None


def ranked_page(folder: Path, query: str | None, page) -> str:
    """One page of ranked results as JSON."""
    results = ranked_search(folder).page(query, page_number(page))
    return json.dumps([{"rowid": hit.rowid, "score": round(hit.score, 4), "title_match": hit.title_match}
                       for hit in results.hits])


def page_number(value) -> int:
    """A result page's number; a value that is no number above 0 is the first page."""
    return int(value) if str(value or "").isdigit() and int(value) > 0 else 1
