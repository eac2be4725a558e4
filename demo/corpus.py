"""Phrase banks for generated Nordic documents: names, places, themes, title and abstract templates.

Languages are keyed by short codes: nb (bokmål), nn (nynorsk), da, sv, fi, en. Templates use
str.format fields: {theme}/{Theme} (theme phrase, capitalised), {in_place} ("i Bærum",
"Tampereella"), {other_place}, {sector} ("i eldreomsorgen"), {n} (interviews),
{m} (municipalities), {y1}/{y2} (years).
Everything is written to be plausible grey literature, not filler text.
"""
import random

ISO639 = {"nb": "nob", "nn": "nno", "da": "dan", "sv": "swe", "fi": "fin", "en": "eng"}

FAMILY_NAMES = {
    "no": [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Berg", "Haugen", "Hagen", "Dahl", "Halvorsen", "Lund", "Moen", "Strand", "Solberg",
        "Eide", "Bakken", "Lie", "Amundsen", "Lunde", "Solheim", "Nygård", "Holm", "Sæther",
        "Myhre", "Haugland", "Sandvik", "Rønning", "Næss", "Vik", "Birkeland", "Ruud", "Strøm",
        "Myklebust", "Tangen", "Ødegård", "Helland", "Bøe", "Aune", "Tveit", "Brekke", "Bjørnstad",
        "Vabo", "Askim", "Hovik", "Torsteinsen", "Jacobsen", "Grønlie", "Stokke", "Fimreite",
    ],
    "da": [
        "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
        "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Thomsen", "Poulsen", "Møller",
        "Mortensen", "Knudsen", "Mikkelsen", "Frederiksen", "Lauridsen", "Schmidt", "Østergaard",
        "Dalgaard", "Bach", "Skov", "Kjær", "Vestergaard", "Ibsen", "Espersen", "Boje",
    ],
    "sv": [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
        "Persson", "Svensson", "Gustafsson", "Lindberg", "Lindström", "Lindqvist", "Lundgren",
        "Berglund", "Sandberg", "Forsberg", "Sjöberg", "Wallin", "Engström", "Håkansson",
        "Lundberg", "Holmberg", "Nyström", "Montin", "Wänström", "Fred",
    ],
    "fi": [
        "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
        "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Salminen", "Heinonen",
        "Niemi", "Heikkilä", "Kinnunen", "Turunen", "Laitinen", "Tuominen", "Rantanen",
        "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Ahonen", "Haveri", "Airaksinen",
    ],
}
GIVEN_NAMES = {
    "no": [
        "Ola", "Kari", "Ingrid", "Lars", "Nils", "Kristian", "Tore", "Marit", "Siri", "Hilde",
        "Trond", "Gro", "Eirik", "Ragnhild", "Bjørn", "Åse", "Sigrid", "Håkon", "Solveig", "Jon",
        "Anne", "Torunn", "Per", "Liv", "Geir", "Tone", "Øystein", "Randi", "Knut", "Heidi",
        "Vegard", "Silje", "Espen", "Hanne", "Terje", "Mari", "Morten", "Kjersti", "Stein",
    ],
    "da": [
        "Mette", "Lise", "Søren", "Anders", "Rasmus", "Mads", "Camilla", "Louise", "Henrik",
        "Jesper", "Pernille", "Trine", "Kasper", "Line", "Jakob", "Helle", "Maja", "Niels",
        "Birgitte", "Torben", "Ida", "Frederik", "Signe", "Ulla",
    ],
    "sv": [
        "Anna", "Eva", "Maria", "Karin", "Erik", "Lars", "Johan", "Anders", "Per", "Sofia",
        "Emma", "Magnus", "Fredrik", "Ulrika", "Åsa", "Björn", "Helena", "Linnea", "Mats",
        "Gunilla", "Ingrid", "Oskar", "Elin", "Henrik",
    ],
    "fi": [
        "Juha", "Timo", "Mikko", "Jari", "Kari", "Antti", "Jukka", "Markku", "Pekka", "Matti",
        "Tuula", "Anne", "Päivi", "Riitta", "Hanna", "Sari", "Minna", "Leena", "Tiina", "Marja",
        "Heikki", "Sanna", "Jussi", "Outi", "Ilkka", "Kaisa",
    ],
}
# Which name pool a document language draws its authors from.
NAME_POOL = {"nb": "no", "nn": "no", "da": "da", "sv": "sv", "fi": "fi"}

