"""`nordcat build` at scale: a full build of N raw records, then an incremental build after 1 %
of them changed, then `nordcat publish` of the catalogue (every search index), as processes
(start-up included) with their peak memory: the process and its workers, resident memory summed,
and the process alone (benchmarks/process_memory.py).

The raw records are generated straight into a DuckDB warehouse by SQL (no crawl): two OAI-PMH
repositories with dim-style dc-dicts - titles, authors in "Family, Given" (the second
repository writes half of them with initials), dates, handles, DOIs, ISSNs, series, publishers
under their aliases (Handelshøyskolen BI / BI Norwegian Business School, Nordisk Ministerråd
...), subjects and an abstract. Half of the second repository's records are copies of works in
the first (same DOI, their own handle and title spelling): they merge. The 1 % change is 0.6 %
new versions (changed titles), 0.2 % tombstones and 0.2 % new records.

Run: python -m benchmarks.build [--records N]   (default 1,000,000; a few minutes per 100,000)
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import NamedTuple

import duckdb
import yaml

from benchmarks.oai_harvest import NORDCAT, Process, measured
from pipeline import merge
from pipeline.build import merge_view, with_linked_documents
from warehouse.store import Warehouse

REPO, ARCHIVE = "bench-biopen", "bench-nora"
SHARE_REPO = 0.6           # of the records: the first repository's
SHARE_COPIES = 0.5         # of the second repository's records: copies of a first-repository work
CHANGED, DELETED, ADDED = 0.006, 0.002, 0.002
PUBLISH_TARGET_S = 300  # the issue's: 1M works published, every search index included, in 5 minutes
BUILD_TARGET_S, INCREMENTAL_TARGET_S = 600, 30  # ... 1M records built in 10 minutes, 1 % of them changed in 30 s
PEAK_TARGET_MB = 3_000  # ... within 3 GB (the build process and its workers)

# Family names from syllables, 6,000 of them: with the given names, a few hundred thousand
# persons, as many as a national catalogue of a million records credits.
FAMILY_STARTS = ["Berg", "Lind", "Sol", "Haug", "Dahl", "Strand", "Holm", "Sand", "Lie", "Bakk", "Nord", "Vest",
                 "Øst", "Sør", "Fjell", "Skog", "Eng", "Aas", "Myr", "Vik", "Bø", "Hov", "Moe", "Nes", "Rud", "Tveit",
                 "Brekk", "Flat", "Hamm", "Kvam", "Lang", "Mæl", "Næs", "Ros", "Sæt", "Tang", "Ulv", "Voll", "Å",
                 "Kors", "Stav", "Hell", "Grøn", "Blå", "Kval", "Stor", "Lill", "Hjelm", "Foss", "Sjö", "Björk", "Ek",
                 "Gran", "Al", "Ask", "Hag", "Kyr", "Mäki", "Järvi", "Koski", "Laine", "Virta", "Niemi", "Salo", "Vaa"]
FAMILY_ENDS = ["", "berg", "lund", "heim", "dal", "strand", "holm", "vik", "nes", "rud", "stad", "seth", "gård",
               "land", "by", "bø", "mo", "li", "tun", "set", "haug", "bakk", "eng", "myr", "vold", "stein", "ström",
               "qvist", "gren", "man", "nen", "la", "sen", "son", "sson", "ssen", "mark", "fors", "sjö", "ås",
               "ekker", "åker", "hus", "rød", "stue", "plass", "bekk", "tveit", "fjord", "øy", "lien", "heimen",
               "dalen", "vika", "neset", "rudi", "stadt", "bråten", "moen", "næs", "skog", "haugen", "bakken",
               "lie", "sæter", "vang", "kleiv", "nesse", "hamn", "rum", "vall", "ås", "hjem", "vold", "sund",
               "voll", "borg", "lid", "liden", "nor", "lö", "berget", "lunden", "holmen", "vassli", "torp", "ryd"]
FAMILIES = sorted({start + end for start in FAMILY_STARTS for end in FAMILY_ENDS} | {"Vabo", "van der Berg", "de Vries"})
GIVEN = ["Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde", "Anna",
         "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth", "Kristin", "Jan", "Per", "Bjørn",
         "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas", "Hans", "Geir", "Tor", "Morten", "Terje",
         "Odd", "Erik", "Martin", "Andreas", "John", "Signy", "Atle", "Tore", "Kristian", "Åse", "Øystein",
         "Ærle", "Mikko", "Juha", "Timo", "Matti", "Kari", "Antti", "Jukka", "Mika", "Tuula", "Päivi", "Sari",
         "Lars-Erik", "Karl", "Nils", "Sven", "Lena", "Karin", "Kerstin", "Margareta", "Ulla", "Birgitta",
         "Hans-Petter", "Jon", "Ragnhild", "Sigrid", "Gunnar", "Trond", "Rune", "Vidar", "Stein", "Leif", "Frode",
         "Helge", "Dag", "Espen", "Henrik", "Jørgen", "Kjersti", "Tone", "Wenche", "Siri", "Heidi", "Trine",
         "Camilla", "Silje", "Irene", "Lise", "Grete", "Else", "Gro", "Unni", "Turid", "Torill"]
WORDS = ["samarbeid", "kommune", "partnerskap", "offentlig", "privat", "frivillighet", "velferd", "tjenester",
         "innovasjon", "samskaping", "interkommunalt", "trepartssamarbeid", "arbeidsliv", "digitalisering",
         "helse", "omsorg", "eldre", "barnehage", "skole", "samferdsel", "klima", "boliger", "integrering",
         "region", "styring", "evaluering", "erfaringer", "modeller", "kunnskap", "utvikling", "næringsliv",
         "sivilsamfunn", "frivillige", "organisasjoner", "ledelse", "reform", "økonomi", "anskaffelser",
         "kontrakter", "risiko", "nettverk", "utenforskap", "arbeidsinkludering", "lokaldemokrati", "beredskap"]
PUBLISHERS_REPO = ["Handelshøyskolen BI", "BI Norwegian Business School"]
PUBLISHERS_ARCHIVE = ["Nordisk Ministerråd", "Nordic Council of Ministers", "Nordregio", "Fafo", "Fafo AS", "NIBR",
                      "Universitetet i Oslo", "University of Oslo", "KS", "VIVE", "Sveriges Kommuner och Regioner",
                      "SKR", "Kuntaliitto", "Suomen Kuntaliitto", "Kommunernes Landsforening", "NTNU",
                      "Gulskogen Eiendom AS", "Pirkan Kone Oy", "Tampereen yliopisto"]
LANGUAGES = ["nob", "nob", "nob", "eng", "nno", "swe", "dan", "fin"]
TYPES = ["Research report", "Working paper", "Journal article", "Master thesis", "Report"]

# One record's dc-dict from its number `i` and the hashes h1..h6 of it. {source}, {key}
# and {extra} are filled in per repository. List items are picked by hash, so the data is the
# same on every run.
METADATA = """
    json_merge_patch(json_object(
        'dc.title', [upper(left(w[1 + h1 % {words}], 1)) || substr(w[1 + h1 % {words}], 2) || ' ' || w[1 + h2 % {words}] || ' og ' || w[1 + h3 % {words}]
                     || ' i ' || w[1 + h4 % {words}] || ' ' || {title_no}],
        'dc.contributor.author', list_transform(range(1 + h5 % 4), lambda k: {author}),
        'dc.date.issued', [(1995 + h6 % 30)::VARCHAR || '-0' || (1 + h1 % 9)::VARCHAR],
        'dc.language.iso', [lang[1 + h2 % {langs}]],
        'dc.type', [typ[1 + h3 % {types}]],
        'dc.publisher', [pub[1 + h4 % len(pub)]],
        'dc.identifier.uri', ['http://hdl.handle.net/{prefix}/' || i::VARCHAR],
        'dc.relation.ispartofseries', ['Rapport;' || (1 + h5 % 40)::VARCHAR || '/' || (1995 + h6 % 30)::VARCHAR],
        'dc.identifier.issn', ['0803-2610'],
        'dc.subject', [w[1 + h6 % {words}], w[1 + h1 % {words}], w[1 + h2 % {words}]],
        'dc.description.abstract', [array_to_string(list_transform(range(60), lambda k: w[1 + (h1 % 1000 + k * (h2 % 1000)) % {words}]), ' ')],
        'nordcat.fulltext_url', ['https://{host}/bitstream/' || i::VARCHAR || '/1/report.pdf']
    ), {extra})"""
AUTHOR = ("fam[1 + (hash(i, k, 'f') % {families})::BIGINT] || ', ' || {given}")
FULL_GIVEN = "giv[1 + (hash(i, k, 'g') % {givens})::BIGINT] || CASE WHEN hash(i, k, 'm') % 3 = 0 THEN ' ' || giv[1 + (hash(i, k, 'm') % {givens})::BIGINT] ELSE '' END"
INITIALS = ("left(giv[1 + (hash(i, k, 'g') % {givens})::BIGINT], 1) || '.' || CASE WHEN hash(i, k, 'm') % 3 = 0 "
            "THEN ' ' || left(giv[1 + (hash(i, k, 'm') % {givens})::BIGINT], 1) || '.' ELSE '' END")


def own_connection(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A warehouse (its schema made by Warehouse) on a connection of the benchmark's own: the
    generator writes raw records and heads by SQL, which no Warehouse method is for."""
    Warehouse(warehouse).close()
    return duckdb.connect(str(warehouse))


