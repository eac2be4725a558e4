"""Demo documents that describe partnership cases: slide-deck transcripts, reports and news items
in bokmål, nynorsk, Danish, Swedish, Finnish and English.

They are the demo half of the hand-labelled set for case extraction (tests/data/cases.yml holds
their labels, tests/quality_cases.py measures pipeline/cases.py against them). They were written,
and labelled, before the extraction rules, in the layouts grey literature really uses: labelled
blocks on slides, "Name: partner/partner" lists, numbered report sections, bullet lists and
running prose; two of them describe no concrete case at all.

A document's text is what the crawl stores as "nordcat.text": a transcript's pages are one line
each (the docplayer extractor squashes a page) separated by a blank line; reports and news keep
their line and paragraph breaks. The municipalities and the large NGOs are real; the projects,
firms and people are invented.
"""
from typing import NamedTuple


class CaseDocument(NamedTuple):
    key: str        # the document's id in tests/data/cases.yml
    kind: str       # transcript | report | news: which demo site would serve it
    language: str   # nb, nn, da, sv, fi, en
    title: str
    text: str


def _pages(*pages: str) -> str:
    """A transcript as the docplayer extractor leaves it: one line a page, pages apart."""
    return "\n\n".join(" ".join(page.split()) for page in pages)


DRAMMEN = CaseDocument("drammen", "transcript", "nb", "Sosiale partnerskap i Drammen 2015–2018", _pages(
    "SOSIALE PARTNERSKAP I DRAMMEN Erfaringer 2015–2018 Frivillighetskonferansen, Drammen 14. mars 2019 "
    "Hilde Moen, Drammen kommune",
    "HVORFOR partnerskap? Kommunen kan ikke løse alt alene. Næringslivet og frivilligheten har ressurser, "
    "nettverk og kompetanse vi trenger. Tre prosjekter fra perioden viser hvordan.",
    "LESEVENNER PÅ FJELL Partnere: Drammen kommune (Fjell skole), Sparebank 1 Østlandet og Røde Kors "
    "Drammen Periode: 2015–2017 Målgruppe: elever på 2.–4. trinn Innhold: ansatte i banken leser med "
    "elevene én time i uka i arbeidstiden Resultat: 86 elever fikk fast lesevenn; lærerne rapporterer "
    "bedre leseglede",
    "JOBBSJANSEN STRØMSØ Samarbeidspartnere: NAV Drammen, Coop Øst og Kirkens Bymisjon Periode: "
    "2016–2018 Målgruppe: unge voksne (18–29 år) uten fullført videregående Innhold: arbeidstrening i "
    "butikk med mentor fra Bymisjonen Resultat: 31 av 54 deltakere i jobb eller utdanning etter ett år",
    "BYDELSHUSET GULSKOGEN Et offentlig-privat partnerskap (OPS) mellom Drammen kommune og Gulskogen "
    "Eiendom AS om bygging og drift av bydelshus med frivilligsentral. Avtalen løper 2017–2027. "
    "Frivilligsentralen drives av Gulskogen Vel.",
    "HVA HAR VI LÆRT? Tydelige avtaler. En fast kontaktperson hos hver part. Feire resultater underveis. "
    "Ikke alle bedrifter passer – start med dem som har en strategi for samfunnsansvar.",
))

VESTFOLD = CaseDocument("vestfold", "report", "nb", "Interkommunalt samarbeid i Vestfold – statusrapport 2021", """\
Sammendrag
Denne rapporten gir en oversikt over de formaliserte interkommunale samarbeidene i Vestfold og vurderer \
hvilken samarbeidsmodell som passer for hvilke oppgaver. Tre samarbeid beskrives nærmere.

1. Vestfold IKT
Vestfold IKT er et interkommunalt selskap (IKS) eid av Horten, Holmestrand og Tønsberg kommuner. \
Selskapet drifter felles fagsystemer, nettverk og brukerstøtte for 2 400 ansatte. Etter at \
samarbeidet ble etablert i 2012, har kommunene redusert lisenskostnadene med om lag 15 prosent.

2. Barnevernstjenesten i Midt-Vestfold
Tønsberg kommune er vertskommune for barnevernet i Færder og Tønsberg etter kommuneloven § 20-2 \
(administrativt vertskommunesamarbeid). Samarbeidet startet 1. januar 2017. Evalueringen viser kortere \
saksbehandlingstid, men Færder kommune opplever mindre innflytelse over tjenesten.

3. Vestfold legevakt
Legevakten er organisert som et kommunalt oppgavefellesskap med et felles representantskap. Deltakere \
er Larvik, Sandefjord og Færder kommune. Fram til 2020 var samarbeidet organisert etter kommunelovens \
§ 27 med eget styre.

Vurdering
Ingen modell passer for alt. Selskapsformen gir ryddige roller når samarbeidet driver tjenester med \
egne ansatte, mens vertskommunemodellen egner seg der én kommune allerede har fagmiljøet.
""")

