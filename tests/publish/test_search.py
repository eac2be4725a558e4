"""Nordic search: normalisation (publish/search.py), the stemmed index (publish/catalogue.py), the
Datasette plugin (publish/plugins) and the canned `search` query, first on a small catalogue built
here, then over real HTTP on the catalogue that a real `nordcat nightly` built from the demo web
(`served_demo` over `demo_catalogue`, tests/conftest.py; the works deposited for these tests are
tests/catalogue_server.SEARCH_DEPOSITS)."""
from __future__ import annotations

import importlib.util
from html import unescape
import json
import re
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

import httpx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from publish import catalogue, search
from publish.serve import METADATA, PLUGINS
from tests.helpers import catalogue as open_catalogue

SEARCH_SQL = yaml.safe_load(METADATA.read_text())["databases"]["catalogue"]["queries"]["search"]["sql"]
INJECTION = "x' OR 1=1; DROP TABLE documents; --"


# --- tokens: exactly the ones FTS5's unicode61 sees -------------------------------------------------

def fts5_terms(text: str) -> list[str]:
    """The terms FTS5 itself makes of `text`, in order."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{search.TOKENIZER}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.execute("INSERT INTO t(x) VALUES (?)", [text])
    return [term for term, in db.execute("SELECT term FROM v ORDER BY offset")]


def folded(tokens: list[str]) -> list[str]:
    """FTS5's terms of each token: one, or none for a token that folding empties (a lone accent),
    which FTS5 skips without taking a position, in the original and in the index alike."""
    return [term for token in tokens for term in fts5_terms(token)]


TRICKY = ("Høje-Taastrup's «samarbeid»: e-förvaltning_2 06/2005 fo\u0308r İstanbul 🙂 naïve\u00a0x "
          "\u2066a\u2069 \u0378b ⏴c co-creation")


def test_tokens_are_the_fts5_tokens_of_tricky_text():
    tokens = search.tokens(TRICKY)
    assert folded(tokens) == fts5_terms(TRICKY)
    # what no unicodedata rule would give: combining marks, unassigned code points and symbols newer
    # than SQLite's tables stay inside tokens; the underscore separates
    assert "fo\u0308r" in tokens and "\u0378b" in tokens and "⏴c" in tokens
    assert "e" in tokens and "förvaltning" in tokens and "2" in tokens


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aåæøöAÅ -_'’.,:/\u0308\u00a0\u2028🙂⏴\u0378İß1")), max_size=40))
def test_tokens_agree_with_fts5_on_any_text(text):
    assert folded(search.tokens(text)) == fts5_terms(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aåæøöAÅΣς -_\t\n'’.,:/\u0308\u00a0\u2028\u3000🙂⏴\u0378İßﬁ1")), max_size=40))
def test_the_ranked_index_is_fed_each_texts_normal_words(text):
    from publish.ranked_search import NormalText, normal_words

    remembered = NormalText()
    for _ in range(2):  # the second time from what it remembers
        assert remembered(text) == " ".join(normal_words(text))
    assert remembered(TRICKY) == " ".join(normal_words(TRICKY))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Samarbeidets", "kunnat", "Høje-Taastrup", "IKT-samarbeid", "Aalborg", "İ",
                                 "fo\u0308r", "\u0308", "2005", "trepartssamarbeidet", "🙂", "x_y", "--"]), max_size=12))
def test_index_text_has_as_many_terms_as_the_original(words):
    text = " ".join(words)
    for by in search.QUERY_ANALYSERS:
        assert len(fts5_terms(search.index_text(text, by))) == len(fts5_terms(text))


# --- normalisation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, words", [
    ("nob", ["samarbeid", "samarbeidet", "samarbeidets", "samarbeidene"]),
    ("nno", ["kommune", "kommunen", "kommunar", "kommunane"]),
    ("dan", ["partnerskab", "partnerskaber", "partnerskabet", "partnerskaberne"]),
    ("dan", ["virksomhed", "virksomheder", "virksomhederne", "virksomhedernes"]),
    ("swe", ["kommun", "kommuner", "kommunerna", "kommunernas"]),
    ("fin", ["kunta", "kunnat", "kuntien", "kunnissa", "kunnassa"]),
    ("fin", ["yhteistyö", "yhteistyön", "yhteistyötä"]),
    ("eng", ["partnership", "partnerships"]),
])
def test_inflected_forms_share_one_index_form(language, words):
    by = search.analyser(language)
    assert {by.form(word) for word in words} == {by.form(words[0])}


def test_finnish_keeps_kunta_apart_from_kun():
    # the Snowball stem of the lemma would be "kun", the Finnish word for "when"
    assert search.FINNISH.form("kunnat") == "kunta"
    assert search.FINNISH.form("kun") == "kun"


@pytest.mark.parametrize("language, compound, part", [
    ("nob", "trepartssamarbeidet", "samarbeid"),
    ("nob", "velferdstilbudet", "velferd"),
    ("dan", "trepartssamarbejde", "samarbejde"),
    ("swe", "trepartssamverkan", "samverkan"),
    ("swe", "avfallshanteringen", "avfall"),
])
def test_compounds_are_split_into_index_forms_of_their_parts(language, compound, part):
    by = search.analyser(language)
    assert by.form(part) in by.parts(compound)


@pytest.mark.parametrize("language, word", [
    ("nob", "samarbeid"),      # frequent enough to be a word of its own, not sam + arbeid
    ("nob", "partnerskap"),    # partner + a derivational suffix, not partner + skap (cupboard)
    ("fin", "maakunnissa"),    # Finnish is not split: maakunta is no kind of kunta
    ("eng", "partnerships"),
])
def test_words_that_are_no_compounds_stay_whole(language, word):
    assert search.analyser(language).parts(word) == []


@pytest.mark.parametrize("variants", [["Malmø", "Malmö"], ["Bærum", "Bärum"], ["Ålborg", "Aalborg"],
                                      ["Høje-Taastrup", "Høje-Tåstrup"]])
def test_letter_variants_fold_to_one_form(variants):
    for by in (search.PLAIN, search.DANISH, search.SWEDISH, search.BOKMAL):
        assert len({search.index_text(v, by) for v in variants}) == 1


def test_finnish_keeps_its_double_vowels():
    assert search.FINNISH.form("maa") == "maa"
    assert search.BOKMAL.form("maal") == search.BOKMAL.form("mål")


def test_an_index_form_is_always_one_token():
    for by in search.QUERY_ANALYSERS:
        for token in search.tokens(TRICKY):
            assert search.is_single_token(by.form(token))


def test_index_row_keeps_one_token_per_token_and_names_unstemmed():
    row = search.index_row("nob", "Samarbeidets grenser", "Trepartssamarbeidet i kommunene.", '["OPS"]',
                           '["Hansen, Åse"]', None)
    assert row == ("samarbeid grens", "trepartssamarbeid i kommun", "ops", "hansen åse", None,
                   "tre part samarbeid")


# --- query expressions -----------------------------------------------------------------------------

def test_query_word_becomes_the_or_of_its_forms_in_text_and_its_plain_form_in_names():
    # Norwegian and Danish stems, Finnish/Icelandic/plain as written, Swedish stem, English stem
    assert search.match_expression("Kommunerna") == (
        '({title abstract subjects fulltext parts} : ("kommunern" OR "kommunerna" OR "kommun" OR "kommuner")'
        ' OR {authors} : "kommunerna")')


def test_phrases_prefixes_and_hyphens():
    assert search.parse_query('"offentlig privat" samarb* IKT-samarbeid') == [
        search.Term(("offentlig", "privat")), search.Term(("samarb",), prefix=True),
        search.Term(("IKT", "samarbeid"))]


@pytest.mark.parametrize("query", [INJECTION, 'NEAR(a b) OR c NOT d', 'title:x ^y "unclosed', "a AND (b OR",
                                   '"" *', "* - + ( ) { } : ^"])
def test_fts5_syntax_and_sql_in_a_query_are_text(query):
    expression = search.match_expression(query)
    structure = re.sub(r'"[^"]*"\*?', "", expression)
    assert re.fullmatch(r"[\s(){}:]*((OR|AND|title|abstract|subjects|fulltext|parts|authors)[\s(){}:]*)*", structure)
    db = small_catalogue()
    db.execute(SEARCH_SQL, {"q": query, "page": ""}).fetchall()  # no FTS5 syntax error


def test_a_query_without_words_matches_nothing():
    assert search.match_expression(" -- ; '") == '""'
    assert search.match_expression(None) == '""'


def test_long_queries_are_cut():
    assert len(search.parse_query(" ".join(f"w{i}" for i in range(100)))) == search.MAX_QUERY_TERMS


# --- the index on a small catalogue ------------------------------------------------------------------

DOCUMENTS = [
    ("d1", "nob", "Samarbeidets grenser", "Trepartssamarbeidet i kommunene gir resultater.", ["OPS"], ["Berg, Ola"], None),
    ("d2", "dan", "Sociale partnerskaber i Aalborg", None, ["partnerskaber"], ["Nielsen, Mette"],
     "Kommunerne i Ålborg arbejder med virksomheder."),
    ("d3", "swe", "Samverkan i kommunerna", "En studie från Malmö.", [], [], None),
    ("d4", "fin", "Pienet kunnat", "Yhteistyö kunnissa.", [], [], None),
    ("d5", "nob", "Bergen kommune", "Om byen.", [], ["Hansen, Kari"], None),
]


INDEXES = tempfile.TemporaryDirectory(prefix="nordcat-ranked-")  # the small catalogues' indexes, gone at exit


def small_catalogue(workers: int | None = None, documents=DOCUMENTS) -> sqlite3.Connection:
    """The documents in an in-memory catalogue with both indexes, and the canned query's
    functions as the plugin registers them."""
    from publish.ranked_search import ranked_page
    from publish.ranked_search import RankedIndexWriter

    db = sqlite3.connect(":memory:")
    db.executescript(catalogue.SCHEMA)
    for doc_id, language, title, abstract, subjects, authors, text in documents:
        db.execute("INSERT INTO documents(id, language, title, abstract, subjects, authors) VALUES (?, ?, ?, ?, ?, ?)",
                   [doc_id, language, title, abstract, json.dumps(subjects), json.dumps(authors, ensure_ascii=False)])
        if text:
            db.execute("INSERT INTO document_texts VALUES (?, ?)", [doc_id, text])
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")  # as publish() does
    folder = Path(tempfile.mkdtemp(dir=INDEXES.name)) / "search"
    catalogue.build_search_index(db, workers, ranked=RankedIndexWriter(folder))
    db.create_function("nordic_match", 1, search.match_expression, deterministic=True)
    db.create_function("nordic_ranked", 2, lambda query, page: ranked_page(folder, query, page))
    db.row_factory = sqlite3.Row
    RANKED["folder"] = folder
    return db


RANKED: dict[str, Path] = {}  # the ranked index of the last small catalogue


def run_search(db: sqlite3.Connection, query: str, page: str = "") -> list[sqlite3.Row]:
    return db.execute(SEARCH_SQL, {"q": query, "page": page}).fetchall()


def test_index_holds_index_forms_and_the_view_the_original():
    db = small_catalogue()
    db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, search_index, 'row')")
    terms = {term for term, in db.execute("SELECT term FROM temp.terms")}
    assert {"samarbeid", "kunta", "kommun", "alborg"} <= terms
    assert not {"samarbeidets", "kunnat", "kommunerna", "aalborg"} & terms
    assert db.execute("SELECT title FROM search_content WHERE doc_rowid = 1").fetchone()[0] == "Samarbeidets grenser"


def test_search_highlights_the_words_as_written():
    [row] = run_search(small_catalogue(), "samarbeid")
    assert row["id"] == "d1"
    assert row["title_highlighted"] == "<mark>Samarbeidets</mark> grenser"


def test_compound_part_finds_the_compound_and_the_snippet_falls_back_to_the_abstract():
    [row] = run_search(small_catalogue(), "samarbeid kommune")
    assert row["id"] == "d1"
    assert row["snippet"] == "Trepartssamarbeidet i <mark>kommunene</mark> gir resultater."


def test_snippet_comes_from_the_running_text_when_the_abstract_has_no_match():
    [row] = run_search(small_catalogue(), "virksomhed")
    assert (row["id"], row["snippet"]) == ("d2", "Kommunerne i Ålborg arbejder med <mark>virksomheder</mark>.")


@pytest.mark.parametrize("query, found", [
    ("kommun", {"d1", "d2", "d3", "d5"}),
    ("kunta", {"d4"}),
    ("partnerskab", {"d2"}),
    ("Malmø", {"d3"}),
    ("Aalborg", {"d2"}),
    ("Ålborg", {"d2"}),
    ("Hansen", {"d5"}),
    ("hans", set()),      # no stemming of names: Hansen is not a form of hans
    ("Bergen", {"d5"}),   # the lemma "berg" matches text, never the author Berg
    ('"sociale partnerskaber"', {"d2"}),
    ('"partnerskaber sociale"', set()),
    ("kommun*", {"d1", "d2", "d3", "d5"}),
    ("samverk*", {"d3"}),
])
def test_search_finds(query, found):
    assert {row["id"] for row in run_search(small_catalogue(), query)} == found


def test_title_matches_rank_first():
    assert [row["id"] for row in run_search(small_catalogue(), "kommun")][:2] == ["d5", "d3"]


def test_documents_fts_still_serves_plain_search():
    db = small_catalogue()
    plain = lambda query: [tuple(r) for r in db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [query])]
    assert plain("kommunerna") == [(3,)]
    assert plain("kommun") == []


# --- the plugin's HTML rendering ----------------------------------------------------------------------

def load_plugin():
    spec = importlib.util.spec_from_file_location("nordic_search", PLUGINS / "nordic_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_marks_become_html_and_everything_else_stays_escaped():
    plugin = load_plugin()
    html = plugin.render_cell(row={}, value="<b>A&B</b> <mark>kunnat</mark>", column="snippet", table=None,
                              database="catalogue", datasette=None)
    assert str(html) == "&lt;b&gt;A&amp;B&lt;/b&gt; <mark>kunnat</mark>"
    assert plugin.render_cell(row={}, value="<mark>x</mark>", column="snippet", table="documents",
                              database="catalogue", datasette=None) is None


# --- over real HTTP: demo web -> nordcat nightly -> nordcat serve -----------------------------------

def canned(base: str, query: str) -> list[dict]:
    response = httpx.get(f"{base}/catalogue/search.json", params={"q": query, "_shape": "array"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def marked(rows: list[dict]) -> set[str]:
    return {word for row in rows for field in ("title_highlighted", "snippet")
            for word in re.findall(r"<mark>(.*?)</mark>", row[field] or "")}


def handles(rows: list[dict]) -> set[str]:
    return {row["url"].removeprefix("https://hdl.handle.net/") for row in rows}


slow = pytest.mark.slow


@slow
@pytest.mark.parametrize("query, highlighted", [
    ("samarbeid Lofoten", "<mark>Samarbeidets</mark> grenser i <mark>Lofoten</mark>"),
    ("kommun Norrbotten", "Samverkan i <mark>kommunerna</mark> i <mark>Norrbotten</mark>"),
    ("kunta Inarissa", "<mark>Kunnat</mark> ja <mark>kuntien</mark> yhteistyö <mark>Inarissa</mark>"),
])
def test_inflected_forms_are_found_and_marked_as_written(served_demo, query, highlighted):
    [row] = canned(served_demo.base, query)
    assert row["title_highlighted"] == highlighted


@slow
@pytest.mark.parametrize("query, forms", [
    ("partnerskab", {"partnerskaber", "partnerskaberne"}),
    ("kunta", {"kunnat", "kunnissa", "kuntien"}),
])
def test_inflected_forms_in_the_demo_texts(served_demo, query, forms):
    assert forms <= {word.lower() for word in marked(canned(served_demo.base, query))}


@slow
def test_compound_found_by_its_part_over_http(served_demo):
    rows = canned(served_demo.base, "samarbeid Senja")
    assert handles(rows) == {"11250/4200003"}
    assert rows[0]["title_highlighted"] == "Trepartssamarbeidet på <mark>Senja</mark>"
    danish = canned(served_demo.base, "samarbejde")
    assert any(row["title"].startswith("Trepartssamarbejde") for row in danish)
    assert any("Trepartssamverkan" in row["title"] for row in canned(served_demo.base, "samverkan"))


@slow
@pytest.mark.parametrize("variants, written", [
    (["Malmø", "Malmö", "malmo"], "Malmö"),
    (["Århus", "Aarhus", "Arhus"], "Århus"),
    (["Bärum", "Bærum"], "Bærum"),
])
def test_diacritics_fold_without_losing_exact_matches(served_demo, variants, written):
    results = [canned(served_demo.base, variant) for variant in variants]
    assert results[0] and all(rows == results[0] for rows in results)
    assert written in marked(results[0])


@slow
def test_every_highlight_is_the_title_as_written(served_demo):
    rows = canned(served_demo.base, "kunta")
    assert rows
    for row in rows:
        assert row["title_highlighted"].replace("<mark>", "").replace("</mark>", "") == row["title"]


@slow
def test_injection_is_inert_over_http(served_demo, demo_catalogue):
    base, data = served_demo.base, demo_catalogue
    with open_catalogue(data) as db:
        before = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert canned(base, INJECTION) == []
    for query in ['NEAR(samarbeid kommune) OR "', "samarbeid) OR (1", "{title}: x"]:
        canned(base, query)
    table = httpx.get(f"{base}/catalogue/documents.json", params={"_q": INJECTION, "_shape": "array"})
    assert table.status_code == 200 and table.json() == []
    with open_catalogue(data) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == before


@slow
def test_table_filter_matches_the_canned_query_and_keeps_facets(served_demo):
    base = served_demo.base
    rows = canned(base, "kunta")
    table = httpx.get(f"{base}/catalogue/documents.json",
                      params={"_q": "kunta", "_facet": "language", "_shape": "objects"}).json()
    assert {row["id"] for row in table["rows"]} == {row["id"] for row in rows}
    facets = {f["value"]: f["count"] for f in table["facet_results"]["language"]["results"]}
    assert facets == dict(Counter(row["language"] for row in rows))


def sql_facet(db: sqlite3.Connection, column: str, query: str, where: str) -> list[list]:
    """A facet as Datasette's ColumnFacet counts it: SQL over the rows the `_q` filter keeps."""
    return [list(row) for row in db.execute(
        f"SELECT {column}, count(*) AS n FROM documents WHERE rowid IN (SELECT rowid FROM search_index "
        f"WHERE search_index MATCH nordic_match(:q)) {where} AND {column} IS NOT NULL "
        f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT 30", {"q": query})]


@slow
@pytest.mark.parametrize(("query", "filters", "where", "counter"), [
    ("kommune", {}, "", "index"),
    ("samarbeid", {"language": "nob"}, "AND language = 'nob'", "index"),
    ("kunta", {}, "", "index"),
    ("partnerskab*", {"country__exact": "DK"}, "AND country = 'DK'", "index"),
    ("kommune", {"year": "2019", "language": "nob"}, "AND year = 2019 AND language = 'nob'", "index"),
    ("samarbeid", {"title__contains": "kommune"}, "AND title LIKE '%kommune%'", "sql"),
    ("kommune", {"year": "20x9"}, "AND year = '20x9'", "sql"),  # no number
])
def test_the_facets_of_a_search_are_sqls_facets(served_demo, demo_catalogue, query, filters, where, counter):
    """Counted by the ranked index where the request filters by `_q` and facet values only, by SQL
    otherwise: the same values, counts and order either way."""
    from datasette.utils import MultiParams

    from publish.ranked_search import FACET_COLUMNS, ranked_index_folder, ranked_search, register_search_functions
    from publish.search_facets import equal_filters

    args = [("_q", query), *(("_facet", c) for c in FACET_COLUMNS), *filters.items()]
    table = httpx.get(f"{served_demo.base}/catalogue/documents.json", params=args).json()
    db = sqlite3.connect(demo_catalogue / "catalogue.db")
    register_search_functions(db, demo_catalogue / "catalogue.db")
    for column in FACET_COLUMNS:
        served = [[v["value"], v["count"]] for v in table["facet_results"][column]["results"]]
        assert served == sql_facet(db, column, query, where), column
    total = db.execute(f"SELECT count(*) FROM documents WHERE rowid IN (SELECT rowid FROM search_index "
                       f"WHERE search_index MATCH nordic_match(?)) {where}", [query]).fetchone()[0]
    assert table["filtered_table_rows_count"] == total
    assert (total > 0) == bool(table["facet_results"]["language"]["results"])
    equal = equal_filters(MultiParams(args))
    index = ranked_search(ranked_index_folder(db, demo_catalogue / "catalogue.db"))
    assert (equal is not None and index.facet_counts(query, equal, FACET_COLUMNS) is not None) == (counter == "index")


@slow
def test_search_page_shows_marks_and_links(served_demo):
    page = httpx.get(f"{served_demo.base}/catalogue/search", params={"q": "kunta"})
    assert page.status_code == 200
    assert "<mark>kunnat</mark>" in page.text
    assert re.search(r'href="/catalogue/documents/w[0-9a-f]+"', page.text)  # each hit links its work


def test_a_finnish_long_vowel_is_no_old_spelling_of_a_short_scandinavian_word():
    """"aate" read as "åte" stems to "åt", FTS5's "at": every Norwegian text would match."""
    db = small_catalogue(documents=[
        ("no", "nob", "Vi vet at det må gå", "Det er sagt at kommunen må samarbeide.", [], [], None),
        ("fi", "fin", "Aate ja maa", "Yhteistyön aate.", [], [], None),
        ("dk", "dan", "Ålborg og Aalborg", "Byen.", [], [], None)])
    assert [row["id"] for row in run_search(db, "aate")] == ["fi"]
    assert [row["id"] for row in run_search(db, "maa")] == ["fi"]
    assert [row["id"] for row in run_search(db, "Aalborg")] == ["dk"]
    assert [row["id"] for row in run_search(db, "at")] == ["no"]


def test_the_index_built_on_several_cores_is_the_one_built_on_one():
    """Large catalogues normalise their words in worker processes: the index must not differ."""
    def instances(db: sqlite3.Connection) -> list[tuple]:
        db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(search_index, 'instance')")
        return [tuple(row) for row in db.execute("SELECT term, doc, col, offset FROM terms ORDER BY term, doc, col, offset")]

    serial, parallel = instances(small_catalogue(workers=0)), instances(small_catalogue(workers=2))
    assert parallel == serial and len(serial) == 45


# --- the ranked search (publish/ranked_search.py): every match ranked, counted, paged ------------------

def many_documents(abstract_matches: int, title_matches: int) -> list[tuple]:
    """Works whose abstract names "fjordbru" first (low rowids), then works with it in the title (the
    highest rowids: a ranking of the first matches in rowid order never sees them)."""
    abstract = [(f"a{n:05d}", "nob", f"Rapport nummer {n} om vegbygging", f"Om fjordbruer og veger, del {n}.", [], [],
                 None) for n in range(abstract_matches)]
    title = [(f"t{n:05d}", "nob", f"Fjordbruer i Vestland {n}", "Om veger.", [], [], None) for n in range(title_matches)]
    return abstract + title


def test_every_match_is_ranked_and_counted_and_title_matches_come_first():
    db = small_catalogue(documents=many_documents(5_990, 10))
    rows = run_search(db, "fjordbru")
    fts5 = db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH nordic_match('fjordbru')").fetchone()[0]
    assert fts5 == 6_000
    from publish.ranked_search import PAGE_SIZE
    assert len(rows) == PAGE_SIZE
    assert [row["id"][0] for row in rows[:10]] == ["t"] * 10 and all(row["title_match"] for row in rows[:10])
    assert not any(row["title_match"] for row in rows[10:])


def test_pages_go_on_across_the_title_tier_without_repeating_a_work():
    from publish.ranked_search import RankedIndexWriter, ranked_search

    db = small_catalogue(documents=many_documents(45, 12))
    seen = [row["id"] for page in ("1", "2", "3") for row in run_search(db, "fjordbru", page)]
    assert len(seen) == len(set(seen)) == 57 and seen[:12] == sorted(seen[:12], key=lambda i: i[0] != "t")
    assert {i[0] for i in seen[:12]} == {"t"} and run_search(db, "fjordbru", "4") == []
    assert run_search(db, "fjordbru", "x") == run_search(db, "fjordbru")  # a page that is no number: the first
    folder = Path(tempfile.mkdtemp(dir=INDEXES.name)) / "search"
    writer = RankedIndexWriter(folder)
    writer.finish()
    results = ranked_search(folder).search("fjordbru")
    assert (results.total, results.hits) == (0, [])  # an empty catalogue's index


@pytest.mark.parametrize("query", ["kommun", "kunta", "partnerskab", "Malmø", "Hansen", "hans", "Bergen",
                                   '"sociale partnerskaber"', '"partnerskaber sociale"', "kommun*", "samverk*",
                                   "samarbeid kommune", INJECTION, ""])
def test_the_ranked_index_matches_what_fts5_matches(query):
    """The same work as the FTS5 index: the same works for every query, counted exactly."""
    from publish.ranked_search import ranked_search

    db = small_catalogue()
    fts5 = {row["id"] for row in db.execute(
        "SELECT documents.id FROM search_index JOIN documents ON documents.rowid = search_index.rowid "
        "WHERE search_index MATCH nordic_match(?)", [query])}
    assert {row["id"] for row in run_search(db, query)} == fts5
    assert ranked_search(RANKED["folder"]).count(query) == len(fts5)


@slow
def test_search_page_counts_every_match_and_links_its_pages(served_demo, demo_catalogue):
    with open_catalogue(demo_catalogue) as db:
        db.create_function("nordic_match", 1, search.match_expression)
        counts = {word: db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH nordic_match(?)",
                                   [word]).fetchone()[0] for word in ("samarbeid", "kommune", "partnerskap")}
    word, total = max(counts.items(), key=lambda item: item[1])
    assert total > 20, counts
    first = httpx.get(f"{served_demo.base}/catalogue/search", params={"q": word}, timeout=30)
    assert re.search(rf'<span id="result-count">{total:,}</span>', first.text)
    next_url = re.search(r'<a href="([^"]+)" rel="next" id="next-page">', first.text).group(1)
    assert f'<link rel="next" href="{next_url}">' in first.text and 'rel="prev"' not in first.text
    second = httpx.get(f"{served_demo.base}{unescape(next_url)}", timeout=30)
    assert second.status_code == 200 and 'rel="prev"' in second.text
    ids = lambda html: re.findall(r'class="result-title" href="/catalogue/documents/(w[0-9a-f]+)"', html)
    assert len(ids(first.text)) == 20 and ids(second.text) and not set(ids(first.text)) & set(ids(second.text))


@slow
def test_a_catalogue_without_its_ranked_index_says_so(demo_catalogue, tmp_path):
    """A copy of the catalogue whose index folder is gone: the search page names the fault, the
    JSON API fails rather than answer "no results", and the rest of the site works."""
    import shutil

    from tests.catalogue_server import CatalogueServer

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_catalogue / "catalogue.db", data / "catalogue.db")
    with CatalogueServer(data, tmp_path / "serve.log") as server:
        page = server.get("/catalogue/search", params={"q": "kunta"})
        assert page.status_code == 400
        assert "no ranked search index" in page.text and "publish the catalogue again" in page.text
        assert server.get("/catalogue/search.json", params={"q": "kunta"}).status_code == 400
        assert server.get("/catalogue/documents.json").status_code == 200


def test_a_ranked_index_of_another_schema_asks_for_a_new_publish(tmp_path):
    """An index an older nordcat wrote (other fields): a clear fault, not a schema error on every search."""
    import tantivy

    from publish.ranked_search import SearchIndexMissing, ranked_search

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title")
    writer = tantivy.Index(builder.build(), path=str(tmp_path)).writer(15_000_000)
    writer.commit()
    writer.wait_merging_threads()
    with pytest.raises(SearchIndexMissing, match="is not one this version of nordcat reads.*publish the catalogue again"):
        ranked_search(tmp_path)


def test_publish_keeps_the_ranked_indexes_of_the_last_two_catalogues(tmp_path):
    """A server may still read the previous catalogue (and its index, hard-linked in its pin) while
    the new one is published; older indexes go."""
    import os

    folders = [tmp_path / f"search-2026120{n}T000000-1" for n in range(1, 5)]
    for age, folder in enumerate(reversed(folders)):
        folder.mkdir()
        os.utime(folder, (1_700_000_000 - age * 100, 1_700_000_000 - age * 100))
    catalogue._prune_search_indexes(tmp_path, keep=folders[-1])
    assert sorted(p.name for p in tmp_path.iterdir()) == [folders[-2].name, folders[-1].name]
