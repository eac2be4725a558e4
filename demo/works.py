"""The DSpace works of the demo: the data model, the seed work, and deterministic generators.

One `Work` feeds every rendering (OAI dim/oai_dc, XMLUI simple/full pages, PDFs), so a mutation
made between harvests shows up consistently everywhere. Generation uses one `random.Random` per
work, seeded by a string, so the first N works are identical whatever total is asked for.
"""
import dataclasses
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from demo import corpus, seeds
from demo.identifiers import isbn13, issn

HANDLE_SERVER = "http://hdl.handle.net/"


@dataclass(frozen=True)
class Collection:
    handle: str
    name: str
    description: str
    community: str  # the community handle


@dataclass(frozen=True)
class Community:
    handle: str
    name: str


@dataclass
class Work:
    handle: str
    title: str
    authors: list[str]
    issued: str  # "2005", "2019-05" or "2019-05-14", as DSpace stores dc.date.issued
    accessioned: str  # "2008-11-27T13:39:13Z"
    language: str  # dc.language.iso as stored: "nor", "nob", "nno", "eng", "swe", "dan", "fin"
    type: str
    collections: list[str]  # collection handles; the first one owns the item
    abstract: str | None = None
    series: list[str] = field(default_factory=list)  # raw dc.relation.ispartofseries values
    issn: str | None = None
    isbn: str | None = None
    doi: str | None = None
    publisher: str | None = None
    subjects: list[str] = field(default_factory=list)
    rights: str | None = None
    rights_uri: str | None = None
    pdf: str | None = None  # bitstream file name
    pdf_size: int | None = None  # dc.format.extent in bytes
    datestamp: str = ""  # OAI datestamp = last modification
    deleted: bool = False
    value_lang: str = "en"  # the lang attribute DSpace stored on text fields ("en", "nb_NO", ...)

    @property
    def handle_uri(self) -> str:
        return HANDLE_SERVER + self.handle

    @property
    def number(self) -> int:
        return int(self.handle.rsplit("/", 1)[1])

    def replaced(self, **fields) -> "Work":
        """A copy with some fields changed; unknown field names raise TypeError."""
        return dataclasses.replace(self, **fields)


def dc_fields(work: Work) -> list[tuple[str, str, str]]:
    """(qualified dc key, value, lang attribute) in the order DSpace shows them on the full record."""
    text = work.value_lang
    rows = [("dc.contributor.author", a, "") for a in work.authors]
    rows += [("dc.date.accessioned", work.accessioned, ""), ("dc.date.issued", work.issued, "")]
    rows += [(key, value, "") for key, value in (
        ("dc.identifier.isbn", work.isbn), ("dc.identifier.issn", work.issn),
        ("dc.identifier.uri", work.handle_uri), ("dc.identifier.doi", work.doi),
    ) if value]
    if work.abstract:
        rows.append(("dc.description.abstract", work.abstract, text))
    if work.pdf:
        rows += [("dc.format.extent", f"{work.pdf_size} bytes", ""),
                 ("dc.format.mimetype", "application/pdf", "")]
    rows.append(("dc.language.iso", work.language, text))
    if work.publisher:
        rows.append(("dc.publisher", work.publisher, text))
    rows += [("dc.relation.ispartofseries", s, text) for s in work.series]
    if work.rights:
        rows += [("dc.rights", work.rights, text), ("dc.rights.uri", work.rights_uri, "")]
    rows += [("dc.subject", s, text) for s in work.subjects]
    rows += [("dc.title", work.title, text), ("dc.type", work.type, text)]
    return rows