VOSS = CaseDocument("voss", "news", "nn", "Voss herad og næringslivet samarbeider om læreplassar", """\
Voss herad har inngått ein samarbeidsavtale med Voss Vatn AS og Voss vidaregåande skule om fleire \
læreplassar innan industrifag. Avtala gjeld frå hausten 2022 og fram til 2025.

– Vi treng fagfolk, og bedriftene treng ungdom som vil bu her, seier ordførar Kari Nesheim.

Ordninga byggjer på eit tidlegare prosjekt, Jobbløftet, der heradet, NAV Voss og Frivilligsentralen \
på Voss hjelpte unge arbeidsledige ut i praksisplassar i lokale verksemder. Av 40 deltakarar fekk 22 \
fast arbeid.

Vestland fylkeskommune finansierer ein koordinator i halv stilling dei tre første åra.
""")

SAMSKAPING = CaseDocument("samskaping", "transcript", "nn", "Samskaping i små kommunar – tre døme", _pages(
    "SAMSKAPING I SMÅ KOMMUNAR Tre døme frå Telemark, Vestland og Buskerud Kommunekonferansen 2023 "
    "Siri Haugland, Høgskulen på Vestlandet",
    "KVA ER SAMSKAPING? Kommunen, innbyggjarane, frivillige lag og næringslivet utviklar løysingar "
    "saman – ikkje berre leverer og tek imot tenester.",
    "DØME 1: BYGDEHUSET I RAULAND Partnarar: Vinje kommune, Rauland Ungdomslag og Rauland Handel AS. "
    "Kommunen eig bygget, ungdomslaget driv det, butikken har post- og apotekutsal i første etasje. "
    "Opna 2019.",
    "DØME 2: AKTIV HEILE LIVET Kvinnherad kommune samarbeider med Husnes Idrettslag og Husnes "
    "Aluminium AS om treningstilbod for eldre heimebuande. 180 deltakarar i 2022, og færre fall-"
    "skadar i heimetenesta.",
    "DØME 3: DAGTILBOD I UVDAL Nore og Uvdal kommune, Uvdal frivilligsentral og pensjonistlaget "
    "driv saman eit dagtilbod for heimebuande med demens to dagar i veka.",
    "KVA HAR VI LÆRT? Samskaping tek tid. Kommunen må gje frå seg noko kontroll. Avtal kven som "
    "gjer kva, og evaluer etter eitt år.",
))

BOLIGSOCIAL = CaseDocument(
    "boligsocial", "transcript", "da", "Virksomheder i boligsociale indsatser – erfaringer 2014", _pages(
        "VIRKSOMHEDER I BOLIGSOCIALE INDSATSER Erfaringer fra fire boligområder Temadag, Odense 3. april "
        "2014 Mette Skov, Landsbyggefonden",
        "HVILKE cases har vi set på? Lektiecafé Gellerup: Aarhus Kommune, Brabrand Boligforening og "
        "Danske Bank frivillige lektiehjælpere fra banken Sommerjob i Vollsmose: Odense Kommune/Fyns "
        "Almennyttige Boligselskab/Rema 1000 unge i første job Fritidsjob i Tingbjerg: SAB og lokale "
        "butikker 40 unge i fritidsjob Mentorkorps Kolding: Kolding Kommune og Dansk Industri "
        "mentorer for ledige unge",
        "LEKTIECAFÉ GELLERUP Bankens medarbejdere bruger deres faglighed i lektiecaféen to "
        "eftermiddage om ugen. Strategisk integreret: banken vil styrke unges økonomiske forståelse. "
        "120 elever om ugen i 2013.",
        "SOMMERJOB I VOLLSMOSE Rema 1000 ansætter 25 unge hver sommer. Boligselskabets "
        "beboerrådgivere finder de unge, kommunens jobcenter følger op. 18 fortsatte i fritidsjob "
        "efter sommeren.",
        "MENTORKORPS KOLDING Kolding Kommune samarbejder med Dansk Industri om et korps af 30 frivillige "
        "erhvervsmentorer for ledige unge under 30 år. Forløbet varer 2012-2015.",
        "HVAD har vi lært? Virksomhederne vil se resultater. Der skal være én indgang i kommunen. "
        "Boligsociale medarbejdere er gode brobyggere.",
    ))