def generate(warehouse: Path, records: int) -> None:
    """Raw records and their heads for the two repositories, by SQL."""
    repo = int(records * SHARE_REPO)
    archive = records - repo
    with own_connection(warehouse) as con:
        con.execute("SET memory_limit = '4GB'")
        params = {"fam": FAMILIES, "giv": GIVEN, "w": WORDS, "lang": LANGUAGES, "typ": TYPES}
        lists = ", ".join(f"${name}::VARCHAR[] AS {name}" for name in params)
        sizes = {"words": len(WORDS), "langs": len(LANGUAGES), "types": len(TYPES), "families": len(FAMILIES),
                 "givens": len(GIVEN)}
        full_author = AUTHOR.format(given=FULL_GIVEN.format(**sizes), **sizes)
        short_author = AUTHOR.format(given=INITIALS.format(**sizes), **sizes)
        # the first repository: numbers 0 .. repo-1; every third has a DOI
        _insert(con, REPO, "oai:biopen.bi.no:11250/", 0, repo, METADATA.format(
            title_no="''", author=full_author, prefix="11250", host="biopen.bi.no",
            extra="CASE WHEN i % 3 = 0 THEN json_object('dc.identifier.doi', ['10.5555/bench.' || i::VARCHAR]) "
                  "ELSE '{}' END", **sizes), lists, {**params, "pub": PUBLISHERS_REPO})
        # the second: every other record a copy of a first-repository work with a DOI (i * 3)
        _insert(con, ARCHIVE, "oai:nora.example.org:10037/", repo, archive, METADATA.format(
            title_no="''", author=f"CASE WHEN i % 4 < 2 THEN {short_author} ELSE {full_author} END", prefix="10037",
            host="nora.example.org",
            extra="CASE WHEN i % 2 = 0 AND (i - {repo}) * 3 < {repo} THEN json_object('dc.identifier.doi', "
                  "['10.5555/bench.' || ((i - {repo}) * 3)::VARCHAR]) ELSE '{{}}' END".format(repo=repo), **sizes),
            lists, {**params, "pub": PUBLISHERS_ARCHIVE})
        con.execute(f"SELECT nextval('raw_seq') FROM range({records + 1})").fetchall()