class WorkStore:
    """The works of one repository, thread-safe and kept in handle order.

    Mutations swap in a new list (copy on write), so a snapshot taken by a request being served
    never changes under it; `version` tells caches that something changed.
    """

    def __init__(self, works: list[Work]):
        self._lock = threading.Lock()
        self._ordered = sorted(works, key=lambda w: w.number)
        self._by_handle = {w.handle: w for w in self._ordered}
        self.version = 0

    def get(self, handle: str) -> Work | None:
        return self._by_handle.get(handle)

    def snapshot(self) -> list[Work]:
        return self._ordered

    def replace(self, handle: str, **fields) -> Work:
        with self._lock:
            if handle not in self._by_handle:
                raise KeyError(f"no work with handle {handle}")
            work = self._by_handle[handle].replaced(**fields)
            self._install(work)
        return work

    def add(self, work: Work) -> Work:
        with self._lock:
            if work.handle in self._by_handle:
                raise ValueError(f"handle {work.handle} is already taken")
            self._install(work)
        return work

    def remove(self, handle: str) -> Work:
        with self._lock:
            work = self._by_handle[handle]
            by_handle = {h: w for h, w in self._by_handle.items() if h != handle}
            self._ordered = sorted(by_handle.values(), key=lambda w: w.number)
            self._by_handle = by_handle
            self.version += 1
        return work

    def _install(self, work: Work) -> None:
        by_handle = self._by_handle | {work.handle: work}
        self._ordered = sorted(by_handle.values(), key=lambda w: w.number)
        self._by_handle = by_handle
        self.version += 1


# --- BI Open (handle prefix 11250) ---------------------------------------------------------

BI_COMMUNITIES = [
    Community("11250/93519", "Forskningspublikasjoner"),
    Community("11250/93523", "Studentoppgaver"),
]
BI_COLLECTIONS = [
    Collection("11250/93520", "Research Reports",
               "This collection contains BI's Research Report Series from 2001.", "11250/93519"),
    Collection("11250/93521", "Working Papers",
               "Arbeidsnotater fra BIs institutter og sentre.", "11250/93519"),
    Collection("11250/93522", "Vitenskapelige artikler",
               "Fagfellevurderte artikler, forfatters aksepterte manus.", "11250/93519"),
    Collection("11250/93524", "Masteroppgaver",
               "Masteroppgaver levert ved Handelshøyskolen BI.", "11250/93523"),
]
REPORTS, WORKING_PAPERS, ARTICLES, THESES = (c.handle for c in BI_COLLECTIONS)

BI_RESEARCH_REPORT_ISSN = issn("0803261")  # 0803-2610, the real BI Research Report ISSN
BI_WORKING_PAPER_ISSN = issn("1500268")
SEED_HANDLE = "11250/94194"


@dataclass(frozen=True)
class Journal:
    name: str
    issn: str
    publisher: str
    language: str


NORWEGIAN_JOURNALS = [
    Journal("Tidsskrift for samfunnsforskning", issn("0040716"), "Universitetsforlaget", "nb"),
    Journal("Norsk statsvitenskapelig tidsskrift", issn("0801174"), "Universitetsforlaget", "nb"),
    Journal("Tidsskrift for velferdsforskning", issn("2464306"), "Universitetsforlaget", "nb"),
]
ENGLISH_JOURNALS = [
    Journal("Scandinavian Journal of Public Administration", issn("2001740"),
            "University of Gothenburg", "en"),
    Journal("Public Management Review", issn("1471903"), "Taylor & Francis", "en"),
    Journal("Local Government Studies", issn("0300393"), "Taylor & Francis", "en"),
]


def seed_work() -> Work:
    """Seed 000, exactly as its XMLUI full record shows it."""
    return Work(
        handle=SEED_HANDLE,
        title="Offentlig-private partnerskap som supplement til det offentlige velferdstilbudet",
        authors=["Midttun, Atle", "Dirdal, Tore", "Gautesen, Kristian"],
        issued="2005", accessioned="2008-11-27T13:39:13Z", language="nor",
        type="Research report", collections=[REPORTS], abstract=seeds.BI_REPORT_ABSTRACT,
        series=["Research Report", "06/2005"], issn=BI_RESEARCH_REPORT_ISSN,
        pdf="Report_06_2005.pdf", pdf_size=176209, datestamp="2016-03-09T10:21:47Z",
    )


