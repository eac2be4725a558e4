"""A Danish news site in the style of Impact Insider: articles with JSON-LD NewsArticle,
OpenGraph, a byline and "Mere du kan læse:" teasers; sitemap.xml, an RSS feed, a search page and
an editors' area that robots.txt closes.

Holds the seed 001 article in full, the four articles its teasers point to, and 25 generated
articles. Dates, bylines and the bodies of the teaser articles are the demo's own invention.
"""
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import escape

from demo import corpus, seeds
from demo.server import Request, Response, Router, XML, html, text

CET = timezone(timedelta(hours=1))
PUBLISHER = "Impact Insider"
SECTIONS = ["Civilsamfund", "Frivillighed", "CSR", "Socialøkonomi", "Kommuner", "Partnerskaber"]
FOOTER_ADDRESS = ("Foreningen Impact Insider", "Lygten 39", "2400 København NV", "CVR: 42681709")


@dataclass
class Article:
    slug: str
    title: str
    description: str
    section: str
    author: str
    published: datetime
    modified: datetime
    blocks: list[tuple[str, str]]  # ("p" | "h2" | "caption", text)
    teasers: list[tuple[str, str]] = field(default_factory=list)  # (slug, teaser text)

    @property
    def path(self) -> str:
        return f"/artikel/{self.slug}"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CET)


def seed_article() -> Article:
    blocks = [("p", seeds.REFORM_ARTICLE_LEAD), ("caption", seeds.REFORM_ARTICLE_CAPTION)]
    for heading, paragraph in seeds.REFORM_ARTICLE_SECTIONS:
        blocks += [("h2", heading), ("p", paragraph)]
    return Article(
        slug="reformkommissionens-6-principper-for-samarbejdet-mellem-kommuner-og-civilsamfund",
        title=seeds.REFORM_ARTICLE_TITLE, description=seeds.REFORM_ARTICLE_LEAD,
        section="Civilsamfund", author="Signe Dalgaard", published=_at("2024-01-15T07:30:00"),
        modified=_at("2024-01-16T09:12:00"), blocks=blocks,
    )


# The articles the seed's four teasers lead to: (slug, title, section, full description, body).
TEASER_ARTICLES = [
    ("herreklub-i-ejby-giver-maend-nye-faellesskaber",
     "Ny herreklub i Ejby giver mænd et sted at mødes", "Frivillighed",
     "Ensomhed er et stigende problem i Danmark, og mange mænd står uden nære relationer. Derfor "
     "har Karsten Kjær startet en lokal herreklub i Ejby, hvor mænd mødes om værkstedsarbejde, "
     "ture og en kop kaffe.",
     ["Klubben mødes hver tirsdag i et lånt lokale ved idrætshallen, og deltagerne er mellem 58 "
      "og 84 år.",
      "Herreklubben er bygget op af frivillige og får et mindre tilskud fra kommunens pulje til "
      "frivilligt socialt arbejde. Flere af medlemmerne er kommet med efter en opfordring fra "
      "hjemmeplejen.",
      "Ifølge Ensomhedsbarometeret er mænd over 65 år en af de grupper, der sjældnest søger hjælp, "
      "når de føler sig alene."]),
    ("dagtilbud-halter-for-boern-fra-udsatte-hjem",
     "VIVE: Kvaliteten i dagtilbud halter for børn fra udsatte hjem", "Kommuner",
     "Forskning viser, at gode dagtilbud kan have en positiv betydning for særligt børn fra "
     "udsatte hjem. Men ifølge en national undersøgelse fra VIVE halter kvaliteten mange steder, "
     "og det rammer de børn, der har mest brug for den.",
     ["Undersøgelsen bygger på observationer i et repræsentativt udsnit af landets daginstitutioner.",
      "Særligt samspillet mellem voksne og børn og den sproglige stimulering varierer meget mellem "
      "institutionerne.",
      "Flere kommuner har sat gang i partnerskaber med lokale foreninger om læsning og bevægelse, "
      "men indsatsen er spredt."]),
    ("nye-fortaellinger-om-diversitet-og-inklusion",
     "Diversitet kræver nye fortællinger og nye målemetoder", "CSR",
     "Det kræver nye fortællinger og nye målemetoder, hvis organisationer skal rykke på "
     "diversitet, lighed og inklusion, mener Moussa Mchangama, som er medstifter af virksomheden "
     "bag en række programmer for inkluderende ledelse.",
     ["Mange virksomheder måler i dag kun kønsfordelingen i ledelsen, mens andre former for "
      "mangfoldighed sjældent bliver gjort op.",
      "Artiklen ser på, hvordan virksomheder og kommuner kan samarbejde om rekruttering og om "
      "mentorordninger for unge med minoritetsbaggrund."]),
    ("fra-faengsel-til-faellesskab-i-recovery-bulls",
     "Fra fængsel til fællesskab: Frivillig forening hjalp Theis videre", "Frivillighed",
     "Theis har været syv år i fængsel for grov kriminalitet. Først da han kom ind i den "
     "frivillige organisation Recovery Bulls, kunne han lægge det gamle liv bag sig.",
     ["Recovery Bulls bruger træning og faste fællesskaber til at hjælpe tidligere indsatte og "
      "misbrugere videre.",
      "Foreningen samarbejder med kriminalforsorgen og flere kommuner, som henviser borgere til "
      "træningsholdene.",
      "Organisationen efterlyser en fast finansiering, så indsatsen ikke afhænger af projektmidler "
      "fra år til år."]),
]