ESBJERG = CaseDocument("esbjerg", "news", "da", "Esbjerg og virksomheder i fælles front mod ungdomsledighed", """\
Esbjerg Kommune har indgået et partnerskab med Vestkyst Energi A/S og Esbjerg Havn om 60 nye \
praktikpladser til unge, der har forladt en ungdomsuddannelse. Partnerskabet løber fra 2021 til 2024.

"Vi kan ikke gøre det alene. Virksomhederne kender de jobs, der findes om fem år," siger \
beskæftigelsesrådmand Jens Bach.

Partnerskabet bygger videre på Grøn Start, et projekt som kommunen driver sammen med Syddansk \
Erhvervsskole og Dansk Røde Kors. I Grøn Start får unge et halvt års forløb med værkstedsundervisning \
og en frivillig mentor. Af de første 45 deltagere er 29 i dag i job eller uddannelse.
""")

IOP = CaseDocument("iop", "report", "sv", "Idéburet offentligt partnerskap – tre exempel", """\
Inledning
Idéburet offentligt partnerskap (IOP) är en samverkansform mellan kommuner eller regioner och \
idéburna organisationer. Här beskrivs tre partnerskap som ingick i uppföljningen 2022.

Exempel 1: Stödboende för unga vuxna
Parter: Malmö stad och Skånes Stadsmission
Period: 2018–2021
Målgrupp: unga vuxna 18–25 år i hemlöshet
Form: IOP
Resultat: 34 av 40 deltagare hade eget förstahandskontrakt efter avslutad insats.

Exempel 2: Kvinnojour i Göteborg
Parter: Göteborgs Stad, Kvinnojouren Frida och Göteborgs Kyrkliga Stadsmission
Period: från 2019
Målgrupp: våldsutsatta kvinnor och deras barn
Form: IOP
Resultat: 212 kvinnor fick skyddat boende 2019–2021.

Exempel 3: Mötesplatser för nyanlända
I Linköping har kommunen sedan 2016 ett IOP med Svenska Röda Korset och Linköpings Stadsmission kring \
mötesplatser för nyanlända. Verksamheten finns i Skäggetorp och Ryd och har cirka 300 besök i veckan.
""")

VASTERBOTTEN = CaseDocument("vasterbotten", "news", "sv", "Gemensam nämnd för e-tjänster i Västerbotten", """\
Umeå kommun, Vännäs kommun och Nordmalings kommun bildar en gemensam nämnd för digitalisering från \
den 1 januari 2024. Umeå blir värdkommun och nämnden får ett eget kansli med tolv anställda.

Syftet är att kommunerna ska kunna dela e-tjänster, upphandla system tillsammans och ha gemensam \
IT-säkerhet. Enligt utredningen kan de tre kommunerna spara 4 miljoner kronor om året.

Längre norrut går Skellefteå och Norsjö en annan väg. De två kommunerna äger sedan 2015 \
Skelleftebygdens Räddningstjänst AB tillsammans, ett aktiebolag som sköter räddningstjänsten i båda \
kommunerna.
""")

TAMPERE = CaseDocument("tampere", "report", "fi", "Kumppanuudet Tampereella – kolme esimerkkiä", """\
Johdanto
Tampere on kehittänyt kumppanuuksia yritysten ja järjestöjen kanssa vuodesta 2015. Tässä \
raportissa kuvataan kolme esimerkkiä.

Esimerkki 1: Nuorten kesätyöt
Kumppanit: Tampereen kaupunki, Tampereen Kauppakamari ja Pirkan Kone Oy
Kesto: 2019–2022
Kohderyhmä: 16–17-vuotiaat nuoret
Tulokset: 640 nuorta sai ensimmäisen kesätyönsä.

Esimerkki 2: Ikäihmisten digituki
Tampereen kaupunki toteutti yhdessä Pirkanmaan Marttojen ja Tietoverkko Häme Oy:n kanssa \
digitukipisteet kirjastoihin. Vapaaehtoiset neuvoivat vuonna 2021 yli 2 000 ikäihmistä.

Esimerkki 3: Seudullinen jätehuolto
Tampereen Seudun Jätehuolto Oy on Tampereen, Ylöjärven ja Nokian kaupunkien yhdessä omistama \
osakeyhtiö, joka vastaa asumisen jätehuollosta. Yhtiö perustettiin vuonna 2010.
""")