@dataclass(frozen=True)
class Twin:
    """A work held by both demo repositories: same DOI or ISBN, different handles and title form."""
    biopen_handle: str
    nordarkiv_handle: str
    title: str
    nordarkiv_title: str
    authors: tuple[str, ...]
    issued: str
    abstract: str
    doi: str | None = None
    isbn: str | None = None
    journal: Journal | None = None
    series: str | None = None
    series_issn: str | None = None
    publisher: str | None = None


TEMANORD_ISSN = issn("0908669")  # 0908-6692
NORDREGIO_REPORT_ISSN = issn("1403250")  # 1403-2503

TWINS = [
    Twin("11250/2379046", "10037/21877",
         "Tripartite cooperation and service innovation in Norwegian and Swedish municipalities",
         "Tripartite Cooperation and Service Innovation in Norwegian and Swedish Municipalities",
         ("Torsteinsen, Harald", "Lindström, Anna"), "2016-09",
         "The article compares how elected politicians, municipal managers and union "
         "representatives cooperate on service innovation in eight Norwegian and Swedish "
         "municipalities. Tripartite cooperation is most developed where unions take part early "
         "in the design of reforms, and it offers an alternative to competitive tendering as a "
         "route to better services.",
         doi="10.58235/sjpa.v20i3.11482", journal=ENGLISH_JOURNALS[0]),
    Twin("11250/2481722", "10037/22460",
         "Co-creation of welfare services: volunteers, municipalities and firms in Denmark and Norway",
         "Co-creation of welfare services – volunteers, municipalities and firms in Denmark and "
         "Norway",
         ("Bjørnstad, Hanne", "Espersen, Helle", "Skov, Rasmus"), "2018-02-14",
         "Drawing on case studies in Vejle, Esbjerg, Bærum and Asker, the article shows how "
         "municipalities combine volunteers, local firms and their own staff in co-created welfare "
         "services. Co-creation works when the municipality acts as a network facilitator and "
         "when agreements on roles are made early.",
         doi="10.1080/14719037.2018.1438499", journal=ENGLISH_JOURNALS[1]),
    Twin("11250/2650117", "10037/23105",
         "Inter-municipal cooperation and the governance of ICT services in the Nordic countries",
         "Inter-Municipal Cooperation and the Governance of ICT Services in the Nordic Countries",
         ("Haveri, Arto", "Vabo, Signy Irene"), "2020-03",
         "Small municipalities across the Nordic countries pool their ICT services in joint "
         "companies, host-municipality arrangements and shared service centres. Based on a survey "
         "of 212 municipalities in Finland and Norway, the article finds that formalised "
         "cooperation lowers costs but weakens political control of ICT priorities.",
         doi="10.1080/03003930.2020.1730343", journal=ENGLISH_JOURNALS[2]),
    Twin("11250/2360411", "10037/21543",
         "Outsourcing municipal services in the Nordic countries: trends and outcomes",
         "Outsourcing Municipal Services in the Nordic Countries. Trends and Outcomes",
         ("Askim, Jostein", "Montin, Stig", "Lauridsen, Mette"), "2015",
         "The report maps the outsourcing of municipal services in Denmark, Finland, Norway and "
         "Sweden between 2000 and 2014. Outsourcing has grown most in elderly care and technical "
         "services, while several municipalities have brought services back in-house after "
         "disappointing results.",
         isbn=isbn13("978", "91", "87295", "34"), series="Nordregio Report;2015:4",
         series_issn=NORDREGIO_REPORT_ISSN, publisher="Nordregio"),
    Twin("11250/2459385", "10037/22103",
         "Corporate social responsibility and local partnerships in the Nordic region",
         "Corporate social responsibility and local partnerships in the Nordic Region",
         ("Kjær, Lise", "Niemi, Sanna", "Grønlie, Eirik"), "2013",
         "How do firms take part in local welfare? The report presents twenty Nordic cases where "
         "companies, municipalities and NGOs work together on jobs for young people, integration "
         "and housing estates, from Galleri Hamlet in Copenhagen to volunteer days in Oulu.",
         isbn=isbn13("978", "92", "893", "2561"), series="TemaNord;2013:542",
         series_issn=TEMANORD_ISSN, publisher="Nordisk Ministerråd"),
]