PLACES = {
    "no": [
        "Bærum", "Asker", "Lunner", "Øvre Eiker", "Drammen", "Trondheim", "Bergen",
        "Kristiansand", "Bodø", "Tromsø", "Hamar", "Lillehammer", "Stavanger", "Sandnes", "Moss",
        "Fredrikstad", "Larvik", "Gjøvik", "Kongsberg", "Ringsaker", "Askøy", "Molde", "Ålesund",
        "Steinkjer", "Alta", "Lier", "Nore og Uvdal", "Vinje", "Kvinnherad", "Voss",
    ],
    "da": [
        "Vejle", "Esbjerg", "Høje-Taastrup", "Aarhus", "Odense", "Aalborg", "Horsens", "Kolding",
        "Herning", "Roskilde", "Næstved", "Ishøj", "Gladsaxe", "Svendborg", "Viborg", "Silkeborg",
        "Holbæk", "Frederikshavn", "Middelfart", "Guldborgsund",
    ],
    "sv": [
        "Malmö", "Umeå", "Göteborg", "Linköping", "Örebro", "Västerås", "Uppsala", "Lund", "Luleå",
        "Sundsvall", "Gävle", "Jönköping", "Helsingborg", "Norrköping", "Växjö", "Skellefteå",
    ],
    # Finnish needs the inessive/adessive form for "in <place>".
    "fi": [
        ("Tampere", "Tampereella"), ("Oulu", "Oulussa"), ("Helsinki", "Helsingissä"),
        ("Turku", "Turussa"), ("Espoo", "Espoossa"), ("Vantaa", "Vantaalla"),
        ("Jyväskylä", "Jyväskylässä"), ("Kuopio", "Kuopiossa"), ("Lahti", "Lahdessa"),
        ("Pori", "Porissa"), ("Joensuu", "Joensuussa"), ("Seinäjoki", "Seinäjoella"),
    ],
}
PLACE_POOL = {"nb": "no", "nn": "no", "da": "da", "sv": "sv", "fi": "fi"}

THEMES = {
    "ops": {
        "nb": "offentlig-privat samarbeid", "nn": "offentleg-privat samarbeid",
        "da": "offentlig-privat samarbejde", "sv": "offentlig-privat samverkan",
        "fi": "julkisen ja yksityisen sektorin kumppanuus", "en": "public-private partnership",
    },
    "partnership": {
        "nb": "sosiale partnerskap", "nn": "sosiale partnarskap", "da": "sociale partnerskaber",
        "sv": "sociala partnerskap", "fi": "sosiaalinen kumppanuus", "en": "social partnership",
    },
    "intermunicipal": {
        "nb": "interkommunalt samarbeid", "nn": "interkommunalt samarbeid",
        "da": "tværkommunalt samarbejde", "sv": "mellankommunal samverkan",
        "fi": "kuntien välinen yhteistyö", "en": "inter-municipal cooperation",
    },
    "ict": {
        "nb": "IKT-samarbeid", "nn": "IKT-samarbeid", "da": "fælleskommunalt IT-samarbejde",
        "sv": "IT-samverkan", "fi": "ICT-yhteistyö", "en": "ICT cooperation",
    },
    "tripartite": {
        "nb": "trepartssamarbeid", "nn": "trepartssamarbeid", "da": "trepartssamarbejde",
        "sv": "trepartssamverkan", "fi": "kolmikantayhteistyö", "en": "tripartite cooperation",
    },
    "cocreation": {
        "nb": "samskaping", "nn": "samskaping", "da": "samskabelse", "sv": "samskapande",
        "fi": "yhteiskehittäminen", "en": "co-creation",
    },
    "volunteering": {
        "nb": "frivillighet", "nn": "frivilligheit", "da": "frivillighed", "sv": "frivilligt arbete",
        "fi": "vapaaehtoistyö", "en": "volunteering",
    },
    "csr": {
        "nb": "samfunnsansvar i næringslivet", "nn": "samfunnsansvar i næringslivet",
        "da": "virksomheders sociale ansvar", "sv": "företagens samhällsansvar",
        "fi": "yritysvastuu", "en": "corporate social responsibility",
    },
    "outsourcing": {
        "nb": "konkurranseutsetting", "nn": "konkurranseutsetjing", "da": "udlicitering",
        "sv": "konkurrensutsättning", "fi": "ulkoistaminen", "en": "outsourcing",
    },
    "servicedev": {
        "nb": "kommunal tjenesteutvikling", "nn": "kommunal tenesteutvikling",
        "da": "kommunal serviceudvikling", "sv": "kommunal verksamhetsutveckling",
        "fi": "kunnallisten palvelujen kehittäminen", "en": "municipal service development",
    },
}

