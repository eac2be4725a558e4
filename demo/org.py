"""A Norwegian trade-union site in the style of Fagforbundet: theme pages under /tema/<slug>/
(bokmål, two in nynorsk) with a Last-Modified header and the site's name as og:site_name, some
linking real PDF documents under /globalassets/dokumenter/, which the crawl records as works of
their own. Holds the seed 002 page "Veileder i trepartssamarbeid" in full; the other pages are
written for the demo.
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape

from demo import pdf, seeds
from demo.server import PDF, Request, Response, Router, XML, html, http_date, text


@dataclass(frozen=True)
class ThemePage:
    slug: str
    title: str
    lang: str  # "no" or "nn"
    modified: str  # ISO date of the last edit
    blocks: tuple[tuple[str, str], ...]  # ("p" | "h2", text)
    keywords: tuple[str, ...]
    documents: tuple[tuple[str, str], ...] = ()  # (pdf slug, link text)

    @property
    def path(self) -> str:
        return f"/tema/{self.slug}/"

    @property
    def description(self) -> str:
        return self.blocks[0][1]

    @property
    def last_modified(self) -> datetime:
        return datetime.fromisoformat(self.modified).replace(hour=9, tzinfo=timezone.utc)


def _p(*paragraphs: str) -> tuple[tuple[str, str], ...]:
    """Blocks from strings; a string starting with '## ' is a subheading."""
    return tuple(("h2", s[3:]) if s.startswith("## ") else ("p", s) for s in paragraphs)


PAGES = [
    ThemePage("veileder-i-trepartssamarbeid", seeds.TREPART_TITLE, "no", "2015-03-10",
              tuple(seeds.TREPART_BLOCKS), ("trepartssamarbeid", "omstilling", "kommune"),
              (("veileder-i-trepartssamarbeid", "Veileder i trepartssamarbeid (PDF)"),)),
    ThemePage("trepartssamarbeid", "Trepartssamarbeid i kommunene", "no", "2019-08-22", _p(
        "Trepartssamarbeid betyr at folkevalgte, administrasjonen og de tillitsvalgte samarbeider "
        "om å utvikle kommunale tjenester. Modellen bygger på tillit og likeverd mellom partene.",
        "## Hvorfor trepartssamarbeid?",
        "Erfaringer fra kommuner som Lunner og Øvre Eiker viser at ansatte som får være med på å "
        "utvikle tjenestene, bidrar med kunnskap som gir bedre kvalitet for innbyggerne. "
        "Samarbeidet er også et alternativ til konkurranseutsetting og privatisering.",
        "## Slik kommer dere i gang",
        "Start med en felles forståelse av utfordringene. Lag en skriftlig avtale om mål, roller og "
        "møteplasser, og sett av tid til opplæring av politikere, ledere og tillitsvalgte."),
        ("trepartssamarbeid", "partssamarbeid"),
        (("trepartssamarbeid-kortversjon", "Trepartssamarbeid – kortversjon (PDF)"),)),
    ThemePage("kvalitetskommuneprogrammet", "Kvalitetskommuneprogrammet 2007–2010", "no",
              "2014-11-05", _p(
        "Kvalitetskommuneprogrammet var et samarbeid mellom staten, KS og "
        "arbeidstakerorganisasjonene om kvalitet i tjenestene og lavere sykefravær i kommunene. "
        "136 kommuner deltok.",
        "## Resultater",
        "Sluttevalueringen viser at kommunene som la vekt på partssamarbeid på arbeidsplassnivå, "
        "fikk de beste resultatene. Sykefraværet gikk ned i mange av kommunene, men effekten "
        "varierte."),
        ("kvalitet", "sykefravær", "partssamarbeid"),
        (("sluttrapport-kvalitetskommuneprogrammet",
          "Sluttrapport fra Kvalitetskommuneprogrammet (PDF)"),)),
    ThemePage("saman-om-ein-betre-kommune", "Saman om ein betre kommune", "nn", "2016-02-18", _p(
        "Saman om ein betre kommune var eit program for fornying og innovasjon i kommunane, drive "
        "av KS, arbeidstakarorganisasjonane og Kommunal- og moderniseringsdepartementet frå 2012 "
        "til 2015.",
        "## Tema i programmet",
        "Kommunane arbeidde med sjukefråvær, heiltidskultur, kompetanse og omdømme. Arbeidet bygde "
        "på trepartssamarbeid mellom folkevalde, leiinga og dei tillitsvalde.",
        "## Erfaringar",
        "Kommunane som lukkast, hadde forankra arbeidet i kommunestyret og sett av tid til at dei "
        "tilsette kunne delta."),
        ("trepartssamarbeid", "innovasjon")),
    ThemePage("heiltidskultur", "Heiltidskultur i helse og omsorg", "nn", "2021-05-03", _p(
        "Mange tilsette i helse- og omsorgstenestene arbeider deltid mot sin vilje. Fagforbundet "
        "krev at heile, faste stillingar skal vere hovudregelen i kommunane.",
        "## Kva kan tillitsvalde gjere?",
        "Tillitsvalde kan krevje drøftingar om turnus og bemanning, og bruke trepartssamarbeid for "
        "å prøve ut nye turnusordningar med lengre vakter og fleire heile stillingar."),
        ("heiltid", "turnus"),
        (("heiltid-handbok", "Handbok for heiltidskultur (PDF)"),)),
    ThemePage("konkurranseutsetting", "Konkurranseutsetting av offentlige tjenester", "no",
              "2022-09-14", _p(
        "Konkurranseutsetting betyr at kommunen lar private selskaper konkurrere om å levere "
        "tjenester som kommunen selv har drevet. Fagforbundet mener erfaringene viser at "
        "konkurranseutsetting ofte gir dårligere lønns- og arbeidsvilkår uten at tjenestene blir "
        "bedre.",
        "## Dette bør tillitsvalgte vite",
        "Ved virksomhetsoverdragelse har de ansatte rett til å følge med over til ny "
        "arbeidsgiver, men retten til tariffavtale og pensjon kan bli svekket. Krev at "
        "konsekvensene utredes før vedtak fattes."),
        ("konkurranseutsetting", "privatisering", "anbud"),
        (("faktaark-konkurranseutsetting", "Faktaark om konkurranseutsetting (PDF)"),)),
    ThemePage("rekommunalisering", "Rekommunalisering – når tjenestene tas tilbake", "no",
              "2023-01-26", _p(
        "Stadig flere kommuner tar tjenester tilbake i egen regi etter at kontrakter med private "
        "leverandører har gått ut. Renovasjon, renhold og sykehjem er blant tjenestene som er "
        "rekommunalisert.",
        "## Erfaringer",
        "Kommunene oppgir bedre kontroll med kvaliteten og bedre arbeidsvilkår som viktige "
        "grunner. Overgangen krever planlegging, særlig ved innkjøp av utstyr og overtakelse av "
        "ansatte."),
        ("rekommunalisering", "renovasjon")),
    ThemePage("interkommunale-selskaper", "Tillitsvalgte i interkommunale selskaper", "no",
              "2018-04-09", _p(
        "Når kommuner samarbeider gjennom interkommunale selskaper (IKS) eller "
        "vertskommuneordninger, endres arbeidsgiveransvaret. Det stiller nye krav til de "
        "tillitsvalgte.",
        "## Medbestemmelse på tvers av kommunegrensene",
        "Sørg for at de ansatte er representert i styret, og at selskapsavtalen sikrer "
        "tariffavtale og pensjonsordning. Etabler et felles tillitsvalgtforum for de samarbeidende "
        "kommunene."),
        ("interkommunalt samarbeid", "IKS", "vertskommune")),
    ThemePage("offentlig-privat-samarbeid", "Offentlig-privat samarbeid (OPS)", "no", "2017-06-30",
              _p(
        "I et OPS-prosjekt finansierer, bygger og drifter et privat selskap for eksempel en skole "
        "eller et sykehjem over en lang kontraktsperiode. Kommunen betaler en årlig leie.",
        "## Risiko for kommunene",
        "Lange kontrakter binder opp kommunens økonomi og gjør det vanskelig å endre tjenestene "
        "underveis. Fagforbundet anbefaler at kommunene sammenligner OPS med tradisjonell "
        "finansiering før de bestemmer seg."),
        ("OPS", "offentlig-privat samarbeid")),
    ThemePage("omstilling-og-medbestemmelse", "Omstilling og medbestemmelse", "no", "2024-02-12",
              _p(
        "Hovedavtalen gir de tillitsvalgte rett til å bli involvert tidlig i omstillingsprosesser. "
        "Det gjelder omorganisering, nedbemanning og innføring av ny teknologi.",
        "## Digitalisering",
        "Når kommuner innfører nye digitale løsninger, for eksempel gjennom interkommunale "
        "IKT-samarbeid, skal konsekvensene for de ansatte drøftes før beslutningene tas."),
        ("omstilling", "medbestemmelse", "IKT"),
        (("sjekkliste-omstilling", "Sjekkliste for omstilling (PDF)"),)),
    ThemePage("kommunesammenslaing", "Kommunesammenslåing – rettigheter for ansatte", "no",
              "2016-10-20", _p(
        "Ved sammenslåing av kommuner skal de ansatte ivaretas gjennom partssammensatte utvalg og "
        "en egen omstillingsavtale.",
        "## Dette må på plass",
        "Avtalen bør sikre at ingen sies opp som følge av sammenslåingen, og at lønns- og "
        "arbeidsvilkår harmoniseres oppover."),
        ("kommunereform", "omstilling")),
    ThemePage("frivillighet-i-omsorgen", "Frivillighet i helse og omsorg – hvor går grensen?", "no",
              "2020-11-11", _p(
        "Frivillige gjør en viktig innsats i kommunene, for eksempel gjennom frivilligsentraler og "
        "besøksvenntjenester. Men frivillig innsats skal komme i tillegg til, ikke i stedet for, "
        "faste ansatte.",
        "## Samarbeid med frivilligsentralene",
        "Fagforbundet anbefaler at kommunene lager en frivillighetspolitikk i samarbeid med de "
        "tillitsvalgte, slik at oppgavefordelingen mellom ansatte og frivillige er tydelig."),
        ("frivillighet", "omsorg")),
]


class OrgSite:
    """Routes: /, /tema/, /tema/<slug>/, /globalassets/dokumenter/<slug>.pdf, /sitemap.xml,
    /robots.txt, and the robots-closed /sok and /tillitsvalgtportalen/."""

    def __init__(self, pdfs: pdf.PdfCache):
        self.pages = {p.slug: p for p in PAGES}
        self.documents = {doc: (page, title) for page in PAGES for doc, title in page.documents}
        self.pdfs = pdfs
        self.router = Router(self.not_found)
        self.router.add("/", self.index)
        self.router.add("/tema/", self.index)
        self.router.add("/robots.txt", self.robots)
        self.router.add("/sitemap.xml", self.sitemap)
        self.router.add("/tema/(?P<slug>[a-z0-9-]+)/", self.page)
        self.router.add("/globalassets/dokumenter/(?P<slug>[a-z0-9-]+)\\.pdf", self.document)
        self.router.add("/(?:sok|tillitsvalgtportalen/)", self.closed_area)

    def respond(self, request: Request) -> Response:
        return self.router.respond(request)

    def robots(self, request: Request) -> Response:
        return text("User-agent: *\nDisallow: /sok\nDisallow: /tillitsvalgtportalen/\n\n"
                    f"Sitemap: {request.base_url}/sitemap.xml\n")

    def sitemap(self, request: Request) -> Response:
        urls = "".join(f"<url><loc>{request.base_url}{p.path}</loc><lastmod>{p.modified}</lastmod>"
                       "</url>" for p in PAGES)
        return text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                    f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>', XML)

    def index(self, request: Request) -> Response:
        links = "".join(f'<li><a href="{p.path}">{escape(p.title)}</a></li>' for p in PAGES)
        return html(_page("no", "Tema", "Fagforbundets temasider",
                          f'<h1>Tema</h1><ul class="theme-list">{links}</ul>'))

    def page(self, request: Request, slug: str) -> Response:
        theme = self.pages.get(slug)
        if theme is None:
            return self.not_found(request)
        response = html(_page(theme.lang, theme.title, theme.description, _main(theme)))
        response.headers["Last-Modified"] = http_date(theme.last_modified)
        return response

    def document(self, request: Request, slug: str) -> Response:
        if slug not in self.documents:
            return self.not_found(request)
        theme, title = self.documents[slug]
        body = self.pdfs.get(("org", slug), lambda: pdf.document(
            title.removesuffix(" (PDF)"), ["Fagforbundet"],
            [(value, "") if kind == "h2" else ("", value) for kind, value in theme.blocks],
            theme.lang))
        return Response(200, body, PDF, {"Last-Modified": http_date(theme.last_modified)})

    def closed_area(self, request: Request) -> Response:
        return html(_page("no", "Logg inn", "Innlogging", "<h1>Logg inn</h1><p>Krever innlogging.</p>"))

    def not_found(self, request: Request) -> Response:
        return html(_page("no", "Fant ikke siden", "", "<h1>Fant ikke siden</h1>"), status=404)


def _main(theme: ThemePage) -> str:
    body = "".join(f"<{kind}>{escape(value)}</{kind}>" for kind, value in theme.blocks)
    documents = "".join(f'<li><a href="/globalassets/dokumenter/{slug}.pdf">{escape(title)}</a></li>'
                        for slug, title in theme.documents)
    if documents:
        body += f'<ul class="documents">{documents}</ul>'
    keywords = "".join(f"<li>{escape(k)}</li>" for k in theme.keywords)
    return (f'<article class="theme-page"><h1>{escape(theme.title)}</h1>{body}</article>'
            '<div class="share"><span>Tips en venn</span> '
            "<small>Send til flere mottakere med komma mellom adressene</small> <span>Del</span></div>"
            f'<div class="keywords"><h2>Nøkkelord (skjul)</h2><ul>{keywords}</ul></div>')


def _page(lang: str, title: str, description: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - Fagforbundet</title>
<meta name="description" content="{escape(description)}">
<meta property="og:site_name" content="Fagforbundet">
</head>
<body>
<header class="top">
<a class="portal-login" href="/tillitsvalgtportalen/">Logg inn til Tillitsvalgtportalen</a>
<form class="search" action="/sok" method="get"><label>Søk på: <input type="search" name="q"></label> <span>OSS</span> <span>Fagforbundet.no</span></form>
<nav><a href="/tema/">Tema</a></nav>
</header>
<main>{main}</main>
<footer><a href="#top">Til toppen</a><p>Fagforbundet, Keysers gate 15, 0165 Oslo</p></footer>
</body>
</html>
"""
