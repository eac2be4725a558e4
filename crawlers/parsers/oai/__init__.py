"""OAI-PMH: the protocol parsed, and its metadata formats mapped to the dc-dict.

    envelope.py   the body as XML (strict, else repaired), the envelope, OAIError
    protocol.py   the verbs: ListRecords/GetRecord/ListIdentifiers pages, Identify,
                  ListMetadataFormats, ListSets, resumption tokens, request datestamps
    formats/      one mapper per format family, the registry and the preference order
    tree.py       the lxml helpers they share

The names below are the public API; `from crawlers.parsers import oai` gives them all.
"""
from crawlers.parsers.oai.envelope import OAIError
from crawlers.parsers.oai.formats import PREFERRED_PREFIXES, choose_prefix, to_dc
from crawlers.parsers.oai.protocol import (Identify, OAIPage, OAIRecord, format_datestamp,
                                           parse_identify, parse_metadata_formats, parse_page,
                                           parse_sets, peek_token)
from crawlers.parsers.oai.tree import Metadata

__all__ = ["Identify", "Metadata", "OAIError", "OAIPage", "OAIRecord", "PREFERRED_PREFIXES",
           "choose_prefix", "format_datestamp", "parse_identify", "parse_metadata_formats",
           "parse_page", "parse_sets", "peek_token", "to_dc"]
