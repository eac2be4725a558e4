"""Every parser of the crawlers: pure functions of a fetched body (no Scrapy, no network, no
warehouse), so that archived responses parse again offline (`nordcat reparse`) and tests run
on recorded samples. Each gives the dc-dict (nordcat/dc.py) of what it reads.

Kind / format                          Module
-------------------------------------  -----------------------------------------------------
oai-pmh: the protocol                  oai/protocol.py   ListRecords/GetRecord/ListIdentifiers
                                                         pages, Identify, ListMetadataFormats,
                                                         ListSets, resumption tokens, datestamps
         the envelope, XML repair      oai/envelope.py   (OAIError)
         format registry, preference   oai/formats/__init__.py  (to_dc, choose_prefix)
         oai_dc, qdc                   oai/formats/dublin_core.py
         dim (+ Simple Archive Format) oai/formats/dim.py
         xoai                          oai/formats/xoai.py
         kk (+ kk:file links)          oai/formats/kk.py
         mods, swepub_mods             oai/formats/mods.py
         ddf-mxd (Pure)                oai/formats/ddf_mxd.py
         shared lxml helpers           oai/tree.py
nva: NVA publication JSON              nva.py
dspace-html: item and listing pages    html/dspace_html.py
docplayer: transcripts, home page      html/docplayer.py
web: articles and organisation pages   html/article.py
     documents linked from a page      html/documents.py
     sitemaps, RSS/Atom feeds          html/feeds.py
HTML pages: PageRecord and helpers     html/common.py

`crawlers.parsers.oai` re-exports the OAI-PMH API (parse_page, to_dc, OAIError, ...).
"""
