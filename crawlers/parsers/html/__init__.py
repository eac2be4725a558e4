"""Page extractors: pure functions of (body, url) that give a PageRecord (common.py) with the
page's dc-dict and the links to follow; see crawlers/parsers/__init__.py for which is which."""