HEADLINES = [
    "{place} Kommune vil styrke samarbejdet med frivillige foreninger",
    "Ny rapport: {Theme} kræver politisk ejerskab",
    "Virksomheder i {place} går sammen om job til udsatte unge",
    "{place} afprøver {theme} på ældreområdet",
    "Socialøkonomisk virksomhed i {place} har skabt {n} job",
    "Sådan lykkes {place} med {theme}",
    "Frivilligcenter i {place}: Vi mangler faste rammer for samarbejdet med kommunen",
    "Forsker: {Theme} er ingen genvej til besparelser",
    "{place} samler virksomheder og foreninger i nyt partnerskab om sundhed",
    "Borgmester i {place}: Vi skal være netværksfacilitator, ikke kun leverandør",
]
LEADS = [
    "{place} Kommune har indgået aftaler med {n} lokale virksomheder og foreninger om at skabe "
    "flere fællesskaber for borgere i udsatte boligområder.",
    "Ifølge en ny kortlægning arbejder mere end halvdelen af landets kommuner nu med {theme} i en "
    "eller anden form.",
    "I {place} skal {theme} give borgerne bedre hjælp og kommunen nye samarbejdspartnere.",
]
PARAGRAPHS = [
    '"Vi kan ikke løse opgaverne alene. Derfor er partnerskaberne med civilsamfundet afgørende," '
    "siger {person}, {role} i {place} Kommune.",
    "Erfaringerne fra de første år viser, at samarbejdet kræver tid, tillid og en fast "
    "kontaktperson i forvaltningen.",
    "Kritikere peger på, at frivillige ikke må blive en erstatning for faglært personale, og at "
    "opgavefordelingen skal være klar fra starten.",
    "{person} fra den lokale frivilligforening fremhæver, at de frivillige skal opleve, at deres "
    "indsats gør en forskel for borgerne.",
    "Projektet evalueres af en ekstern konsulent, og resultaterne ventes at ligge klar næste år.",
    "Virksomhederne bidrager med praktikpladser, mentorer og lokaler, mens kommunen står for "
    "visitation og koordinering.",
]
ROLES = ["formand for social- og sundhedsudvalget", "direktør for Børn og Unge", "borgmester",
         "frivilligkoordinator", "projektleder", "chef for Job og Arbejdsmarked"]


def generated_articles(count: int = 25) -> list[Article]:
    rng = random.Random("impactinsider")
    titles: set[str] = set()
    start = datetime(2021, 9, 1, 6, 0, tzinfo=CET)
    articles = []
    for index in range(count):
        theme = rng.choice(list(corpus.THEMES))
        values = corpus.slots(rng, "da", theme) | {"role": rng.choice(ROLES)}
        values["person"] = " ".join(reversed(corpus.person(rng, "da").split(", ")))
        title = rng.choice(HEADLINES).format(**values)
        while title in titles:
            values |= corpus.slots(rng, "da", theme)
            title = rng.choice(HEADLINES).format(**values)
        titles.add(title)
        paragraphs = [p.format(**values) for p in [rng.choice(LEADS)] + rng.sample(PARAGRAPHS, 4)]
        published = start + timedelta(days=index * 52 + rng.randint(0, 20), hours=rng.randint(0, 9))
        articles.append(Article(
            slug=_slug(title), title=title, description=paragraphs[0],
            section=rng.choice(SECTIONS),
            author=" ".join(reversed(corpus.person(rng, "da").split(", "))),
            published=published, modified=published + timedelta(hours=rng.randint(1, 72)),
            blocks=[("p", p) for p in paragraphs],
        ))
    return articles