SUBJECTS = {
    "ops": {
        "nb": ["offentlig-privat samarbeid", "OPS", "partnerskap"],
        "da": ["OPP", "partnerskaber", "offentlig-privat samarbejde"],
        "sv": ["OPS", "offentlig-privat samverkan"], "fi": ["kumppanuus", "julkinen sektori"],
        "en": ["public-private partnership", "PPP", "public management"],
    },
    "partnership": {
        "nb": ["sosialt partnerskap", "frivillig sektor"], "da": ["sociale partnerskaber", "CSR"],
        "sv": ["sociala partnerskap", "idéburen sektor"], "fi": ["kumppanuus", "järjestöt"],
        "en": ["social partnership", "third sector"],
    },
    "intermunicipal": {
        "nb": ["interkommunalt samarbeid", "kommuner", "regionråd"],
        "da": ["tværkommunalt samarbejde", "kommuner"], "sv": ["mellankommunal samverkan", "kommuner"],
        "fi": ["kuntayhteistyö", "kunnat"], "en": ["inter-municipal cooperation", "local government"],
    },
    "ict": {
        "nb": ["IKT", "digitalisering", "interkommunalt samarbeid"], "da": ["IT", "digitalisering"],
        "sv": ["IT", "e-förvaltning"], "fi": ["tietohallinto", "digitalisaatio"],
        "en": ["ICT", "e-government", "digitalisation"],
    },
    "tripartite": {
        "nb": ["trepartssamarbeid", "partssamarbeid", "tillitsvalgte"],
        "da": ["trepartssamarbejde", "medarbejderinddragelse"], "sv": ["partssamverkan", "fackförbund"],
        "fi": ["kolmikanta", "työmarkkinat"], "en": ["tripartite cooperation", "industrial relations"],
    },
    "cocreation": {
        "nb": ["samskaping", "innbyggermedvirkning"], "da": ["samskabelse", "borgerinddragelse"],
        "sv": ["samskapande", "medborgardialog"], "fi": ["yhteiskehittäminen", "osallisuus"],
        "en": ["co-creation", "citizen participation"],
    },
    "volunteering": {
        "nb": ["frivillighet", "frivilligsentraler"], "da": ["frivillighed", "civilsamfund"],
        "sv": ["frivilligt arbete", "civilsamhälle"], "fi": ["vapaaehtoistyö", "kansalaisyhteiskunta"],
        "en": ["volunteering", "civil society"],
    },
    "csr": {
        "nb": ["samfunnsansvar", "CSR", "næringsliv"], "da": ["CSR", "socialt ansvar"],
        "sv": ["CSR", "samhällsansvar"], "fi": ["yritysvastuu", "CSR"],
        "en": ["corporate social responsibility", "CSR"],
    },
    "outsourcing": {
        "nb": ["konkurranseutsetting", "anbud", "privatisering"], "da": ["udlicitering", "udbud"],
        "sv": ["konkurrensutsättning", "upphandling"], "fi": ["ulkoistaminen", "hankinnat"],
        "en": ["outsourcing", "contracting out", "procurement"],
    },
    "servicedev": {
        "nb": ["tjenesteutvikling", "kommunal forvaltning", "innovasjon"],
        "da": ["serviceudvikling", "velfærdsinnovation"], "sv": ["verksamhetsutveckling", "välfärd"],
        "fi": ["palvelujen kehittäminen", "innovaatio"], "en": ["service innovation", "local government"],
    },
}