ESPOO = CaseDocument("espoo", "news", "fi", "Espoo ja Kirkkonummi sopivat yhteistoiminta-alueesta", """\
Espoon kaupunki ja Kirkkonummen kunta ovat sopineet ympäristöterveydenhuollon \
yhteistoiminta-alueesta, jossa Espoo toimii vastuukuntana. Sopimus tulee voimaan 1.1.2024, ja \
Kirkkonummen viisi ympäristöterveystarkastajaa siirtyvät Espoon palvelukseen.

Lisäksi Espoo solmi kumppanuussopimuksen Suomen Punaisen Ristin Länsi-Uudenmaan piirin ja Espoon \
Järjestöjen Yhteisö EJY ry:n kanssa. Sopimuksen tavoitteena on vahvistaa kaupungin valmiutta \
kriisitilanteissa ja kouluttaa 200 uutta vapaaehtoista vuoteen 2026 mennessä.
""")

NORDIC = CaseDocument("nordic", "report", "en", "Cross-sector partnerships in the Nordic countries: four short cases", """\
Summary
This note presents four partnerships between municipalities, firms and voluntary organisations that \
were visited during the 2020 study tour.

Cases
• Housing First Bergen (2012–2016). Partners: Bergen kommune, the Salvation Army and Bergen \
Boligstiftelse. Homeless adults with addiction problems were given their own flats with support; 78 \
per cent still had a home after two years.
• Digital Inclusion Roskilde. Roskilde Municipality ran drop-in help for elderly residents in \
partnership with Roskilde Libraries and Nordtel A/S from 2018.
• Green Jobs Oulu. The City of Oulu, Oulun Energia Oy and the Oulu Chamber of Commerce trained 120 \
long-term unemployed people as solar and heat-pump installers, 2019–2021.
• Gothenburg Knowledge Partnership: Göteborgs Stad; the University of Gothenburg; Volvo Cars. \
A public-private partnership on traffic safety around schools, with a joint research fund.

Lessons
All four had a written agreement, a named contact at each partner and a budget of their own.
""")

TRONDHEIM = CaseDocument("trondheim", "news", "en", "Trondheim renews its tripartite agreement", """\
Trondheim municipality has renewed its tripartite cooperation with the trade unions for another four \
years. The agreement, signed by the mayor, the chief executive and Fagforbundet Trondheim, commits \
the three parties to develop the care services together rather than to tender them out.

The city points to results in home care: sick leave fell from 11.2 to 8.9 per cent between 2017 \
and 2022.

In Stavanger, the municipality and the energy company Nordsjø Energi ASA signed a sponsorship \
agreement in 2022 that funds free swimming lessons for all second-graders.
""")

FAELLESSKABER = CaseDocument(
    "faellesskaber", "report", "da", "Kommunale fællesskaber efter § 60 – to eksempler", """\
Baggrund
Kommuner kan løse opgaver i fællesskab efter kommunestyrelseslovens § 60. Fællesskabet er en \
selvstændig juridisk person, og oprettelsen skal godkendes af Ankestyrelsen.

Midtjysk Affald I/S
Ejere: Herning, Ikast-Brande og Silkeborg kommuner
Opgave: indsamling og behandling af husholdningsaffald
Etableret: 2009
Genanvendelsen steg fra 38 til 51 procent fra 2015 til 2022.

Sydvestjysk Beredskab
Sydvestjysk Beredskab er et § 60-fællesskab mellem Esbjerg, Fanø og Varde kommuner, som løser \
brand- og redningsopgaverne siden 2016. Fællesskabet har 9 stationer og 260 deltidsbrandfolk.
""")

VEILEDER = CaseDocument("veileder", "report", "nb", "Slik kommer dere i gang med sosiale partnerskap", """\
Innledning
Et sosialt partnerskap er et forpliktende samarbeid mellom kommunen, næringslivet og frivillige \
organisasjoner om en sosial utfordring. Denne veilederen gir råd til kommuner som vil i gang.

Velg riktig modell
Et offentlig-privat partnerskap (OPS) passer for store investeringer med lang horisont. Et \
vertskommunesamarbeid passer der en nabokommune allerede har fagmiljøet. Sponsoravtaler er ikke \
partnerskap: de gir penger, men ikke felles ansvar.

Finn partnerne
Frivillige organisasjoner som Røde Kors og Frelsesarmeen har lang erfaring med samarbeid med \
kommuner. Spør også lokale bedrifter og banker hva de kan bidra med.

Skriv en avtale
Beskriv mål, roller, varighet og hvordan dere måler resultater.
""")

DOCUMENTS = [DRAMMEN, VESTFOLD, VOSS, SAMSKAPING, BOLIGSOCIAL, ESBJERG, IOP, VASTERBOTTEN, TAMPERE,
             ESPOO, NORDIC, TRONDHEIM, FAELLESSKABER, VEILEDER]


def documents() -> list[tuple[str, str, str]]:
    """(title, language, text) of every demo case document, for the demo web to serve."""
    return [(document.title, document.language, document.text) for document in DOCUMENTS]
