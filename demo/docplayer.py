"""A docplayer.dk/.me-style transcript site: one page per uploaded document with its text page by
page and a list of related documents.

Contains the two seed transcripts (COWI, Teleplan) in full. Of the 30 related documents each seed
lists, 12 exist here as generated transcripts (the rest answer 404, as dead docplayer links do),
plus five more documents: three uploads of reports that the demo repositories hold (no
identifiers, the title as printed on the cover, so only a fuzzy merge can join them to their
repository records) and two off-topic ones. A few documents are off-topic (working environment,
tourism, pensions, a recipe collection, a football training plan) so a topic filter on related
links matters. Every on-topic document is reachable from the home page through on-topic related
links alone.
"""
import random
import re
from dataclasses import dataclass, field
from html import escape

from demo import corpus, pdf, seeds
from demo.server import PDF, Request, Response, Router, html, redirect, text

COWI_NUMBER = 1374529
TELEPLAN_NUMBER = 21493076
# Indices into each seed's related list that exist on the site, with the theme of their text
# (a corpus theme key, or an off-topic key of OFF_TOPIC_PAGES).
COWI_EXISTING = {0: "csr", 1: "csr", 2: "partnership", 5: "volunteering", 7: "volunteering",
                 9: "partnership", 11: "workplace", 14: "volunteering", 17: "cocreation",
                 22: "partnership", 24: "workplace", 28: "partnership"}
TELEPLAN_EXISTING = {0: "tripartite", 2: "outsourcing", 3: "intermunicipal", 6: "intermunicipal",
                     7: "intermunicipal", 8: "ict", 10: "intermunicipal", 12: "tourism",
                     17: "intermunicipal", 18: "pensions", 22: "tripartite", 26: "outsourcing"}


@dataclass(frozen=True)
class RepositoryCopy:
    """A report of a demo repository as someone uploaded it: the cover's title (capitalised or
    without its subtitle), a cover page with authors, publisher and year, then the abstract."""
    handle: str  # the repository work it copies (demo.works)
    lang: str  # the site language of the page
    title: str
    cover: str
    abstract: str


