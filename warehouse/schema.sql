-- nordcat warehouse (DuckDB). Raw records are append-only versions with lineage; curated tables
-- are rebuilt by `nordcat build`; crawl_runs is the history and health of every source.

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
    -- its cost per checkpoint (tests/bench.py: the warehouse load is a third of a harvest)
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

-- Curated: one row per work (the catalogue contract), rebuilt deterministically.
CREATE TABLE IF NOT EXISTS documents (
    id            VARCHAR PRIMARY KEY,
    title         VARCHAR,
    authors       JSON,
    year          INTEGER,
    date_issued   VARCHAR,
    language      VARCHAR,
    doc_type      VARCHAR,
    publisher     VARCHAR,
    series        VARCHAR,
    series_number VARCHAR,
    issn          JSON,
    isbn          JSON,
    doi           VARCHAR,
    handle        VARCHAR,
    url           VARCHAR,
    fulltext_url  VARCHAR,
    abstract      VARCHAR,
    subjects      JSON,
    country       VARCHAR,
    sources       JSON,
    first_seen    VARCHAR,
    last_seen     VARCHAR,
    match_rule    VARCHAR,             -- why its records are one work: doi, handle, isbn, url, title+year+authors..., single
    match_score   DOUBLE               -- the weakest link of the merge: 1.0 for identifiers, NULL for one record
);