def _insert(con: duckdb.DuckDBPyConnection, source: str, key_prefix: str, first: int, count: int, metadata: str,
            lists: str, params: dict) -> None:
    hashes = ", ".join(f"(hash(i, {n}) >> 1)::BIGINT AS h{n}" for n in range(1, 7))  # BIGINT: a list index
    con.execute(f"""
        INSERT INTO raw_records (seq, source, record_key, run_id, fetched_at, url, format, deleted, payload,
                                 metadata, content_hash)
        WITH numbered AS (
            SELECT i, {hashes}, {lists}, $pub::VARCHAR[] AS pub
            FROM range({first}, {first + count}) AS t(i))
        SELECT i + 1, '{source}', '{key_prefix}' || i::VARCHAR, 'bench', TIMESTAMP '2026-01-01', NULL, 'dim', false,
               '', metadata, md5(metadata)
        FROM (SELECT i, ({metadata})::VARCHAR AS metadata FROM numbered)""", params)
    con.execute(f"""
        INSERT INTO record_heads
        SELECT source, record_key, seq, content_hash, false, TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01'
        FROM raw_records WHERE source = '{source}'""")


def change(warehouse: Path, records: int) -> int:
    """1 % of the records changed: new versions with another title, tombstones, new records.
    Returns the number of records touched."""
    step_changed, step_deleted = round(1 / CHANGED), round(1 / DELETED)
    with own_connection(warehouse) as con:
        con.execute(f"""
            CREATE TEMP TABLE touched AS
            SELECT seq AS old_seq, source, record_key, metadata, seq % {step_deleted} = 1 AS deleted
            FROM raw_records WHERE seq % {step_changed} = 0 OR seq % {step_deleted} = 1""")
        con.execute("""
            INSERT INTO raw_records (seq, source, record_key, run_id, fetched_at, url, format, deleted, payload,
                                     metadata, content_hash)
            SELECT nextval('raw_seq'), source, record_key, 'change', TIMESTAMP '2026-01-02', NULL, 'dim', deleted, '',
                   CASE WHEN deleted THEN '{}'
                        ELSE json_merge_patch(metadata, json_object('dc.title', ['Revidert: ' || old_seq::VARCHAR])) END,
                   md5(old_seq::VARCHAR || 'changed')
            FROM touched""")
        added = int(records * ADDED)
        con.execute(f"""
            INSERT INTO raw_records (seq, source, record_key, run_id, fetched_at, url, format, deleted, payload,
                                     metadata, content_hash)
            SELECT nextval('raw_seq'), '{REPO}', 'oai:biopen.bi.no:11250/new-' || i::VARCHAR, 'change',
                   TIMESTAMP '2026-01-02', NULL, 'dim', false, '',
                   json_object('dc.title', ['Ny rapport om samarbeid ' || i::VARCHAR],
                               'dc.contributor.author', ['Vabo, Signy Irene'], 'dc.date.issued', ['2026'],
                               'dc.identifier.uri', ['http://hdl.handle.net/11250/new-' || i::VARCHAR]),
                   md5('new' || i::VARCHAR)
            FROM range({added}) AS t(i)""")
        con.execute("""
            UPDATE record_heads h SET seq = r.seq, content_hash = r.content_hash, deleted = r.deleted,
                                      last_seen = TIMESTAMP '2026-01-02'
            FROM raw_records r WHERE r.run_id = 'change' AND h.source = r.source AND h.record_key = r.record_key""")
        con.execute("""
            INSERT INTO record_heads
            SELECT source, record_key, seq, content_hash, false, TIMESTAMP '2026-01-02', TIMESTAMP '2026-01-02'
            FROM raw_records WHERE run_id = 'change' AND record_key LIKE '%/new-%'""")
        return con.execute("SELECT count(*) FROM raw_records WHERE run_id = 'change'").fetchall()[0][0]