REPOSITORY_COPIES = [
    RepositoryCopy("11250/93728", "no", "INTERKOMMUNALT SAMARBEID INNEN RENOVASJON I VINJE",
                   "Silje Dahl og Hanne Rønning Research Report 02/2010 Handelshøyskolen BI Oslo 2010",
                   "Rapporten undersøker hvordan interkommunalt samarbeid fungerer i praksis innen "
                   "renovasjon i Vinje. Resultatene viser at tydelig politisk forankring er avgjørende "
                   "for å lykkes."),
    RepositoryCopy("10037/20074", "sv", "IT-samverkan i grundskolan i Jönköping",
                   "Åsa Karlsson och Magnus Andersson Förvaltningshögskolans rapporter 2013:27 "
                   "Göteborgs universitet 2013",
                   "Rapporten undersöker hur IT-samverkan fungerar i praktiken i grundskolan i "
                   "Jönköping. Samverkan har lett till nya arbetssätt och bättre kontakter mellan "
                   "sektorerna."),
    RepositoryCopy("10037/22103", "da",
                   "Corporate Social Responsibility and Local Partnerships in the Nordic Region",
                   "Lise Kjær, Sanna Niemi and Eirik Grønlie TemaNord 2013:542 Nordisk Ministerråd 2013",
                   "How do firms take part in local welfare? The report presents twenty Nordic cases "
                   "where companies, municipalities and NGOs work together on jobs for young people, "
                   "integration and housing estates."),
]
# Documents not named by the seeds and not copies: (language, title, theme).
EXTRA_DOCUMENTS = [
    ("da", "Julefrokost: 24 klassiske opskrifter fra sild til risalamande", "recipes"),
    ("sv", "Träningsprogram för ungdomsfotboll – säsongen 2019", "football"),
]
OFF_TOPIC_PAGES = {
    "workplace": [
        "Et godt psykisk arbejdsmiljø handler om trivsel, indflydelse og mening i arbejdet. "
        "Ledelsen har ansvaret, men medarbejderne skal inddrages i arbejdet med at forebygge "
        "stress.",
        "Kortlæg arbejdsmiljøet Brug trivselsmålingen til at finde de områder, hvor presset er "
        "størst, og aftal konkrete handlinger i arbejdsmiljøgruppen.",
        "Sund kost, pauser og bevægelse i løbet af arbejdsdagen giver færre sygedage. Mange "
        "arbejdspladser har gode erfaringer med frugtordninger og gåmøder.",
    ],
    "tourism": [
        "Reiselivsstrategien peker på naturbasert reiseliv som et av Norges fremste "
        "konkurransefortrinn. Fjellbygdene må samarbeide om helårsturisme for å skape arbeidsplasser.",
        "Rauland har satset på langrenn, fiske og kulturarv. Overnattingstallene har økt med 12 "
        "prosent siden 2008, men sesongen er fortsatt for kort.",
        "Veien videre Vi trenger bedre veier, flere fellesprodukter og en felles "
        "markedsføring av regionen.",
    ],
    "pensions": [
        "Å gå av med pensjon er en stor overgang. Mange savner fellesskapet på jobben og "
        "rytmen i hverdagen.",
        "Planlegg økonomien Sjekk pensjonsopptjeningen din på Norsk Pensjon og snakk med "
        "banken i god tid før du slutter i jobb.",
        "Hold deg aktiv Frivillig arbeid, turlag og seniordans er gode måter å holde kroppen "
        "og hodet i gang på.",
    ],
    "recipes": [
        "Marinerede sild 1 kg saltede sildefileter, 3 dl eddike, 200 g sukker, 1 rødløg, "
        "laurbærblade og hele peberkorn. Udvand sildene i 12 timer.",
        "Flæskesteg med sprød svær Rids sværen, gnid med groft salt og steg ved 200 grader i "
        "1½ time. Hvil stegen i 15 minutter før udskæring.",
        "Risalamande Kog grøden dagen før. Vend den kolde grød med flødeskum, hakkede mandler "
        "og vanilje, og server med varm kirsebærsauce.",
    ],
    "football": [
        "Säsongsplanen för P13 bygger på tre pass i veckan: teknik, spelförståelse och "
        "fysisk träning i lekform.",
        "Uppvärmning 15 minuter med boll, följt av passningsövningar i fyrkant och smålagsspel "
        "3 mot 3.",
        "Matchveckan Lätt träning dagen före match, fokus på fasta situationer och "
        "återhämtning efter matchen.",
    ],
}
LOCAL = {  # docplayer's interface strings per site language
    "da": {"size": "Størrelse: px", "start": "Starte visningen fra side:", "download": "Download",
           "transcript": "Transkript", "related": "Relaterede dokumenter", "more": "Læs mere",
           "pages": "sider", "suffix": "PDF Gratis download", "search": "Søg",
           "home": "Populære dokumenter"},
    "no": {"size": "Størrelse: px", "start": "Begynne med side:", "download": "Download",
           "transcript": "Transkript", "related": "Relaterte dokumenter", "more": "Detaljer",
           "pages": "sider", "suffix": "PDF Gratis nedlasting", "search": "Søk",
           "home": "Populære dokumenter"},
    "sv": {"size": "Storlek: px", "start": "Börja visa från sida:", "download": "Ladda ner",
           "transcript": "Transkription", "related": "Relaterade dokument", "more": "Läs mer",
           "pages": "sidor", "suffix": "PDF Gratis nedladdning", "search": "Sök",
           "home": "Populära dokument"},
}
CORPUS_LANGUAGE = {"da": "da", "no": "nb", "sv": "sv"}
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ä": "a", "ö": "o", "é": "e",
                                 "Æ": "Ae", "Ø": "O", "Å": "Aa", "Ä": "A", "Ö": "O", "ü": "u"})


def slug(title: str) -> str:
    """docplayer's URL slug: transliterated words joined by '-', first letter capital."""
    words = re.findall(r"[A-Za-z0-9]+", title.translate(TRANSLITERATION))[:12]
    joined = "-".join(words).lower()
    return joined[:1].upper() + joined[1:]


@dataclass
class Related:
    number: int
    title: str
    snippet: str

    @property
    def path(self) -> str:
        return f"/{self.number}-{slug(self.title)}.html"


@dataclass
class Transcript:
    number: int
    title: str
    lang: str  # the html lang of the page: "da", "no", "sv"
    pages: list[str]
    on_topic: bool
    related: list[Related] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/{self.number}-{slug(self.title)}.html"

    def as_related(self) -> Related:
        """How other pages list this one: its title, then the opening words."""
        words = self.pages[0].split()
        return Related(self.number, self.title, f"{self.title} {' '.join(words[:28])}")