-- Lineage: which raw record version is part of which work, and which fields it gave.
CREATE TABLE IF NOT EXISTS document_sources (
    document_id VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    record_key  VARCHAR NOT NULL,
    seq         BIGINT NOT NULL,
    url         VARCHAR,
    fields      JSON NOT NULL
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

-- What the last run learnt of each HTML record page (conditional GET, warehouse/page_state.py):
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

-- What each source sends that the mapping reads nowhere (rewritten by every build): a field a
-- source starts sending, or one the mapping forgets, shows here instead of vanishing silently.
CREATE TABLE IF NOT EXISTS unmapped_fields (
    source   VARCHAR NOT NULL,
    field    VARCHAR NOT NULL,          -- the dc-dict key, e.g. dc.description.sponsorship
    records  BIGINT NOT NULL,           -- live records of the source that carry it
    example  VARCHAR,                   -- one of its values, for the reader of the report
    PRIMARY KEY (source, field)
);

-- The related-documents lists of transcript pages as a graph (rewritten by every build): one
-- edge per listed document, with the anchor text, and the work it leads to where we hold it.
CREATE TABLE IF NOT EXISTS document_relations (
    document_id         VARCHAR NOT NULL,   -- the work whose page lists the related document
    source              VARCHAR NOT NULL,
    position            INTEGER NOT NULL,   -- 1-based place in the page's list
    related_url         VARCHAR NOT NULL,   -- canonical URL of the related document
    anchor_text         VARCHAR,
    related_document_id VARCHAR,            -- NULL when the crawl did not follow it (off topic, depth)
    PRIMARY KEY (document_id, source, position)
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

-- The build's cache of each live record as mapped (pipeline/build.py): a build maps only the
-- records whose head, mapping context (source settings, mapping code) or full text changed,
-- and recombines only the works those records are part of. Rows of superseded versions go.
CREATE TABLE IF NOT EXISTS mapped_records (
    seq             BIGINT PRIMARY KEY,     -- the head version it was mapped from
    source          VARCHAR NOT NULL,
    record_key      VARCHAR NOT NULL,
    context         VARCHAR NOT NULL,       -- hash of the source settings and code that mapped it
    fulltext_url    VARCHAR,                -- the record's first "nordcat.fulltext_url"
    fulltext_sha256 VARCHAR,                -- of that full text when the record was mapped
    keys            JSON NOT NULL,          -- match keys ("doi:10.…", "handle:…") for clustering
    unmapped        STRUCT(field VARCHAR, example VARCHAR)[] NOT NULL,
    work            JSON NOT NULL USING COMPRESSION zstd  -- the mapped record (pipeline.mapping.to_work and more)
);

-- Persons named by each work's records (rewritten for the works a build recombines). A build
-- resolves persons and document_persons again for the person keys of the works it recombined
-- or dropped (and the keys an ORCID or Cristin id links to them): pipeline/persons.py.
CREATE TABLE IF NOT EXISTS person_mentions (
    document_id VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,           -- author | editor | advisor
    position    INTEGER,                    -- 1-based in the work's list; NULL: named by another record only
    name        VARCHAR NOT NULL,           -- "Family, Given"
    orcid       VARCHAR,
    cristin_id  VARCHAR,
    person_key  VARCHAR                     -- "vabo|si" (pipeline.persons.person_key)
);

-- One row per person credited by some work (pipeline/persons.py).
CREATE TABLE IF NOT EXISTS persons (
    id         VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,            -- "Family, Given", the most complete spelling met
    family     VARCHAR NOT NULL,
    given      VARCHAR,
    orcid      VARCHAR,
    cristin_id VARCHAR,
    works      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS document_persons (
    document_id VARCHAR NOT NULL,
    person_id   VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,           -- author | editor | advisor
    position    INTEGER NOT NULL,           -- 1-based within the role
    PRIMARY KEY (document_id, role, position)
);

-- Organisations under their canonical names (pipeline/organisations.py), rewritten by every build
-- from document_organisations; `names` keeps the spellings each work's records used.
CREATE TABLE IF NOT EXISTS document_organisations (
    document_id     VARCHAR NOT NULL,
    organisation_id VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,       -- publisher | author | affiliation | partner
    name            VARCHAR NOT NULL,       -- as a record wrote it
    PRIMARY KEY (document_id, organisation_id, role)
);

CREATE TABLE IF NOT EXISTS organisations (
    id      VARCHAR PRIMARY KEY,
    name    VARCHAR NOT NULL,
    country VARCHAR,
    aliases JSON NOT NULL,                  -- listed aliases and the spellings met, sorted
    works   INTEGER NOT NULL
);

-- What the works' texts say (pipeline/build.py: language.py, places.py, topics.py, cases.py on
-- each record's title, abstract and running text; cached with the record's mapping).
CREATE TABLE IF NOT EXISTS document_places (
    document_id VARCHAR NOT NULL,
    place_code  VARCHAR NOT NULL,           -- kommunenummer, kommunekode, kommunkod, kuntanumero, fylke/län code
    country     VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    lat         DOUBLE,
    lon         DOUBLE,
    PRIMARY KEY (document_id, country, place_code)
);

CREATE TABLE IF NOT EXISTS document_topics (
    document_id VARCHAR NOT NULL,
    topic       VARCHAR NOT NULL,           -- concept id of pipeline/data/topics.yml
    PRIMARY KEY (document_id, topic)
);

CREATE TABLE IF NOT EXISTS cases (
    id           VARCHAR PRIMARY KEY,       -- "<document id>-<n>", n from 1 in text order
    document_id  VARCHAR NOT NULL,
    name         VARCHAR,
    description  VARCHAR NOT NULL,
    model        VARCHAR,                   -- key of pipeline/data/cooperation_models.yml
    period       VARCHAR,
    target_group VARCHAR,
    outcomes     JSON NOT NULL,
    place_code   VARCHAR,                   -- the first municipality the case names
    place_name   VARCHAR,
    country      VARCHAR,
    lat          DOUBLE,
    lon          DOUBLE,
    method       VARCHAR NOT NULL,
    confidence   DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS case_partners (
    case_id         VARCHAR NOT NULL,
    document_id     VARCHAR NOT NULL,       -- the case's work, so that a build drops both together
    position        INTEGER NOT NULL,
    name            VARCHAR NOT NULL,
    organisation_id VARCHAR NOT NULL,
    sector          VARCHAR NOT NULL,       -- public | private | civil_society | unknown
    role            VARCHAR,                -- owner | host | funder, where the text says so
    PRIMARY KEY (case_id, position)
);

-- Added with the fuzzy merge: how strong the weakest link of a work's merge is.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS match_score DOUBLE;