# Where in the municipality the cooperation happens; multiplies the title space by ~10.
SECTORS = {
    "nb": ["i eldreomsorgen", "i barnevernet", "i grunnskolen", "innen renovasjon",
           "i helse- og omsorgstjenestene", "innen kultur og idrett", "i NAV-kontorene",
           "innen vann og avløp", "i integreringsarbeidet", "i barnehagesektoren", "i rusomsorgen",
           "i byutviklingen"],
    "nn": ["i eldreomsorga", "i barnevernet", "i grunnskulen", "innan renovasjon",
           "i helse- og omsorgstenestene", "innan kultur og idrett", "i integreringsarbeidet",
           "i barnehagesektoren"],
    "da": ["på ældreområdet", "på børne- og ungeområdet", "i folkeskolen",
           "på beskæftigelsesområdet", "i de udsatte boligområder", "på kultur- og fritidsområdet",
           "i integrationsindsatsen", "i sundhedsplejen", "på handicapområdet", "i byudviklingen"],
    "sv": ["inom äldreomsorgen", "inom socialtjänsten", "i grundskolan", "inom räddningstjänsten",
           "inom kultur och fritid", "i integrationsarbetet", "inom avfallshanteringen",
           "i samhällsplaneringen"],
    "fi": ["vanhuspalveluissa", "lastensuojelussa", "perusopetuksessa", "työllisyyspalveluissa",
           "kulttuuri- ja vapaa-aikapalveluissa", "kotouttamistyössä", "jätehuollossa",
           "kaupunkisuunnittelussa"],
    "en": ["in elderly care", "in child welfare", "in primary schools", "in employment services",
           "in culture and leisure", "in refugee integration", "in waste management",
           "in urban planning"],
}

TITLE_PATTERNS = {
    "nb": [
        "{Theme} {sector} {in_place}: erfaringer og veien videre",
        "{Theme} {sector} – en kartlegging i norske kommuner",
        "Evaluering av {theme} {sector} {in_place} {y1}–{y2}",
        "Styring av {theme} {sector}: en studie av {m} kommuner",
        "Mellom marked og forvaltning: {theme} {sector} {in_place}",
        "Hva skal til for å lykkes med {theme} {sector}?",
        "{Theme} og lokaldemokrati – erfaringer {in_place} {y1}–{y2}",
        "Når kommunen inviterer: {theme} {sector} {in_place}",
        "{Theme} {sector}: gevinster, kostnader og forankring",
        "Fra prosjekt til drift: {theme} {sector} {in_place}",
    ],
    "nn": [
        "{Theme} {sector} {in_place}: røynsler og vegen vidare",
        "{Theme} {sector} – ei kartlegging i norske kommunar",
        "Evaluering av {theme} {sector} {in_place} {y1}–{y2}",
        "Styring av {theme} {sector}: ein studie av {m} kommunar",
        "Kva skal til for å lukkast med {theme} {sector}?",
        "{Theme} og lokaldemokrati – døme {in_place} {y1}–{y2}",
    ],
    "da": [
        "{Theme} {sector} {in_place}: erfaringer og anbefalinger",
        "{Theme} {sector} – en kortlægning i danske kommuner",
        "Evaluering af {theme} {sector} {in_place} {y1}-{y2}",
        "Styring af {theme} {sector}: en undersøgelse af {m} kommuner",
        "Hvad skal der til for at lykkes med {theme} {sector}?",
        "Mellem marked og myndighed: {theme} {sector} {in_place}",
        "{Theme} {sector} i praksis – et idékatalog",
        "Når kommunen inviterer: {theme} {sector} {in_place}",
    ],
    "sv": [
        "{Theme} {sector} {in_place}: erfarenheter och lärdomar",
        "{Theme} {sector} – en kartläggning i svenska kommuner",
        "Utvärdering av {theme} {sector} {in_place} {y1}–{y2}",
        "Styrning av {theme} {sector}: en studie av {m} kommuner",
        "Vad krävs för att lyckas med {theme} {sector}?",
        "Mellan marknad och förvaltning: {theme} {sector} {in_place}",
        "{Theme} {sector} i praktiken – en vägledning",
    ],
    "fi": [
        "{Theme} {sector} {in_place}: kokemuksia ja kehittämisehdotuksia",
        "{Theme} {sector} – kartoitus suomalaisista kunnista",
        "Arviointi: {theme} {sector} {in_place} {y1}–{y2}",
        "{Theme} ja kunnallinen palvelutuotanto {sector}",
        "{Theme} {sector} – haasteet ja mahdollisuudet",
        "{Theme} {sector} {m} kunnassa: vertaileva tutkimus",
    ],
    "en": [
        "{Theme} {sector}: a comparative study of Nordic municipalities",
        "{Theme} {sector} {in_place}: lessons from {y1}–{y2}",
        "Governing {theme} {sector}: evidence from {m} municipalities",
        "What makes {theme} {sector} work? Evidence {in_place}",
        "Between market and bureaucracy: {theme} {sector} {in_place}",
        "Evaluating {theme} {sector} {in_place}",
        "{Theme} and local democracy in Scandinavia, {y1}–{y2}",
        "The politics of {theme} {sector}: a case study {in_place}",
    ],
}