def build_articles() -> list[Article]:
    """All 30 published articles, newest first; each gets four "Mere du kan læse" teasers."""
    seed = seed_article()
    articles = [seed] + generated_articles()
    for position, (slug, title, section, description, body) in enumerate(TEASER_ARTICLES):
        published = seed.published - timedelta(days=3 + position * 4, hours=position)
        articles.append(Article(slug, title, description, section, "Signe Dalgaard", published,
                                published, [("p", description)] + [("p", p) for p in body]))
    articles.sort(key=lambda a: a.published, reverse=True)
    seed.teasers = list(zip((t[0] for t in TEASER_ARTICLES), seeds.REFORM_ARTICLE_TEASERS))
    for position, article in enumerate(articles):
        if article is not seed:
            others = [articles[(position + step) % len(articles)] for step in (1, 2, 3, 4)]
            article.teasers = [(o.slug, _teaser(o.description)) for o in others]
    return articles


DRAFTS = [  # unpublished articles in the editors' area
    ("kladde-ny-frivillighedsstrategi", "KLADDE: Regeringen klar med ny frivillighedsstrategi"),
    ("kladde-partnerskabspris-2025", "KLADDE: Her er de nominerede til Partnerskabsprisen"),
]


class NewsSite:
    """Routes: /, /artikel/<slug>, /sitemap.xml, /feed.xml, /soeg, /admin/..., /robots.txt."""

    def __init__(self):
        self.articles = build_articles()
        self.by_slug = {a.slug: a for a in self.articles}
        self.router = Router(self.not_found)
        self.router.add("/", self.home)
        self.router.add("/robots.txt", self.robots)
        self.router.add("/sitemap.xml", self.sitemap)
        self.router.add("/feed.xml", self.feed)
        self.router.add("/soeg", self.search)
        self.router.add("/artikel/(?P<slug>[a-z0-9-]+)", self.article)
        self.router.add("/admin/?", self.admin)
        self.router.add("/admin/(?P<slug>kladde-[a-z0-9-]+)", self.draft)

    def respond(self, request: Request) -> Response:
        return self.router.respond(request)

    def robots(self, request: Request) -> Response:
        return text(f"User-agent: *\nDisallow: /admin/\nDisallow: /soeg\n\n"
                    f"Sitemap: {request.base_url}/sitemap.xml\n")

    def sitemap(self, request: Request) -> Response:
        urls = "".join(f"<url><loc>{request.base_url}{a.path}</loc>"
                       f"<lastmod>{a.modified.isoformat()}</lastmod></url>" for a in self.articles)
        return text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                    f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>', XML)

    def feed(self, request: Request) -> Response:
        items = "".join(
            f"<item><title>{escape(a.title)}</title><link>{request.base_url}{a.path}</link>"
            f'<guid isPermaLink="true">{request.base_url}{a.path}</guid>'
            f"<pubDate>{_rfc822(a.published)}</pubDate><category>{escape(a.section)}</category>"
            f"<description>{escape(a.description)}</description></item>"
            for a in self.articles[:20])
        return text('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                    f"<title>{PUBLISHER}</title><link>{request.base_url}/</link>"
                    "<description>Nyheder om civilsamfund, CSR og partnerskaber</description>"
                    f"<language>da</language>{items}</channel></rss>",
                    "application/rss+xml; charset=utf-8")

    def home(self, request: Request) -> Response:
        teasers = "".join(_teaser_block(a.path, a.title, _teaser(a.description))
                          for a in self.articles[:12])
        return html(_page(request, PUBLISHER, f'<section class="front">{teasers}</section>'))

    def article(self, request: Request, slug: str) -> Response:
        article = self.by_slug.get(slug)
        if article is None:
            return self.not_found(request)
        return html(_page(request, article.title, _article_body(article),
                          head=_article_head(article, request.base_url)))

    def search(self, request: Request) -> Response:
        query = (request.arg("q") or "").lower()
        hits = [a for a in self.articles if query and query in a.title.lower()]
        body = "".join(_teaser_block(a.path, a.title, _teaser(a.description)) for a in hits)
        return html(_page(request, "Søg", f"<h1>Søgeresultater</h1>{body}"))

    def admin(self, request: Request) -> Response:
        drafts = "".join(f'<li><a href="/admin/{slug}">{escape(title)}</a></li>'
                         for slug, title in DRAFTS)
        return html(_page(request, "Redaktion", f"<h1>Redaktionens kladder</h1><ul>{drafts}</ul>"))

    def draft(self, request: Request, slug: str) -> Response:
        title = dict(DRAFTS).get(slug)
        if title is None:
            return self.not_found(request)
        body = f"<article><h1>{escape(title)}</h1><p>Ikke udgivet. Må ikke deles.</p></article>"
        return html(_page(request, title, body))

    def not_found(self, request: Request) -> Response:
        return html(_page(request, "Siden findes ikke", "<h1>Siden findes ikke</h1>"), status=404)