def build_transcripts() -> list[Transcript]:
    """All transcripts, deterministic; the two seeds first."""
    rng = random.Random("docplayer")
    numbers = _NumberPool(rng, {COWI_NUMBER, TELEPLAN_NUMBER})
    cowi = Transcript(COWI_NUMBER, seeds.COWI_TITLE, "da", seeds.COWI_PAGES, True)
    teleplan = Transcript(TELEPLAN_NUMBER, seeds.TELEPLAN_TITLE, "no", seeds.TELEPLAN_PAGES, True)
    generated, dead = [], []
    for seed, lang, existing, listed in ((cowi, "da", COWI_EXISTING, seeds.COWI_RELATED),
                                         (teleplan, "no", TELEPLAN_EXISTING, seeds.TELEPLAN_RELATED)):
        for index, (title, snippet) in enumerate(listed):
            number = numbers.take()
            seed.related.append(Related(number, title, snippet))
            if index in existing:
                first_page = snippet.removeprefix(title).strip()
                generated.append(_transcript(rng, number, title, lang, existing[index], first_page))
            else:
                dead.append(Related(number, title, snippet))
    for copy in REPOSITORY_COPIES:
        generated.append(Transcript(numbers.take(), copy.title, copy.lang,
                                    [f"{copy.title} {copy.cover}", copy.abstract], True))
    for lang, title, theme in EXTRA_DOCUMENTS:
        generated.append(_transcript(rng, numbers.take(), title, lang, theme, title))
    _link_related(rng, generated, dead)
    return [cowi, teleplan] + generated


class _NumberPool:
    """Unique docplayer document numbers."""

    def __init__(self, rng: random.Random, taken: set[int]):
        self.rng = rng
        self.taken = set(taken)

    def take(self) -> int:
        while True:
            number = self.rng.randint(1_000_000, 99_999_999)
            if number not in self.taken:
                self.taken.add(number)
                return number


def _transcript(rng, number: int, title: str, lang: str, theme: str, first_page: str) -> Transcript:
    if theme in OFF_TOPIC_PAGES:
        return Transcript(number, title, lang, [first_page] + OFF_TOPIC_PAGES[theme], False)
    corpus_lang = CORPUS_LANGUAGE[lang]
    values = corpus.slots(rng, corpus_lang, theme)
    parts = corpus.ABSTRACT_PARTS[corpus_lang]
    deck = [s.format(**values) for part in ("aim", "data", "finding") for s in parts[part]]
    rng.shuffle(deck)  # dealt out without repeats, three sentences to a page
    headings = corpus.HEADINGS[corpus_lang][:rng.randint(3, 4)]
    pages = [first_page] + [f"{heading} {' '.join(deck[3 * i:3 * i + 3])}"
                            for i, heading in enumerate(headings)]
    pages.append(rng.choice(parts["close"]).format(**values))
    return Transcript(number, title, lang, pages, True)


def _link_related(rng: random.Random, documents: list[Transcript], dead: list[Related]) -> None:
    """Related lists for generated documents. On-topic ones form a ring (each lists the next),
    so a crawler that follows only on-topic links still reaches them all; the rest of each list
    mixes same-language documents, a dead link and, now and then, an off-topic document."""
    on_topic = [d for d in documents if d.on_topic]
    off_topic = [d for d in documents if not d.on_topic]
    for position, document in enumerate(on_topic):
        ring_next = on_topic[(position + 1) % len(on_topic)]
        peers = [d for d in on_topic if d.lang == document.lang and d not in (document, ring_next)]
        picks = [ring_next] + rng.sample(peers, min(len(peers), 4))
        if position % 3 == 0:
            picks.append(rng.choice(off_topic))
        document.related = [d.as_related() for d in picks] + [rng.choice(dead)]
    for document in off_topic:
        others = [d for d in off_topic if d is not document]
        document.related = [d.as_related() for d in rng.sample(others, 2)] + [
            rng.choice(on_topic).as_related(), rng.choice(dead)]