# Abstract building blocks, in the order they are used: one aim, one data, two findings, one close.
ABSTRACT_PARTS = {
    "nb": {
        "aim": [
            "Rapporten undersøker hvordan {theme} fungerer i praksis {sector} {in_place}.",
            "Formålet med studien er å belyse erfaringer med {theme} i kommunesektoren.",
            "Denne rapporten evaluerer et forsøk med {theme} {in_place} i perioden {y1}–{y2}.",
            "Studien tar for seg hvordan kommuner organiserer og styrer {theme}.",
            "Vi drøfter hvilke forutsetninger som må være på plass for at {theme} skal gi bedre "
            "tjenester for innbyggerne.",
        ],
        "data": [
            "Datagrunnlaget består av {n} intervjuer med politikere, ledere og tillitsvalgte, "
            "supplert med dokumentstudier.",
            "Analysen bygger på en spørreundersøkelse til alle landets kommuner og casestudier "
            "{in_place} og {other_place}.",
            "Vi har fulgt prosjektet gjennom observasjon av møter og {n} kvalitative intervjuer.",
            "Studien kombinerer KOSTRA-data med intervjuer i {m} kommuner.",
        ],
        "finding": [
            "Resultatene viser at tydelig politisk forankring er avgjørende for å lykkes.",
            "Funnene tyder på at {theme} gir økt kvalitet, men at gevinstene tar tid å realisere.",
            "Samarbeidet har ført til nye arbeidsformer og bedre kontakt mellom sektorene.",
            "Små kommuner opplever størst nytte, men har også de største utfordringene med "
            "kompetanse og kapasitet.",
            "Uklare roller og manglende avtaler om ansvar skaper likevel friksjon i flere av "
            "prosjektene.",
            "Ansattes medvirkning gjennom tillitsvalgte trekkes fram som en viktig suksessfaktor.",
        ],
        "close": [
            "Avslutningsvis gir rapporten anbefalinger til kommuner som vurderer {theme}.",
            "Rapporten avsluttes med en drøfting av konsekvenser for styring og lokaldemokrati.",
            "Vi foreslår tiltak for å styrke evaluering og erfaringsdeling mellom kommunene.",
        ],
    },
    "nn": {
        "aim": [
            "Rapporten undersøkjer korleis {theme} fungerer i praksis {in_place}.",
            "Føremålet med studien er å kaste lys over røynsler med {theme} i kommunesektoren.",
            "Denne rapporten evaluerer eit forsøk med {theme} {in_place} i perioden {y1}–{y2}.",
        ],
        "data": [
            "Datagrunnlaget er {n} intervju med politikarar, leiarar og tillitsvalde, i tillegg "
            "til dokumentstudiar.",
            "Analysen byggjer på ei spørjeundersøking til kommunane og casestudiar {in_place} og "
            "{other_place}.",
        ],
        "finding": [
            "Resultata viser at tydeleg politisk forankring er avgjerande for å lukkast.",
            "Funna tyder på at {theme} gir betre kvalitet, men at gevinstane tek tid å hente ut.",
            "Samarbeidet har ført til nye arbeidsformer og betre kontakt mellom sektorane.",
            "Medverknad frå dei tilsette gjennom tillitsvalde vert trekt fram som ein viktig "
            "suksessfaktor.",
        ],
        "close": [
            "Til slutt gir rapporten tilrådingar til kommunar som vurderer {theme}.",
            "Rapporten vert avslutta med ei drøfting av konsekvensar for styring og lokaldemokrati.",
        ],
    },
    "da": {
        "aim": [
            "Rapporten undersøger, hvordan {theme} fungerer i praksis {sector} {in_place}.",
            "Formålet med undersøgelsen er at belyse erfaringerne med {theme} i kommunerne.",
            "Denne rapport evaluerer et forsøg med {theme} {in_place} i perioden {y1}-{y2}.",
            "Undersøgelsen ser på, hvordan kommuner organiserer og styrer {theme}.",
        ],
        "data": [
            "Datagrundlaget består af {n} interview med politikere, ledere og medarbejdere samt "
            "dokumentanalyse.",
            "Analysen bygger på en spørgeskemaundersøgelse blandt landets kommuner og casestudier "
            "{in_place} og {other_place}.",
            "Vi har fulgt projektet gennem deltagende observation og {n} kvalitative interview.",
        ],
        "finding": [
            "Resultaterne viser, at politisk ejerskab er afgørende for at lykkes.",
            "Fundene peger på, at {theme} giver bedre kvalitet, men at gevinsterne tager tid at "
            "realisere.",
            "Samarbejdet har skabt nye arbejdsformer og tættere kontakt mellem sektorerne.",
            "Uklare roller og manglende aftaler om ansvar skaber dog gnidninger i flere af "
            "projekterne.",
            "Frivillige og lokale virksomheder bidrager med ressourcer, som kommunen ikke selv "
            "råder over.",
        ],
        "close": [
            "Afslutningsvis giver rapporten anbefalinger til kommuner, der overvejer {theme}.",
            "Rapporten afsluttes med en diskussion af konsekvenserne for styring og lokaldemokrati.",
            "Vi foreslår tiltag, der kan styrke evaluering og videndeling mellem kommunerne.",
        ],
    },
    "sv": {
        "aim": [
            "Rapporten undersöker hur {theme} fungerar i praktiken {sector} {in_place}.",
            "Syftet med studien är att belysa erfarenheter av {theme} i kommunsektorn.",
            "Denna rapport utvärderar ett försök med {theme} {in_place} under perioden {y1}–{y2}.",
            "Studien behandlar hur kommuner organiserar och styr {theme}.",
        ],
        "data": [
            "Underlaget består av {n} intervjuer med politiker, chefer och fackliga företrädare "
            "samt dokumentstudier.",
            "Analysen bygger på en enkät till landets kommuner och fallstudier {in_place} och "
            "{other_place}.",
            "Vi har följt projektet genom observationer och {n} kvalitativa intervjuer.",
        ],
        "finding": [
            "Resultaten visar att tydlig politisk förankring är avgörande för att lyckas.",
            "Studien tyder på att {theme} ger högre kvalitet, men att vinsterna tar tid att "
            "realisera.",
            "Samverkan har lett till nya arbetssätt och bättre kontakter mellan sektorerna.",
            "Mindre kommuner har störst nytta men också de största utmaningarna när det gäller "
            "kompetens.",
            "Otydliga roller och brist på avtal om ansvar skapar ändå friktion i flera av "
            "projekten.",
        ],
        "close": [
            "Avslutningsvis ger rapporten rekommendationer till kommuner som överväger {theme}.",
            "Rapporten avslutas med en diskussion om konsekvenser för styrning och lokal demokrati.",
        ],
    },
    "fi": {
        "aim": [
            "Raportissa tarkastellaan, miten {theme} toimii käytännössä {in_place}.",
            "Tutkimuksen kohteena on {theme} suomalaisissa kunnissa.",
            "Raportti arvioi kokeilua, jossa {theme} otettiin käyttöön {in_place} vuosina {y1}–{y2}.",
        ],
        "data": [
            "Aineisto koostuu {n} haastattelusta sekä kuntien johdolle tehdystä kyselystä.",
            "Tutkimuksessa yhdistetään rekisteriaineistoa ja tapaustutkimuksia {m} kunnasta.",
        ],
        "finding": [
            "Tulosten mukaan selkeä poliittinen sitoutuminen on onnistumisen edellytys.",
            "Yhteistyö on tuonut uusia toimintatapoja ja parantanut sektorien välistä "
            "vuorovaikutusta.",
            "Pienet kunnat hyötyvät eniten, mutta niillä on myös suurimmat osaamiseen liittyvät "
            "haasteet.",
            "Epäselvät roolit ja vastuunjako aiheuttavat kuitenkin kitkaa useissa hankkeissa.",
        ],
        "close": [
            "Raportti päättyy suosituksiin kunnille ja järjestöille.",
            "Lopuksi pohditaan tulosten merkitystä paikalliselle demokratialle.",
        ],
    },
    "en": {
        "aim": [
            "This report examines how {theme} works in practice {sector} {in_place}.",
            "The aim of the study is to shed light on municipal experiences with {theme}.",
            "The report evaluates a pilot project on {theme} {in_place} in {y1}–{y2}.",
            "The paper analyses how Nordic municipalities organise and govern {theme}.",
        ],
        "data": [
            "The analysis draws on {n} interviews with politicians, managers and union "
            "representatives, supplemented by document studies.",
            "We combine a national survey of municipalities with case studies {in_place} and "
            "{other_place}.",
            "Data were collected through observation of meetings and {n} qualitative interviews.",
        ],
        "finding": [
            "The results show that clear political anchoring is crucial for success.",
            "The findings suggest that {theme} improves service quality, but that the benefits "
            "take time to realise.",
            "Cooperation has produced new ways of working and closer contact across sectors.",
            "Small municipalities benefit the most but also face the greatest challenges in "
            "capacity and competence.",
            "Unclear roles and missing agreements on responsibility nevertheless create friction "
            "in several projects.",
        ],
        "close": [
            "The report concludes with recommendations for municipalities considering {theme}.",
            "We discuss the implications for public governance and local democracy.",
        ],
    },
}