def _twin_for_biopen(twin: Twin) -> Work:
    year = int(twin.issued[:4])
    work = Work(
        handle=twin.biopen_handle, title=twin.title, authors=list(twin.authors),
        issued=twin.issued, accessioned=f"{year + 1}-01-15T09:12:40Z", language="eng",
        type="Journal article" if twin.journal else "Research report",
        collections=[ARTICLES] if twin.journal else [REPORTS], abstract=twin.abstract,
        doi=twin.doi, isbn=twin.isbn, subjects=["Nordic countries", "local government"],
        datestamp=f"{year + 2}-06-03T12:00:05Z", value_lang="en_US",
        pdf=f"{twin.authors[0].split(',')[0]}_{year}.pdf", pdf_size=812_447,
    )
    if twin.journal:
        work.issn, work.publisher = twin.journal.issn, twin.journal.publisher
    else:
        work.series, work.issn, work.publisher = [twin.series], twin.series_issn, twin.publisher
    return work


# --- generation ----------------------------------------------------------------------------

COLLECTION_WEIGHTS = [(REPORTS, 35), (WORKING_PAPERS, 20), (ARTICLES, 25), (THESES, 20)]
FIRST_YEAR = {REPORTS: 2001, WORKING_PAPERS: 1998, ARTICLES: 2003, THESES: 2008}
LICENCE = ("Navngivelse 4.0 Internasjonal", "http://creativecommons.org/licenses/by/4.0/deed.no")
HARVEST_HORIZON = datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
DELETIONS_FROM = datetime(2015, 1, 1, tzinfo=timezone.utc)