def write_sources(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, publisher, host in ((REPO, "BI Norwegian Business School", "biopen.bi.no"),
                                  (ARCHIVE, "Nordic Open Research Archive", "nora.example.org")):
        (folder / f"{name}.yml").write_text(yaml.safe_dump({
            "name": name, "title": name, "publisher": publisher, "country": "NO", "kind": "oai-pmh",
            "url": f"https://{host}/oai/request", "metadata_prefix": "dim"}))


class TimedBuild(NamedTuple):
    process: Process  # the whole `nordcat build` process: its seconds and memory
    build_s: float    # the build's seconds as the CLI reports them
    report: str       # the build's report lines, the fuzzy merge's comparisons and largest block, the stages


def timed_build(base: list[str], *options: str) -> TimedBuild:
    proc = measured([*base, "build", *options])
    line = next(line for line in proc.stdout.splitlines() if re.search(r"build: .* in [\d.]+ s", line))
    fuzzy = next(line for line in proc.stdout.splitlines() if "fuzzy merge:" in line)
    stages = next(line for line in proc.stdout.splitlines() if "stages (s):" in line)
    report = "\n".join([line.split("build: ", 1)[1], " " * 44 + fuzzy.split("fuzzy merge: ", 1)[1],
                        " " * 44 + "stages (s): " + stages.split("stages (s): ", 1)[1]])
    return TimedBuild(proc, float(re.search(r"in ([\d.]+) s", line)[1]), report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path,
                        help="generate and build here and keep the files (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.workdir or Path(tmp)
        data, sources = folder / "data", folder / "sources"
        write_sources(sources)
        generate(data / "warehouse.duckdb", args.records)
        base = [*NORDCAT, "--data-dir", str(data), "--sources-dir", str(sources)]
        # each figure is printed when it is measured: a later step that fails keeps the earlier ones
        print(f"\nnordcat build over {args.records:,} generated raw records (two repositories, copies merged)\n")
        print(f"{'build':12} {'process s':>10} {'build s':>8} {'peak MB':>8} {'alone MB':>8}  report", flush=True)
        full = print_build("full", timed_build(base, "--full"))
        touched = change(data / "warehouse.duckdb", args.records)
        incremental = print_build("incremental", timed_build(base))
        print(f"\nincremental: {touched:,} raw records changed, deleted or added ({touched / args.records:.1%});"
              f" full / incremental build time: {full.build_s / incremental.build_s:.1f}x", flush=True)
        equal, works = equal_to_a_full_merge(data / "warehouse.duckdb")
        print(f"incremental works equal to a full merge of the same records (fuzzy stage from scratch): {equal}"
              f" ({works:,} works)", flush=True)
        print("peak MB: the build process and its workers, resident memory summed; alone MB: the build process")
        print_targets(full, incremental)
        assert equal, "the incremental build's works differ from a full merge's"
        published = measured([*base, "publish"])
        stages = next(line for line in published.stdout.splitlines() if "stages (s):" in line)
        works, catalogue_mb, index_mb = catalogue_size(data)
    verdict = "ok" if published.seconds <= PUBLISH_TARGET_S else "MISSED"
    print(f"publish: {published.seconds:.1f} s (process), peak {published.peak_mb:.0f} MB with its workers ({published.own_peak_mb:.0f} MB alone), {works:,} works;"
          f" catalogue.db {catalogue_mb:,.0f} MB, ranked index {index_mb:,.0f} MB"
          f" (target <= {PUBLISH_TARGET_S} s with every search index: {verdict})\n"
          f"  stages (s): {stages.split('stages (s): ', 1)[1]}")


def equal_to_a_full_merge(warehouse: Path) -> tuple[bool, int]:
    """Whether the works the last build wrote (members, match rule and score) are those a full merge
    of the same mapped records finds, its fuzzy stage comparing every block; and how many works."""
    with Warehouse(warehouse) as wh:
        records = wh.mapped_keys()
        held = records.pop("members")
        merged = merge.merge_works(merge_view(held, records), with_linked_documents(wh, held, merge.Overrides()),
                                   memory=merge.FuzzyMemory())
        written = wh.query("""SELECT s.document_id, s.source, s.record_key, d.match_rule, d.match_score
                              FROM document_sources s JOIN documents d ON d.id = s.document_id""")
    works: dict[str, tuple[list, str, float | None]] = {}
    for work_id, source, key, rule, score in written:
        works.setdefault(work_id, ([], rule, score))[0].append((source, key))
    found = {(tuple(sorted(held[i][:2] for i in c.members)), c.match_rule, c.match_score)
             for c in merged.clusters}
    return found == {(tuple(sorted(members)), rule, score) for members, rule, score in works.values()}, len(found)


def print_build(name: str, timed: TimedBuild) -> TimedBuild:
    proc = timed.process
    print(f"{name:12} {proc.seconds:>10.1f} {timed.build_s:>8.1f} {proc.peak_mb:>8.0f} {proc.own_peak_mb:>8.0f}  {timed.report}",
          flush=True)
    return timed


def print_targets(full: TimedBuild, incremental: TimedBuild) -> None:
    """The issue's targets, which are for 1,000,000 records."""
    checks = [("full build", full.process.seconds, BUILD_TARGET_S, "s"),
              ("incremental build", incremental.process.seconds, INCREMENTAL_TARGET_S, "s"),
              ("peak memory", max(full.process.peak_mb, incremental.process.peak_mb), PEAK_TARGET_MB, "MB")]
    print("targets (for 1M records): " + "; ".join(f"{name} {value:,.0f} {unit} <= {target:,} {unit}: "
                                  f"{'ok' if value <= target else 'MISSED'}" for name, value, target, unit in checks))


def catalogue_size(data: Path) -> tuple[int, float, float]:
    """(works, catalogue.db MB, ranked search index MB) of the published catalogue."""
    with sqlite3.connect(data / "catalogue.db") as db:
        works = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        index = data / db.execute("SELECT dir FROM search_engine").fetchone()[0]
    size = lambda path: path.stat().st_size / 1e6
    return works, size(data / "catalogue.db"), sum(size(f) for f in index.iterdir())


if __name__ == "__main__":
    main()