# Section headings for generated report/presentation transcripts.
HEADINGS = {
    "nb": ["Bakgrunn", "Formål", "Metode", "Resultater", "Erfaringer fra kommunene", "Anbefalinger"],
    "da": ["Baggrund", "Formål", "Metode", "Resultater", "Erfaringer fra kommunerne", "Anbefalinger"],
    "sv": ["Bakgrund", "Syfte", "Metod", "Resultat", "Erfarenheter från kommunerna", "Rekommendationer"],
}


def capitalise(phrase: str) -> str:
    """First letter up, rest untouched ("IKT-samarbeid" and "co-creation" both come out right)."""
    return phrase[:1].upper() + phrase[1:]


def person(rng: random.Random, lang: str) -> str:
    """A Nordic author name in the catalogue form "Family, Given"."""
    pool = NAME_POOL.get(lang) or rng.choice(["no", "da", "sv", "fi"])
    return f"{rng.choice(FAMILY_NAMES[pool])}, {rng.choice(GIVEN_NAMES[pool])}"


def place(rng: random.Random, lang: str) -> tuple[str, str]:
    """(name, "in <name>" in the document language)."""
    pool = PLACE_POOL.get(lang) or rng.choice(["no", "da", "sv", "fi"])
    entry = rng.choice(PLACES[pool])
    name, fi_locative = entry if isinstance(entry, tuple) else (entry, None)
    if lang == "fi":
        return name, fi_locative
    preposition = {"sv": "i", "en": "in"}.get(lang, "i")
    return name, f"{preposition} {name}"