def iso_seconds(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _random_moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(int((end - start).total_seconds()), 1)
    return start + timedelta(seconds=rng.randrange(span))


def _last_modified(rng: random.Random, accessioned: datetime) -> datetime:
    """Many items are never touched after deposit; the rest were edited some time later."""
    if rng.random() < 0.4:
        return accessioned + timedelta(seconds=rng.randint(1, 900))
    return _random_moment(rng, accessioned, HARVEST_HORIZON)


def _issued(rng: random.Random, year: int) -> tuple[str, datetime]:
    """dc.date.issued as year only, year-month or full date (in the proportions DSpace
    repositories show) and the publication moment it stands for."""
    last_month = 10 if year == HARVEST_HORIZON.year else 12
    month, day = rng.randint(1, last_month), rng.randint(1, 28)
    published = datetime(year, month, day, tzinfo=timezone.utc)
    form = rng.random()
    if form < 0.5:
        return str(year), published
    return (f"{year}-{month:02d}" if form < 0.8 else f"{year}-{month:02d}-{day:02d}"), published


def _accessioned(rng: random.Random, published: datetime) -> datetime:
    """Deposit time; works from before the repository opened (late 2008) came in retrospectively."""
    opened = datetime(2008, 11, 1, tzinfo=timezone.utc)
    if published < opened:
        return _random_moment(rng, opened, datetime(2011, 12, 31, tzinfo=timezone.utc))
    deposit = published + timedelta(days=rng.randint(10, 300), seconds=rng.randrange(86_400))
    return min(deposit, HARVEST_HORIZON)


class BiOpenGenerator:
    """Generates BI Open works one by one; keeps the counters that must stay unique."""

    def __init__(self):
        self.titles: set[str] = set()
        self.next_handle = 93600
        self.report_numbers: dict[tuple[str, int], int] = {("Research Report", 2005): 6}
        self.isbn_count = 0
        self.doi_count = 0

    def work(self, index: int) -> Work:
        rng = random.Random(f"biopen:{index}")
        collection = rng.choices(*zip(*COLLECTION_WEIGHTS))[0]
        lang = rng.choices(["nb", "en", "nn"], [62, 31, 7])[0]
        year = rng.randint(FIRST_YEAR[collection], 2025)
        theme = rng.choice(list(corpus.THEMES))
        title, values = self._title_and_slots(rng, lang, theme)
        issued, published = _issued(rng, year)
        accessioned = _accessioned(rng, published)
        work = Work(
            handle=self._handle(rng), title=title,
            authors=[corpus.person(rng, lang) for _ in range(self._author_count(rng, collection))],
            issued=issued, accessioned=iso_seconds(accessioned),
            language=_language_code(lang, year), type="", collections=[collection],
            abstract=corpus.abstract(rng, lang, values) if rng.random() < 0.9 else None,
            subjects=corpus.subjects(rng, lang, theme, values["place"]),
            datestamp=iso_seconds(_last_modified(rng, accessioned)),
            deleted=index % 50 == 25,
            value_lang=_value_lang(lang, accessioned),
        )
        self._describe(rng, work, collection, lang, year, index)
        if work.deleted:  # a withdrawn item's datestamp is the moment it was deleted
            deleted = _random_moment(rng, max(accessioned, DELETIONS_FROM), HARVEST_HORIZON)
            work.datestamp = iso_seconds(deleted)
        return work

    def _handle(self, rng: random.Random) -> str:
        self.next_handle += rng.randint(1, 9)
        if self.next_handle == int(SEED_HANDLE.split("/")[1]):
            self.next_handle += 1
        return f"11250/{self.next_handle}"

    def _title_and_slots(self, rng: random.Random, lang: str, theme: str):
        """A title not used before, with the template values it was made from (the abstract
        reuses them, so title and abstract name the same place)."""
        for _ in range(12):
            values = corpus.slots(rng, lang, theme)
            candidate = corpus.title(rng, lang, values)
            if candidate not in self.titles:
                break
        unique, part = candidate, 2
        while unique in self.titles:
            unique = f"{candidate} ({'part' if lang == 'en' else 'del'} {part})"
            part += 1
        self.titles.add(unique)
        return unique, values

    @staticmethod
    def _author_count(rng: random.Random, collection: str) -> int:
        return rng.choice([1, 1, 2] if collection == THESES else [1, 2, 2, 3, 4])

    def _describe(self, rng, work: Work, collection: str, lang: str, year: int, index: int):
        """Type, series, identifiers, publisher, licence and file, by kind of work."""
        bi = "Handelshøyskolen BI" if year < 2011 else "BI Norwegian Business School"
        if collection == REPORTS:
            work.type, work.issn, work.publisher = "Research report", BI_RESEARCH_REPORT_ISSN, bi
            work.series = self._series(rng, "Research Report", year, "{n:02d}/{y}")
            work.isbn = self._bi_isbn() if rng.random() < 0.6 else None
        elif collection == WORKING_PAPERS:
            work.type, work.issn, work.publisher = "Working paper", BI_WORKING_PAPER_ISSN, bi
            work.series = self._series(rng, "BI Working Paper", year, "{y}/{n:02d}")
            work.isbn = self._bi_isbn() if rng.random() < 0.1 else None
        elif collection == ARTICLES:
            journal = rng.choice(ENGLISH_JOURNALS if lang == "en" else NORWEGIAN_JOURNALS)
            work.type, work.issn, work.publisher = "Journal article", journal.issn, journal.publisher
            work.doi = self._doi(rng, journal, year) if rng.random() < 0.9 else None
            if index % 12 == 0:  # published first as a working paper: mapped into both collections
                work.collections.append(WORKING_PAPERS)
        else:
            work.type, work.publisher = "Master thesis", bi
        if year >= 2014 and rng.random() < 0.5:
            work.rights, work.rights_uri = LICENCE
        if rng.random() < 0.75:
            work.pdf, work.pdf_size = _file_name(work, year), rng.randint(80_000, 4_000_000)

    def _series(self, rng, name: str, year: int, number_form: str) -> list[str]:
        """Either two values ("Research Report", "06/2005") or one ("Name;12/2019"), as in Brage."""
        number = self.report_numbers.get((name, year), 0) + 1
        self.report_numbers[(name, year)] = number
        label = number_form.format(n=number, y=year)
        return [name, label] if rng.random() < 0.5 else [f"{name};{label}"]

    def _bi_isbn(self) -> str:
        """BI's ISBN block 978-82-7042; the registrant steps on when a block of 1000 is used."""
        count = self.isbn_count
        self.isbn_count += 1
        return isbn13("978", "82", str(7042 + count // 1000), f"{count % 1000:03d}")

    def _doi(self, rng, journal: Journal, year: int) -> str:
        self.doi_count += 1
        if journal.publisher == "Universitetsforlaget":
            return f"10.18261/issn.{journal.issn}-{year}-{rng.randint(1, 4):02d}-{self.doi_count:02d}"
        if journal.publisher == "Taylor & Francis":
            return f"10.1080/{journal.issn.replace('-', '')}.{year}.{1_000_000 + self.doi_count}"
        return f"10.58235/sjpa.{year}.{10_000 + self.doi_count}"


def _language_code(lang: str, year: int) -> str:
    """Early Brage records used "nor" for bokmål (as the seed does); later ones "nob"."""
    if lang == "nb" and year <= 2009:
        return "nor"
    return corpus.ISO639[lang]


def _value_lang(lang: str, accessioned: datetime) -> str:
    """DSpace stamped text fields "en" by default; later submission forms record the language."""
    if accessioned.year < 2016:
        return "en"
    return {"nb": "nb_NO", "nn": "nn_NO"}.get(lang, "en_US")


def _file_name(work: Work, year: int) -> str:
    """Bitstream names as depositors make them: after the series number when there is one."""
    number = work.series[-1].split(";")[-1].replace("/", "_") if work.series else ""
    if work.type == "Research report":
        return f"Report_{number}.pdf"
    if work.type == "Working paper":
        return f"WP_{number}.pdf"
    if work.type == "Master thesis":
        return f"Masteroppgave{year}_{work.number}.pdf"
    return f"{work.authors[0].split(',')[0]}_{year}.pdf"


def biopen_works(total: int) -> list[Work]:
    """The seed work, the five twins and generated works: `total` in all, ordered by handle."""
    fixed = [seed_work()] + [_twin_for_biopen(t) for t in TWINS]
    generator = BiOpenGenerator()
    generated = [generator.work(i) for i in range(max(total - len(fixed), 0))]
    return sorted(fixed + generated, key=lambda w: w.number)


# --- Nordic Open Research Archive (handle prefix 10037) -------------------------------------

NORDARKIV_COMMUNITIES = [Community("10037/1000", "Social Sciences")]
NORDARKIV_COLLECTIONS = [
    Collection("10037/1001", "Reports and working papers",
               "Reports from Nordic research institutes, municipal associations and "
               "universities.", "10037/1000"),
    Collection("10037/1002", "Journal articles", "Peer-reviewed articles, accepted manuscripts.",
               "10037/1000"),
]
NORD_REPORTS, NORD_ARTICLES = (c.handle for c in NORDARKIV_COLLECTIONS)


@dataclass(frozen=True)
class Publisher:
    name: str
    series: str
    series_issn: str
    isbn_prefix: tuple[str, ...]  # ISBN groups before the item number
    since: int  # first year the publisher existed under this name


NORDIC_PUBLISHERS = {
    "sv": [
        Publisher("Sveriges Kommuner och Regioner", "SKR rapport", issn("2002154"),
                  ("978", "91", "7585"), 2020),
        Publisher("Göteborgs universitet", "Förvaltningshögskolans rapporter", issn("1401903"),
                  ("978", "91", "87418"), 2005),
    ],
    "fi": [
        Publisher("Suomen Kuntaliitto", "Kuntaliiton julkaisusarja", issn("2342507"),
                  ("978", "952", "213"), 2005),
        Publisher("Tampereen yliopisto", "Tampereen yliopiston julkaisuja", issn("1456954"),
                  ("978", "952", "03"), 2005),
    ],
    "da": [
        Publisher("VIVE – Det Nationale Forsknings- og Analysecenter for Velfærd", "VIVE-rapport",
                  issn("2596557"), ("978", "87", "7119"), 2017),
        Publisher("KL", "KL-analyse", issn("1904583"), ("978", "87", "7488"), 2005),
    ],
    "en": [
        Publisher("Nordregio", "Nordregio Report", NORDREGIO_REPORT_ISSN, ("978", "91", "87295"), 2005),
        Publisher("Nordisk Ministerråd", "TemaNord", TEMANORD_ISSN, ("978", "92", "893"), 2005),
    ],
}
NORDARKIV_LANGUAGES = ["sv"] * 13 + ["fi"] * 8 + ["da"] * 8 + ["en"] * 6


def _twin_for_nordarkiv(twin: Twin) -> Work:
    year = int(twin.issued[:4])
    work = Work(
        handle=twin.nordarkiv_handle, title=twin.nordarkiv_title, authors=list(twin.authors),
        issued=twin.issued, accessioned=f"{year + 1}-03-02T08:44:10Z", language="eng",
        type="Journal article" if twin.journal else "Report",
        collections=[NORD_ARTICLES] if twin.journal else [NORD_REPORTS], abstract=twin.abstract,
        doi=twin.doi, isbn=twin.isbn, value_lang="en_US",
        pdf=f"{twin.title.split(':')[0].replace(' ', '_')[:40]}.pdf", pdf_size=805_112,
    )
    if twin.journal:
        work.issn, work.publisher = twin.journal.issn, twin.journal.publisher
    else:
        work.series, work.issn, work.publisher = [twin.series], twin.series_issn, twin.publisher
    return work


def nordarkiv_works() -> list[Work]:
    """40 works in Swedish, Finnish, Danish and English; five of them twins of BI Open works."""
    works = [_twin_for_nordarkiv(t) for t in TWINS]
    titles = {w.title for w in works}
    for index, lang in enumerate(NORDARKIV_LANGUAGES):
        rng = random.Random(f"nordarkiv:{index}")
        works.append(_nordarkiv_work(rng, index, lang, titles))
    return sorted(works, key=lambda w: w.number)


def _nordarkiv_work(rng: random.Random, index: int, lang: str, titles: set[str]) -> Work:
    theme = rng.choice(list(corpus.THEMES))
    values = corpus.slots(rng, lang, theme)
    title = corpus.title(rng, lang, values)
    while title in titles:
        title = corpus.title(rng, lang, corpus.slots(rng, lang, theme))
    titles.add(title)
    publisher = rng.choice(NORDIC_PUBLISHERS[lang])
    year = rng.randint(publisher.since, 2025)
    issued, published = _issued(rng, year)
    number = rng.randint(1, 40)
    item_digits = 12 - len("".join(publisher.isbn_prefix))
    return Work(
        handle=f"10037/{20000 + index * 37}", title=title,
        authors=[corpus.person(rng, lang) for _ in range(rng.randint(1, 3))],
        issued=issued, accessioned=iso_seconds(_accessioned(rng, published)),
        language=corpus.ISO639[lang], type="Report", collections=[NORD_REPORTS],
        abstract=corpus.abstract(rng, lang, values), series=[f"{publisher.series};{year}:{number}"],
        issn=publisher.series_issn, publisher=publisher.name,
        isbn=isbn13(*publisher.isbn_prefix, f"{50 + index:0{item_digits}d}"),
        subjects=corpus.subjects(rng, lang, theme, values["place"]), value_lang="en_US",
        pdf=f"{publisher.series.replace(' ', '_')}_{year}_{number}.pdf",
        pdf_size=rng.randint(200_000, 3_000_000),
    )
