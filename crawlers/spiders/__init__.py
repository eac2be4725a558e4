"""One spider per source kind; a source file's `kind` picks its spider."""
from crawlers.spiders.base import SourceSpider
from crawlers.spiders.docplayer import DocplayerSpider
from crawlers.spiders.dspace_html import DspaceHtmlSpider
from crawlers.spiders.nva import NvaSpider
from crawlers.spiders.oai_pmh import OaiPmhSpider
from crawlers.spiders.web import WebSpider

SPIDERS: dict[str, type[SourceSpider]] = {
    spider.kind: spider for spider in (OaiPmhSpider, DspaceHtmlSpider, DocplayerSpider, WebSpider, NvaSpider)
}