def slots(rng: random.Random, lang: str, theme: str) -> dict[str, str]:
    """One consistent set of template values for a document."""
    name, in_place = place(rng, lang)
    other, _ = place(rng, lang)
    y1 = rng.randint(2003, 2021)
    phrase = THEMES[theme][lang]
    return {
        "theme": phrase, "Theme": capitalise(phrase), "place": name, "in_place": in_place,
        "other_place": other, "sector": rng.choice(SECTORS[lang]),
        "n": str(rng.randint(12, 48)), "m": str(rng.randint(4, 16)),
        "y1": str(y1), "y2": str(y1 + rng.randint(1, 4)),
    }


def title(rng: random.Random, lang: str, values: dict[str, str]) -> str:
    return rng.choice(TITLE_PATTERNS[lang]).format(**values)


def abstract(rng: random.Random, lang: str, values: dict[str, str]) -> str:
    parts = ABSTRACT_PARTS[lang]
    sentences = [rng.choice(parts["aim"]), rng.choice(parts["data"])]
    sentences += rng.sample(parts["finding"], 2)
    sentences.append(rng.choice(parts["close"]))
    return " ".join(s.format(**values) for s in sentences)


def subjects(rng: random.Random, lang: str, theme: str, place_name: str) -> list[str]:
    """Keywords: the theme's subject terms (bokmål for nynorsk, as Brage does) plus the place."""
    terms = SUBJECTS[theme]["nb" if lang == "nn" else lang]
    return rng.sample(terms, min(len(terms), rng.randint(1, 3))) + [place_name]