class DocplayerSite:
    """Routes: /, /<number>-<slug>.html, /storage/<number>/<number>.pdf, /robots.txt."""

    def __init__(self, pdfs: pdf.PdfCache):
        self.transcripts = build_transcripts()
        self.by_number = {t.number: t for t in self.transcripts}
        self.pdfs = pdfs
        self.router = Router(self.not_found)
        self.router.add("/", self.home)
        self.router.add("/robots.txt", self.robots)
        self.router.add(r"/(?P<number>\d+)-(?P<name>[^/]+)\.html", self.transcript)
        self.router.add(r"/storage/(?P<number>\d+)/(?P=number)\.pdf", self.download)

    def respond(self, request: Request) -> Response:
        return self.router.respond(request)

    def robots(self, request: Request) -> Response:
        return text("User-agent: *\nDisallow: /storage/\n")

    def home(self, request: Request) -> Response:
        featured = self.transcripts[:2] + [t for t in self.transcripts[2:] if t.on_topic][::3][:8]
        items = "".join(f'<li><a href="{t.path}">{escape(t.title)}</a></li>' for t in featured)
        body = f'<h2>{LOCAL["da"]["home"]}</h2><ul class="doc-list">{items}</ul>'
        return html(_page("da", "DocPlayer - Gratis dokumentdeling", body, head=""))

    def transcript(self, request: Request, number: str, name: str) -> Response:
        document = self.by_number.get(int(number))
        if document is None:
            return self.not_found(request)
        if name != slug(document.title):  # docplayer answers any slug with a redirect
            return redirect(document.path)
        return html(_transcript_page(document, request.base_url))

    def download(self, request: Request, number: str) -> Response:
        document = self.by_number.get(int(number))
        if document is None:
            return self.not_found(request)
        body = self.pdfs.get(("docplayer", document.number), lambda: pdf.document(
            document.title, [], [(f"{i}", p) for i, p in enumerate(document.pages, 1)]))
        return Response(200, body, PDF)

    def not_found(self, request: Request) -> Response:
        return html(_page("da", "404 - Siden findes ikke", "<h1>404</h1><p>Siden findes ikke.</p>",
                          head=""), status=404)


def _transcript_page(document: Transcript, base_url: str) -> str:
    words = LOCAL[document.lang]
    title = escape(document.title)
    pages = "".join(f'<div class="page" data-page="{i}"><span class="page-number">{i}</span> '
                    f"{escape(p)}</div>" for i, p in enumerate(document.pages, 1))
    related = "".join(
        f'<li><a class="related-doc" href="{r.path}"><span class="related-title">{escape(r.title)}'
        f'</span></a><span class="related-snippet">{escape(r.snippet)}</span>'
        f'<a class="read-more" href="{r.path}">{words["more"]}</a></li>' for r in document.related)
    download = f"/storage/{document.number}/{document.number}.pdf"
    description = escape(" ".join(document.pages[0].split()[:30]))
    head = (f'<meta name="description" content="{description}">\n'
            f'<meta property="og:title" content="{title}">\n'
            f'<meta property="og:type" content="article">\n'
            f'<meta property="og:url" content="{base_url}{document.path}">\n'
            f'<link rel="canonical" href="{base_url}{document.path}">')
    body = (
        f'<div class="document" itemscope itemtype="http://schema.org/CreativeWork">'
        f'<h1 itemprop="name">{title}</h1>'
        f'<div class="doc-info"><span class="pages-count">{len(document.pages)} {words["pages"]}'
        f"</span></div>"
        f'<div class="viewer-controls"><span class="viewer-size">{words["size"]}</span> '
        f'<label class="viewer-start">{words["start"]} <input type="text" value="1"></label></div>'
        f'<a class="download-btn" href="{download}">{words["download"]} "{title}"</a>'
        f'<div class="transcript"><h2>{words["transcript"]}</h2>{pages}</div>'
        f'<div class="related-docs"><h2>{words["related"]}</h2><ul>{related}</ul></div></div>')
    return _page(document.lang, f'{document.title} - {words["suffix"]}', body, head=head)


def _page(lang: str, title: str, body: str, head: str) -> str:
    words = LOCAL[lang]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head}
</head>
<body>
<div id="header"><a class="logo" href="/">DocPlayer</a>
<form class="search-form" action="/search/" method="get"><input type="text" name="q" placeholder="{words['search']}"><button type="submit">{words['search']}</button></form>
</div>
<div id="content">{body}</div>
<div id="footer"><p>&copy; 2024 DocPlayer</p></div>
</body>
</html>
"""
