-- nordcat warehouse (DuckDB). Raw records are append-only versions with lineage; curated tables
-- are rebuilt by `nordcat build`; crawl_runs is the history and health of every source.
-- The curated tables (documents, document_sources, mapped_records, persons, cases, ...) are not
-- here: they are declared once, in nordcat/tables.py, whose DDL the warehouse runs after this file.

CREATE SEQUENCE IF NOT EXISTS raw_seq;

-- Every distinct version of every record a source gave us. A version is stored only when its
-- content hash differs from the record's current head, so crawling twice stores nothing twice.
CREATE TABLE IF NOT EXISTS raw_records (
    seq          BIGINT PRIMARY KEY DEFAULT nextval('raw_seq'),
    source       VARCHAR NOT NULL,
    record_key   VARCHAR NOT NULL,      -- OAI identifier, handle or canonical page URL
    run_id       VARCHAR NOT NULL,
    fetched_at   TIMESTAMP NOT NULL,
    url          VARCHAR,
    format       VARCHAR NOT NULL,      -- oai_dc, dim, dspace-html, docplayer, web
    datestamp    VARCHAR,               -- OAI header datestamp / HTTP Last-Modified
    deleted      BOOLEAN NOT NULL,      -- a tombstone: the source says the record is gone
    -- zstd: long texts compress to half of what the default string compression gives, at half
    -- its cost per checkpoint (benchmarks/oai_harvest.py: the warehouse load is a third of a harvest)
    payload      VARCHAR NOT NULL USING COMPRESSION zstd,  -- the raw record (OAI <record> XML, page HTML)
    metadata     JSON NOT NULL USING COMPRESSION zstd,     -- dc-dict extracted from the payload
    content_hash VARCHAR NOT NULL
);

-- The current version of each record, and when it was first and last seen at its source.
CREATE TABLE IF NOT EXISTS record_heads (
    source       VARCHAR NOT NULL,
    record_key   VARCHAR NOT NULL,
    seq          BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL,
    deleted      BOOLEAN NOT NULL,
    first_seen   TIMESTAMP NOT NULL,
    last_seen    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    ended_at        TIMESTAMP,
    status          VARCHAR NOT NULL,   -- running | ok | failed | crashed
    records_seen    BIGINT DEFAULT 0,   -- records the source sent in this run
    records_new     BIGINT DEFAULT 0,
    records_changed BIGINT DEFAULT 0,
    records_deleted BIGINT DEFAULT 0,
    records_held    BIGINT DEFAULT 0,   -- live records of the source after the run
    pages           BIGINT DEFAULT 0,
    parse_failures  BIGINT DEFAULT 0,
    error           VARCHAR,
    harvest_from    VARCHAR,            -- OAI `from` sent, if any
    response_date   VARCHAR,            -- OAI responseDate of the first page: the next `from`
    harvest_complete BOOLEAN DEFAULT false,
    details         JSON
);

-- Where an unfinished OAI-PMH harvest stands: the token that fetches the next page whose records
-- are not yet stored. A harvest cut off mid-way resumes here instead of starting again.
CREATE TABLE IF NOT EXISTS harvest_checkpoints (
    source        VARCHAR PRIMARY KEY,
    prefix        VARCHAR NOT NULL,
    set_spec      VARCHAR,
    harvest_from  VARCHAR,              -- the `from` of the interrupted harvest (the last good from)
    response_date VARCHAR NOT NULL,     -- its first page's responseDate: the next `from` once done
    token         VARCHAR NOT NULL,
    pages         BIGINT NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- Added after the first release: source health as data.
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS health VARCHAR;         -- ok | moved | dead | failing
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS reconciled BOOLEAN DEFAULT false;

-- What the last run learnt of each HTML record page (conditional GET, warehouse/crawl_state.py):
-- its validators, the record it gave and the links it led to. The next run sends them as
-- If-None-Match / If-Modified-Since; a page that answers 304 is neither downloaded nor parsed:
-- its record stays seen and its links are followed from here.
CREATE TABLE IF NOT EXISTS page_validators (
    source        VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,     -- canonical page URL
    etag          VARCHAR,              -- as the server sent it, quotes and W/ included
    last_modified VARCHAR,              -- HTTP date, as the server sent it
    record_key    VARCHAR NOT NULL,
    links         JSON NOT NULL,        -- the links the crawl followed from the page
    PRIMARY KEY (source, url)
);

-- Where an HTML crawl stopped by its max_runtime stands (crawlers/frontier.py): the requests it
-- had scheduled but not yet answered (pending), and the URLs it had answered (done, so the resumed
-- crawl does not fetch them again). Written when the spider closes, after its records are stored;
-- cleared when a crawl of the source runs to its end.
CREATE TABLE IF NOT EXISTS crawl_frontier (
    source   VARCHAR NOT NULL,
    url      VARCHAR NOT NULL,     -- canonical URL
    state    VARCHAR NOT NULL,     -- pending | done
    callback VARCHAR,              -- pending: the spider method that parses the answer
    meta     JSON,                 -- pending: what the request carried that the callback reads
    PRIMARY KEY (source, url)
);

-- The full text of each full-text URL a record names ("nordcat.fulltext_url", the first one),
-- fetched after its source's crawl (crawlers/spiders/fulltext.py) or re-extracted from the archive
-- by `nordcat reparse`. One row per URL: its latest outcome. A URL not here is fetched on a later
-- run, as is one whose last try met a passing fault (5xx, no answer, robots.txt).
CREATE TABLE IF NOT EXISTS fulltexts (
    source      VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,      -- as the record names it (before any redirect)
    status      VARCHAR NOT NULL,      -- ok | too_large | not_pdf | http_error | extract_failed | skipped
    http_status INTEGER,               -- NULL: no answer (timeout, refused, cut off at the size cap)
    bytes       BIGINT,                -- of the body received
    sha256      VARCHAR,
    pages       INTEGER,
    text        VARCHAR,               -- whitespace normalised, at most 1,000,000 characters
    error       VARCHAR,               -- why it is not ok
    run_id      VARCHAR NOT NULL,      -- the crawl (or reparse) run that wrote the row
    fetched_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (source, url)
);

-- `nordcat reparse` stores a version under its own run, parsed from the archived responses of an
-- earlier run: that run, so an older response never overrides what a later run stored.
ALTER TABLE raw_records ADD COLUMN IF NOT EXISTS parsed_from VARCHAR;

-- Landing files `nordcat load` has ingested (crawlers/landing.py): a file is loaded once, so
-- loading again, or after a job that died half-way, stores nothing twice. `path` is relative to
-- the landing directory; `role`: records | fulltexts | state | fulltext_state | warc | duplicate.
CREATE TABLE IF NOT EXISTS landing_files (
    path       VARCHAR PRIMARY KEY,
    run_id     VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    rows       BIGINT,
    loaded_at  TIMESTAMP NOT NULL
);
