"""The keys of the dc-dict: the metadata shape every record carries from its spider to the
mapping (a dict of key -> list of strings).

Repository keys are DSpace's qualified Dublin Core (`dc.title`, `dc.contributor.author`, …),
spelled as the sources send them and read as strings by pipeline/mapping.py. The `nordcat.*`
keys are ours: what a spider learnt of a record that Dublin Core has no field for. They are
named here once, because the crawlers write them, the pipeline and the warehouse read them, and
SQL reads them as JSON paths (`json_path`).
"""
from __future__ import annotations

URL = "nordcat.url"                    # where a reader sees the record (landing page, transcript)
CANONICAL = "nordcat.canonical"        # the page's own <link rel="canonical">
TEXT = "nordcat.text"                  # running text of a page or transcript, paragraphs kept
FULLTEXT_URL = "nordcat.fulltext_url"  # links to the full text (PDF); the first is fetched
FILE_TYPE = "nordcat.file_type"        # a linked document's extension (pdf, docx, …)
FOUND_ON = "nordcat.found_on"          # the page a linked document was found on
SECTION = "nordcat.section"            # a news site's section of an article
PAGE_COUNT = "nordcat.page_count"      # pages of a transcript
DATE_MODIFIED = "nordcat.date.modified"  # when the source last changed the record
DATE_PUBLISHED = "nordcat.date.published"  # the mapping's last resort for the date of issue (no spider writes it yet)
RELATED_URL = "nordcat.related.url"    # documents a page lists as related (transcripts) or links
RELATED_TITLE = "nordcat.related.title"  # (web pages), with their anchor texts, pairwise
PERSON_ORCID = "nordcat.person.orcid"  # "Family, Given|ORCID" of a person the record names
PERSON_CRISTIN = "nordcat.person.cristin"  # "Family, Given|Cristin person id"

NORDCAT_KEYS = (URL, CANONICAL, TEXT, FULLTEXT_URL, FILE_TYPE, FOUND_ON, SECTION, PAGE_COUNT, DATE_MODIFIED, DATE_PUBLISHED,
                RELATED_URL, RELATED_TITLE, PERSON_ORCID, PERSON_CRISTIN)


def json_path(key: str, index: int = 0) -> str:
    """The DuckDB JSON path of a key's value in a stored dc-dict: '$."nordcat.url"[0]'."""
    return f'$."{key}"[{index}]'