def _slug(title: str) -> str:
    plain = title.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def _teaser(description: str, limit: int = 150) -> str:
    if len(description) <= limit:
        return description
    return description[:limit].rsplit(" ", 1)[0] + "..."


def _rfc822(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S %z")


def _teaser_block(path: str, title: str, teaser: str) -> str:
    return (f'<div class="teaser"><span class="label">Artikel</span>'
            f'<h3><a href="{path}">{escape(title)}</a></h3><p>{escape(teaser)}</p></div>')


def _article_head(article: Article, base_url: str) -> str:
    url = base_url + article.path
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "description": article.description, "datePublished": article.published.isoformat(),
        "dateModified": article.modified.isoformat(), "inLanguage": "da",
        "articleSection": article.section, "mainEntityOfPage": url,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": PUBLISHER},
    }
    metas = [("property", "og:title", article.title), ("property", "og:type", "article"),
             ("property", "og:url", url), ("property", "og:description", article.description),
             ("property", "og:site_name", PUBLISHER),
             ("property", "article:published_time", article.published.isoformat()),
             ("property", "article:modified_time", article.modified.isoformat()),
             ("property", "article:section", article.section), ("name", "author", article.author),
             ("name", "description", article.description)]
    tags = [f'<meta {kind}="{name}" content="{escape(value)}">' for kind, name, value in metas]
    return (f'<link rel="canonical" href="{url}">\n' + "\n".join(tags) +
            '\n<script type="application/ld+json">' +
            json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>")


def _article_body(article: Article) -> str:
    parts = []
    for kind, value in article.blocks:
        if kind == "caption":
            parts.append(f"<figure><figcaption>{escape(value)}</figcaption></figure>")
        else:
            parts.append(f"<{kind}>{escape(value)}</{kind}>")
    teasers = "".join(f'<div class="teaser"><span class="label">Artikel</span>'
                      f'<a href="/artikel/{slug}"><p>{escape(teaser)}</p></a></div>'
                      for slug, teaser in article.teasers)
    published = article.published.isoformat()
    return (f'<span class="label">Artikel</span><article><h1>{escape(article.title)}</h1>'
            f'<div class="meta"><span class="byline">Af {escape(article.author)}</span> '
            f'<time datetime="{published}">{article.published:%d.%m.%Y}</time></div>'
            f'<div class="article-body">{"".join(parts)}</div></article>'
            f'<aside class="related"><h2>Mere du kan læse:</h2>{teasers}</aside>')


def _page(request: Request, title: str, body: str, head: str = "") -> str:
    name, street, city, cvr = FOOTER_ADDRESS
    sections = "".join(f"<li>{escape(s)}</li>" for s in SECTIONS)
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {PUBLISHER}</title>
{head}
</head>
<body>
<header class="site-header">
<a class="logo" href="/">{PUBLISHER}</a>
<ul class="sections">{sections}</ul>
<div class="social"><span>Connect with us</span></div>
<form class="search" action="/soeg" method="get"><label>Hvad søger du?<input type="search" name="q"></label></form>
<a class="popular-search" href="/soeg?q=partnerskab">Populært: partnerskab</a>
</header>
<main>{body}</main>
<footer class="site-footer">
<address>{name}<br>{street}<br>{city}<br>{cvr}</address>
<p>Ansv. Chefredaktør<br>Carsten Terp</p>
<p>Copyright &copy; {PUBLISHER}</p>
<a class="editor-login" href="/admin/">Redaktionslogin</a>
</footer>
</body>
</html>
"""
