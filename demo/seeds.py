"""Facts and full texts of the five real seed pages (from /work/shared/seeds), embedded so the
demo web works without the reference folder. Texts are verbatim, including the odd spacing of
docplayer transcripts ("S amarbeid"), because the extractors must cope with exactly that."""

# --- seed 000: BI Open item 11250/94194 (DSpace XMLUI full record) ---
BI_REPORT_ABSTRACT = (
    'Bærum kommune /Frivillighetssentralen har gjennom en fireårsperiode gjort forsøk '
    'med å engasjere private bedrifter i partnerskap med kommunen. De to første årene '
    'var prosjektet underlagt Frivillighetssentralen i Bærum kommune. Fokus var rettet '
    'mot næringslivet for å motivere utvalgte bedrifter til samfunnsengasjement i et '
    'sosialt eller offentlig-privat partnerskap Sosialt partnerskap ble definert som et '
    'samarbeid mellom et offentlig tjenestested og en bedrift som forplikter seg til å '
    'utføre et nærmere definert ”frivillig arbeid” utført av bedriften i den betalte '
    'arbeidstiden. Vi bruker i det følgende sosiale partnerskap synonymt med '
    'offentlige-private partnerskap med offentlig og frivillig sektor. Prosjektet ble '
    'etter hvert sterkere forankret på politisk og administrativt nivå i Bærum kommune, '
    'som videreførte prosjektet. Bærum kommunes initiativ kommer på en tid da sosiale '
    'partnerskap i stigende grad lanseres internasjonalt, både på nasjonalt og '
    'overnasjonalt nivå. Særlig har Storbritannia satset sterkt i denne retning, men '
    'også FN har engasjert seg i å fremme partnerskap omkring de store utfordringene i '
    'den globale utvikling. Denne rapporten presenterer noen refleksjoner omkring '
    'prinsipielle sider ved sosiale eller offentlig-private partnerskap og foretar, mot '
    'denne bakgrunn, en evaluering av Bærum kommunes forsøk med sosiale partnerskap '
    'mellom bedrifter og kommunal forvaltning. Avslutningsvis drøftes generelle fordeler '
    'og ulemper ved ”Bærumsmodellen” så langt, og på grunnlag av evalueringen '
    'presenteres tiltak for å styrke det sosiale eller offentlig-private '
    'partnerskapsarbeidet. Som del av prosjektet har Bærum kommune også utarbeidet en '
    'egen manual for sosialt partnerskapsarbeid.'
)

# --- seed 001: Impact Insider article ---
REFORM_ARTICLE_TITLE = "Reformkommissionens 6 principper for samarbejdet mellem kommuner og civilsamfund"
REFORM_ARTICLE_LEAD = (
    'Kommunerne skal opbygge partnerskaber med virksomheder og '
    'civilsamfundsorganisationer, og viden om effektive tiltag skal deles bedre. Her er '
    'Reformkommissionens forslag til seks principper, der indgå i samarbejdet mellem '
    'kommuner, virksomheder og civilsamfundsorganisationer.'
)
REFORM_ARTICLE_CAPTION = (
    'Velkommen på startskamlen: Her er reformkommissionens seks principper for, hvordan '
    'kommuner skal samarbejde med virksomheder og civilsamfund. [Foto: JumpStory]'
)
REFORM_ARTICLE_SECTIONS = [
    (
        '1. Politisk ejerskab',
        (
            'Et stærkt partnerskab mellem kommunen og de lokale virksomheder om '
            'beskæftigelsesindsatsen forudsætter, at kommunalbestyrelsen giver det høj prioritet '
            'og vedvarende politisk og ledelsesmæssigt fokus. Det politiske ejerskab er nøglen '
            'til, at virksomhederne har interesse i at bidrage til de lokale '
            'udviklingsstrategier. Og det politiske ejerskab er også forudsætningen for, at '
            'samarbejdet med virksomhederne præger den interne kultur i alle de afdelinger, der '
            'har den daglige kontakt med udsatte borgere.'
        ),
    ),
    (
        '2. En langsigtet indsats',
        (
            'At opbygge partnerskaber med virksomheder og civilsamfund er en langsigtet proces '
            'for den enkelte kommune, hvor meget handler om at forandre kultur og vante måder at '
            'arbejde på. Mange indsatser vil også først vise positive effekter senere hen, fx '
            'effekten af lommepengejob på skolegang, uddannelse og beskæftigelse. Tålmodighed '
            'med resultater er helt nødvendig. Og det kræver en vedvarende kommunal prioritering.'
        ),
    ),
    (
        '3. Ny rolle for kommuner – netværksfacilitator:',
        (
            'Udvikling af stærke partnerskaber ændrer også kommunens egen rolle fra primært at '
            'være serviceleverandør til i højere grad at blive netværksfacilitator. Samtidig med '
            'at kommunen naturligvis fortsat leverer lovfastsatte indsatser til borgere med '
            'komplekse problemer. Netværksfacilitator betyder, at man lægger mindre vægt på at '
            'stille egne jobrettede indsatser til rådighed for borgeren (fx kurser i '
            'jobcenteret) og større vægt på at understøtte en lettere vej til '
            'arbejdsmarkedskontakt hos virksomheder mv. Eller for de unges vedkommende at hjælpe '
            'dem ind i relationer og fællesskaber (arbejdspladser, mentorfamilier, fritidsjob, '
            'foreninger mv.).'
        ),
    ),
    (
        '4. Kompetencer til samarbejdet med virksomheder og civilsamfund:',
        (
            'Det kræver andre kompetencer end traditionel sagsbehandling at kunne håndtere '
            'samarbejdsrelationer med virksomheder og foreningsfolk. Der er fx brug for '
            'virksomhedskonsulenter, jobkonsulenter og frivilligkoordinatorer, som '
            'samarbejdspartnerne anerkender og har tillid til. Og der er brug for '
            'professionalisering i samarbejdet med civilsamfundsorganisationer mv. for at sikre '
            'gode stabile samarbejder.'
        ),
    ),
    (
        '5. Det skal være administrativt let:',
        (
            'Kommunens samarbejdspartnere skal opleve, at det er let at håndtere samarbejdet med '
            'kommunen. Det skal være tidsmæssigt overskueligt, nemt at gennemskue '
            'støttemuligheder og problemfrit at efterleve krav til dokumentation mv.'
        ),
    ),
    (
        '6. Mere evidens og videndeling mellem kommunerne:',
        (
            'Mange af de gode og succesfulde initiativer, der i dag eksisterer i enkelte '
            'kommuner, bør være skalérbare og kunne udbredes i andre kommuner.'
        ),
    ),
]
# The four "Mere du kan læse:" teasers under the article, as shown (cut with an ellipsis).
REFORM_ARTICLE_TEASERS = [
    (
        'Ensomhed er et stigende problem i Danmark, og mange mænd står uden nære relationer. '
        'Derfor har Karsten Kjær startet en lokal herreklub i Ejby....'
    ),
    (
        'Forskning viser, at gode dagtilbud kan have en positiv betydning for særligt børn '
        'fra udsatte hjem. Men ifølge en national undersøgelse fra VIVE halter...'
    ),
    (
        'Det kræver nye fortællinger og nye målemetoder, hvis organisationer skal rykke på '
        'diversitet, lighed og inklusion, mener Moussa Mchangama, som er medstifter af '
        'virksomheden...'
    ),
    (
        'Theis har været syv år i fængsel for grov kriminalitet. Først da han kom ind i den '
        'frivillige organisation Recovery Bulls, kunne han lægge...'
    ),
]

# --- seed 002: Fagforbundet theme page ---
TREPART_TITLE = "Veileder i trepartssamarbeid"
# Blocks of the main text in order; a tuple ("h2", text) is a subheading.
TREPART_BLOCKS = [
    ("p", (
        'Fagforbundet har som mål at trepartssamarbeid skal bli en arbeidsmetode for '
        'utvikling av offentlig sektor.'
    )),
    ("p", (
        'Det betyr at et konstruktivt samarbeid mellom de folkevalgte, administrasjonene og '
        'de tillitsvalgte skal prege utviklingsarbeidet i norske kommuner. Mange kommuner '
        'jobber etter denne metodikken allerede, andre er nysgjerrige og ønsker å vite mer. '
        'Derfor har vi laget en veileder slik at alle har muligheten til å sette seg inn i '
        'hva trepartsamarbeid egentlig er, og hvordan man kan få det til.'
    )),
    ("h2", 'Kjente metoder'),
    ("p", (
        'Veilederen er basert på erfaringer fra modellkommuneforsøk, '
        '”Kvalitetskommuneprogrammet” og ”Saman om ein betre kommune” programmet, sammen med '
        'casestudier fra Lunner – og Øvre Eiker kommune. Dette er to kommuner som driver sin '
        'kommune basert på trepartssamarbeid men med forskjellige innfallsvinkler. I tillegg '
        'har veilederen en teoretisk del utarbeidet av Knut Stranden, forfatteren av boka '
        '”Partssamarbeid”. Veilederen tar for seg hva trepartssamarbeidet er, hva som '
        'skiller det fra det ordinære partssamarbeidet, hvorfor vi satser på samarbeidet og '
        'hvordan lykkes.'
    )),
    ("h2", 'Godt alternativ'),
    ("p", (
        'Fagforbundets strategiplan for 2015 vektlegger kampen mot privatisering som en av '
        'forbundets aller viktigste oppgaver. Det er nyttig å vite at det finnes et godt '
        'alternativ til å åpne offentlig sektor for private pengeinteresser. Alternativet '
        'handler om at vi sammen kan skape et godt lokalsamfunn å bo og arbeide i. Nøkkelen '
        'ligger i samarbeidet, og å benytte de ansattes kreativitet og kompetanse på en '
        'systematisk måte.'
    )),
    ("h2", 'Finn din egen vei'),
    ("p", (
        'Det finnes ingen ferdig oppskrift på et velfungerende trepartssamarbeid, å kopiere '
        'fungere ikke, alle må finne sin vei. Denne veilederen kan gi inspirasjon og '
        'motivasjon til å utvikle trepartssamarbeidet i kommunesektoren.'
    )),
    ("p", (
        'Veilederen vil være tilgjengelig på Fagforbundets nettsider hvor du også kan finne '
        'mer fordypningsstoff om trepartssamarbeid.'
    )),
    ("p", 'http://www.fagforbundet.no/om-fagforbundet/Omstillingsenheten/'),
    ("p", (
        'Har du spørsmål så ta kontakt med Torstein Amdal i Omstillingsenheten '
        'torstein.amdal@fagforbundet.no'
    )),
]

# --- seed 003: docplayer transcript ---
COWI_TITLE = 'PARTNERSKABER MED VIRKSOMHEDER TIL GAVN FOR BEBOERE I UDSATTE BOLIGOMRÅDER'
COWI_PAGES = [
    (
        'PARTNERSKABER MED VIRKSOMHEDER TIL GAVN FOR BEBOERE I UDSATTE BOLIGOMRÅDER Liv i '
        'boligområderne Mandag den 22. november 2010 Lise Heiner Schmidt 1 Lise COWIs Heiner '
        'kommunikationspolitik Schmidt Kommunikation Partnerskaber med & Design virksomheder '
        '2004 til gavn for'
    ),
    (
        'HVAD var formålet med projektet? Indsamling af de gode eksempler på '
        'offentlig-private partnerskaber/ alliancer, som er til gavn for beboere i såkaldte '
        'udsatte boligområder og for de involverede virksomhederne. Formidling: 2 '
        'idékataloger til hhv. offentlige parter/kommuner og virksomheder forventes udgivet '
        'i december Mål med projekt/idékataloger: Flere sociale partnerskabsprojekter. '
        'Finansiering: Socialministeriet byfornyelseskontoret. 2'
    ),
    (
        'HVORDAN definerer vi sociale partnerskaber? Vores partnerskabsdefinition: "Folk '
        'eller organisationer fra den private, offentlige og frivillige sektor, som '
        'involverer og engagerer sig frivilligt i et gensidigt forhold, hvor de gør brug af '
        'deres ressourcer, viden og erfaringer til at arbejde med en social dagsorden" '
        '(Nelson & Zadek, 2000). 3'
    ),
    (
        'NY TENDENS Fra sponsorater til partnerskaber Flere virksomheder både små og store '
        'vælger i disse år at tage et socialt ansvar og gøre noget for andre f.eks. som del '
        'af "CSRstrategi" eller "socialt ansvar-strategi". Går fra sponsorater til '
        'partnerskaber. Tidligere: Virksomheder samarbejder med kommuner m.v. i forhold til '
        'at få folk, som har svært ved at få afgang til arb.markedet i gang skånejobs, '
        'integrationsforløb, mentorordninger m.v. Nu: Retter virksomhederne også deres fokus '
        'på udsatte boligområder selv om ofte indirekte. Særligt hvor børn og unge er '
        'målgruppen for partnerskaberne. De store NGO er er blevet enormt professionelle. '
        'HVORFOR gør de det? Kan se gensidig gevinst, kan se behov, vil give fordi de kan '
        'osv. CSR 1000 største virksomheder skal aflægge CSR-rapportering. 4'
    ),
    (
        'HVILKE cases har vi med i idékatalogerne? Galleri Hamlet: Schiller Group og '
        'Mimersgade områdefornyelse 130 m. langt gallerivæg/foto m.v. Idéer for Livet '
        'Ambassadører: Skandia (Pensions- og sundhedsforsikringsselskab) og bl.a. Dansk '
        'Flygtningehjælp ansatte får fri til arbejde frivilligt Adoptionsprojektet: '
        'LEGO/JydskeVestkysten og Bakkegårdsskolen, Esbjerg (Trekantsområdet) adoption af '
        'skoleklasser Gennem Ild & Vand: Vejle Brandvæsen (Falck) og udsatte unge fra '
        'Nørremarken, Vejle ugeophold for unge PÅ TVÆRS: BRF Kredit og udsatte boligområder '
        'Netcaféer/genanvendelse af computere Råd til livet: Nykredit/Mary '
        'Fonden/Mødrehjælpen og udsatte kvinder i Københavnsområdet Får styr på økonomien '
        'Kulturringen: Lokale virksomheder og Høje Taastrup Kommune nye input til '
        'projekt/nærkontakt til politikere. 5'
    ),
    (
        'GALLERI HAMLET SCHILLER HOUSE Add-on-modellen: Projekter som ikke umiddelbart kan '
        'relateres til virksomhedens profil og de produkter, virksomheden beskæftiger sig '
        'med Fx. Skandia - fokus på børn & unge på baggrund af spørgeskemaundersøgelse '
        'blandt ansatte. Den strategisk integrerede model: Virksomheden udvælger projekter, '
        'hvor aktiviteterne ligger i naturlig forlængelse af virksomhedens profil og '
        'kerneydelser 6'
    ),
    (
        'TO forskellige partnerskabsmodeller Add-on-modellen: Projekter som ikke umiddelbart '
        'kan relateres til virksomhedens profil og de produkter, virksomheden beskæftiger '
        'sig med Fx. Skandia - fokus på børn & unge på baggrund af spørgeskemaundersøgelse '
        'blandt ansatte. Den strategisk integrerede model: Virksomheden udvælger projekter, '
        'hvor aktiviteterne ligger i naturlig forlængelse af virksomhedens profil og '
        'kerneydelser Fx. Schiller House, Vejle Brandvæsen (Falck), Nykredit, '
        'Adoptionsprojektet/LEGO. 7'
    ),
    (
        'ADOPTIONSPROJEKTET JYDSKEVESTKYSTEN/BAKKEGÅRDSSKOLEN Fx. Skandia - fokus på børn & '
        'unge på baggrund af spørgeskemaundersøgelse blandt ansatte. Den strategisk '
        'integrerede model: Virksomheden udvælger projekter, hvor aktiviteterne ligger i '
        'naturlig forlængelse af virksomhedens profil og kerneydelser Fx. Schiller House, '
        'Vejle Brandvæsen (Falck), Nykredit, Adoptionsprojektet/LEGO. 8'
    ),
    (
        'HVAD giver partnerskaber? Områder/beboere Ekstra gratis - ressourcer Løsning på '
        'problemer/udfordringer Nye vinkler og kreative input/virksomheder inddraget i '
        'udvikling af lokaleområde Møder personer/"verdener" som ellers ikke møder, børn fik '
        'selvtillid Præsenteret for alternative karriereveje og jobmuligheder Nye lokale '
        'samarbejdspartnere Politikere får platform for kontakt til virksomheder og nyt '
        'input til politiske beslutninger Branding af område/positiv vinkel/mere nuanceret '
        'billede af område Virksomheder/ansatte Opbakning. Glade og engagerede medarbejdere '
        'Fællesskabsfølelse i firma - har fået noget at være fælles om. Stolthed over at '
        'være ansat Nye relationer på tværs af afdelinger/kontorer m.v. Rekruttering af nye '
        'medarbejdere/fastholdelse af medarbejdere Ingen/mindre graffiti og hærværk Fået '
        'kreative indspark, er blevet fagligt udfordret, ser nu nye løsninger, nytænkning og '
        'innovation Fået markedsført deres produkter overfor (nye) målgrupper -forbrugere '
        'm.v. + fået adgang til vigtig målgruppe Forretningsudvikling Fået god medieomtale - '
        'skabt synlighed om deres værdier/profil/ydelser og dermed brandet og fået forbedret '
        'virksomhedens image. Styrket varemærke, goodwill hos kunder. 9'
    ),
    (
        'DET VIL SIGE SKABER ENGAGEMENT, NETVÆRK OG LOKAL UDVIKLING! DER OPNÅS RESULTATER, '
        'SOM INGEN AF PARTERNE KUNNE OPNÅ ALENE! 10'
    ),
    (
        'HVAD kendetegner partnerskabsprojekterne på tværs: Ikke én partnerskabsmodel: Nogle '
        'er formaliserede, andre uformelle (tilfældigheder). Nogle kræver en større indsats, '
        'andre en lille indsats. Lettest hvis afprøvet koncept som fx. Adoptionsprojektet. '
        'Alle har fokus på børn/unge - det er dem, virksomhederne gerne vil fokusere på '
        '(eller personer som de tror på - iværksættertyper). Kun store har CSR-strategi (og '
        'underskrevet FNs Global Compact) Skandia og LEGO. At udsatte boligområder ikke ses '
        'som et problem - snarere tværtimod! Virksomheder vil bruges. Vil kunne mærke, at de '
        'gør en forskel. Ønsker ikke en masse møder og snak - men handling. Afgørende for '
        'succes er, at der er direkte kontakt med beslutningsdygtige personer hos den '
        'offentlige part. Ledelsen skal tage ejerskab (topledelse og øvrige ledelse). I alle '
        'vellykkede projekter er der mindst én engageret person/ildsjæl. Engagement '
        'afgørende + der skal være en bærende idé. 11'
    ),
    (
        'HVAD kan gøres, hvis I er initiativtager til et partnerskab? Overvej, om det i '
        'forhold til en af de udfordringer, I arbejder med, vil være oplagt at inddrage en '
        '(eller flere) virksomheder(er) i løsningen? Hvilke kompetencer, færdigheder mangler '
        'I? Hvis I ikke kender en oplagt virksomhed, så afdæk ressourcerne i området f.eks. '
        'via ABCD-metoden. Tal evt. også med NGO er om deres kontakter/partnerskaber. '
        'Undersøg virksomheden. Har de en CSR/socialt ansvar-strategi, hvad er deres '
        'kerneydelser og kompetencer? Hvilken type partnerskabsmodel er mest oplagt (add-on '
        'el. strategisk)? Kontakt virksomheden gerne ejeren og præsenter jeres idé om et '
        'evt. partnerskaber. Fortæl, hvad virksomheden vil få ud af det (f.eks. grundlag for '
        'fremtidig rekruttering, arb. med børn og unge, mindre hærværk, branding, kontakt '
        'til politikere m.v.). Aftal et møde med virksomheden. Gerne i byområdet. Start '
        'f.eks. med gåtur. Tal jer ind på hinanden: Fælles idé, aktiviteter, ressourcer, '
        'tidsperspektiv m.v. 12'
    ),
    (
        '-fortsat Udarbejd kort aftalegrundlag (partnerskabskontrakt), der beskriver ønskede '
        'virkninger, mål, aktiviteter, succeskriterier, tidsplan, budget og hvem der har '
        'beslutningskompetence og ansvar for hvad. Udpeg kontantperson hos jer, der skal stå '
        'for kontakt til virksomhed (vigtigt, at person med beslutningskompetence). Vær '
        'resultatorienteret. Virksomheder har ikke tid til lange møder og processer, som '
        'ikke resulterer i noget. Sørg for god relation gennem hele forløbet. Orienter '
        'virksomheden. Forventningsafstemning - løbende Tænk formidling. Tal med '
        'virksomheden om, hvordan I kan fortælle omverdenen om de resultater, I sammen '
        'opnår. Sørg for at fejre gode resultater undervejs og når I når jeres mål. (Overvej '
        'pulje, som virksomheder kan søge, hvis store partnerskabsprojekter Schiller '
        'House).. 13'
    ),
    (
        'Yderligere info Seniorkonsulent Lise Heiner Schmidt, COWI, , De to idékataloger '
        'udkommer i december 2010 kontakt Socialministeriet, hvis du/i er interesseret i et '
        'eksemplar. De vil også komme til at ligge på ministeriets hjemmeside. 14'
    ),
]
# The page's related documents: (title, snippet) in page order.
COWI_RELATED = [
    (
        'Alle kan arbejde med socialt ansvar',
        (
            'Alle kan arbejde med socialt ansvar Alle kan arbejde med socialt ansvar Håndbog for '
            'virksomheder, kommuner og institutioner Erfaringer fra Galleri Hamlet Danmarks '
            'største gadegalleri Publikationen er gratis og kan rekvireres hos: Indenrigs-'
        ),
    ),
    (
        'CSR PÅ VESTERBRO & I KGS. ENGHAVE',
        (
            'CSR PÅ VESTERBRO & I KGS. ENGHAVE CSR PÅ VESTERBRO & I KGS. ENGHAVE - En '
            'undersøgelse af samarbejde mellem lokale virksomheder og foreninger Udarbejdet af '
            'Frivilligcenter Vesterbro/ Kgs. Enghave 2010 Frivilligcenter Vesterbro/Kgs.Enghave,'
        ),
    ),
    (
        'ERHVERVSMENTORER SKABER RESULTATER',
        (
            'ERHVERVSMENTORER SKABER RESULTATER ERHVERVSMENTORER SKABER RESULTATER - SÅ BRUG '
            'DEM! Trin-for-trin guide til brugen af frivillige erhvervsmentorer i '
            'beskæftigelsesindsatsen I denne guide kan du læse om, hvordan man gennemfører et '
            'erhvervsmentorforløb'
        ),
    ),
    (
        'Kom godt i gang TAG DEL. - den vellykkede inddragelse på TAGDEL.dk. vores samfund',
        (
            'Kom godt i gang TAG DEL. - den vellykkede inddragelse på TAGDEL.dk. vores samfund '
            'Kom godt i gang - den vellykkede inddragelse på TAGDEL.dk Denne manual er udformet '
            'til jer, som nu står foran at skulle bruge TAGDEL.dk som et værktøj til at inddrage '
            'jeres medlemmer, frivillige og andre'
        ),
    ),
    (
        (
            'Styrk jeres indsats gennem samarbejde. En guide til en styrket integrationsindsats '
            'i kommunerne sammen med civilsamfundet og lokale virksomheder'
        ),
        (
            'Styrk jeres indsats gennem samarbejde. En guide til en styrket integrationsindsats '
            'i kommunerne sammen med civilsamfundet og lokale virksomheder Header Styrk jeres '
            'indsats gennem samarbejde Rubrik Header (0) En guide til en styrket '
            'integrationsindsats i kommunerne sammen med civilsamfundet og lokale virksomheder '
            'Rubrik Citat Reference Sideheader'
        ),
    ),
    (
        (
            'Barrierer og udviklingsmuligheder. Samarbejde mellem kommuner og frivillige '
            'organisationer om socialt arbejde'
        ),
        (
            'Barrierer og udviklingsmuligheder. Samarbejde mellem kommuner og frivillige '
            'organisationer om socialt arbejde Barrierer og udviklingsmuligheder Samarbejde '
            'mellem kommuner og frivillige organisationer om socialt arbejde INDHOLDSFORTEGNELSE '
            'Skab klarhed i den kommunale organisering... 4 En frivillighedspolitik kan'
        ),
    ),
    (
        'Udvikling af etniske minoritetsforeninger',
        (
            'Udvikling af etniske minoritetsforeninger Udvikling af etniske minoritetsforeninger '
            '- En guide til frivilligkonsulenter Er denne guide noget for dig? Arbejder du med '
            'at understøtte udvikling af etniske minoritetsforeninger? Vil du have inspiration'
        ),
    ),
    (
        'FRIVILLIG FREDAG ERHVERVSLEDER I PRAKTIK',
        (
            'FRIVILLIG FREDAG ERHVERVSLEDER I PRAKTIK FRIVILLIG FREDAG ERHVERVSLEDER I PRAKTIK '
            'Bliv praktikvært og få ny inspiration til foreningen HVAD ER EN PRAKTIK? '
            'Erhvervsleder i praktik er en aktivitet, der er udviklet i et samarbejde mellem IBM '
            'Danmark'
        ),
    ),
    (
        'Evaluering af Mind Your Own Business',
        (
            'Evaluering af Mind Your Own Business Als Research APS maj 2014 EVALUERINGSRAPPORT '
            'Evaluering af Mind Your Own Business 01 Evaluering af Mind Your Own Business '
            'INDHOLDSFORTEGNELSE FORORD...2 INDLEDNING...3 Evalueringens baggrund...3 '
            'Evalueringens'
        ),
    ),
    (
        'Guide til etablering af socialøkonomisk virksomhed',
        (
            'Guide til etablering af socialøkonomisk virksomhed Guide til etablering af '
            'socialøkonomisk virksomhed 1 Om denne guide Guiden henvender sig til kommunernes '
            'erhvervsrådgivning og til beskæftigelsesforvaltninger og jobcentre og beskriver de '
            'særlige opmærksomhedspunkter'
        ),
    ),
    (
        (
            'Farverige Foreninger. Gode idéer og erfaringer til at arbejde med mangfoldighed i '
            'foreningslivet. Af Majbrit Kronborg Mouridsen'
        ),
        (
            'Farverige Foreninger. Gode idéer og erfaringer til at arbejde med mangfoldighed i '
            'foreningslivet. Af Majbrit Kronborg Mouridsen Farverige Foreninger Gode idéer og '
            'erfaringer til at arbejde med mangfoldighed i foreningslivet Af Majbrit Kronborg '
            'Mouridsen Farverige Foreninger er udarbejdet i juni 2009 Initiativet er finansieret '
            'af'
        ),
    ),
    (
        'ET GODT PSYKISK ARBEJDSMILJØ',
        (
            'ET GODT PSYKISK ARBEJDSMILJØ ET GODT PSYKISK ARBEJDSMILJØ hver dag Inspiration til '
            'en systematisk indsats DET NATIONALE FORSKNINGSCENTER FOR ARBEJDSMILJØ '
            'Arbejdstilsynet Indhold Et godt psykisk arbejdsmiljø hver dag. Inspiration til'
        ),
    ),
    (
        (
            'Strategi 2015 Rammer for frivilligheden Målrettet udvikling Social innovation '
            'Kommunikation Fortalerarbejde Fundraising'
        ),
        (
            'Strategi 2015 Rammer for frivilligheden Målrettet udvikling Social innovation '
            'Kommunikation Fortalerarbejde Fundraising Strategi 2015 Rammer for frivilligheden '
            'Målrettet udvikling Social innovation Kommunikation Fortalerarbejde Fundraising 1 2 '
            'Indhold Rammer for frivilligheden Målrettet udvikling Social innovation '
            'Kommunikation'
        ),
    ),
    (
        'SÆT MÅL OG STYR EFTER DEM',
        (
            'SÆT MÅL OG STYR EFTER DEM SÆT MÅL OG STYR EFTER DEM - OM RESULTATBASERET STYRING I '
            'JOBCENTRE > AUGUST 2011 BESKÆFTIGELSESREGION SYDDANMARK 2 DET ER RELATIVT ENKELT AT '
            'MÅLE PÅ DE ARBEJDSMARKEDSPARATE HVOR HURTIGT DE KOMMER I JOB,'
        ),
    ),
    (
        (
            'Ishøjs DIALOG DIALOG ÅBENHED ÅBENHED ÅBENHED DIALOG. frivilligpolitik LIGEVÆRDIGT '
            'SAMARBEJDE OPBAKNING OG SYNLIGGØRELSE LIGEVÆRDIGT SAMARBEJDE'
        ),
        (
            'Ishøjs DIALOG DIALOG ÅBENHED ÅBENHED ÅBENHED DIALOG. frivilligpolitik LIGEVÆRDIGT '
            'SAMARBEJDE OPBAKNING OG SYNLIGGØRELSE LIGEVÆRDIGT SAMARBEJDE Ishøjs '
            'frivilligpolitik DIALOG Kultur og fritid LIGEVÆRDIGT SAMARBEJDE Miljøområdet DIALOG '
            'LIGEVÆRDIGT SAMARBEJDE ÅBENHED ÅBENHED OPBAKNING OG SYNLIGGØRELSE Det sociale '
            'område OPBAKNING OG SYNLIGGØRELSE'
        ),
    ),
    (
        (
            '(0) Udret mere bliv ikke kun flere. Header. Sideheader. En guide til et styrket og '
            'mere mangfoldigt foreningsliv. Header. Rubrik. Rubrik.'
        ),
        (
            '(0) Udret mere bliv ikke kun flere. Header. Sideheader. En guide til et styrket og '
            'mere mangfoldigt foreningsliv. Header. Rubrik. Rubrik. Header Udret mere bliv ikke '
            'kun flere En guide til et styrket og mere mangfoldigt foreningsliv Rubrik Header '
            '(0) Rubrik Citat Reference Sideheader Udret mere - bliv ikke kun flere En guide til '
            'et styrket'
        ),
    ),
    (
        'Pårørendepolitik. for samarbejdet mellem borgere, pårørende og ansatte',
        (
            'Pårørendepolitik. for samarbejdet mellem borgere, pårørende og ansatte '
            'Pårørendepolitik for samarbejdet mellem borgere, pårørende og ansatte 2 Forord '
            'Pårørende betydningsfulde samarbejdspartnere Et godt socialt netværk kan både kan '
            'give støtte, omsorg og bidrage med praktisk'
        ),
    ),
    (
        'GODE RAMMER FOR SAMSKABELSE',
        (
            'GODE RAMMER FOR SAMSKABELSE GODE RAMMER FOR SAMSKABELSE OPSAMLING PÅ 5 WORKSHOPS PÅ '
            'FRIVILLIGRÅDETS ÅRSMØDE 2012 Sammen om bedre velfærd En del af Projekt Sæt Værdien '
            'Fri INDHOLD RESUMÉ ANBEFALINGERNE PÅ DE 5 OMRÅDER I STIKORD INDLEDNING'
        ),
    ),
    (
        (
            'Konferenceoplæg til Byer for og med mennesker Docken, mandag den 20. november kl. '
            '09.30-12.15'
        ),
        (
            'Konferenceoplæg til Byer for og med mennesker Docken, mandag den 20. november kl. '
            '09.30-12.15 Konferenceoplæg til Byer for og med mennesker Docken, mandag den 20. '
            'november kl. 09.30-12.15 Hvordan skaber vi byer for og med mennesker? Spørgsmålet '
            'er ikke let at besvare og svaret kræver både tankevirksomhed'
        ),
    ),
    (
        'Skabelon for handlingsplan 2012',
        (
            'Skabelon for handlingsplan 2012 Skabelon for handlingsplan 2012 Navn på '
            'aktivitetsområde Landsstyrelsen Formål med aktiviteten Landsstyrelsen er URK s '
            'øverste ledelse og vil således iværksætte og følge initiativer, som har bred '
            'betydning'
        ),
    ),
    (
        'GUIDE: SOCIAL IT I KOMMUNEN. Til gavn for mennesker med funktionsnedsættelser',
        (
            'GUIDE: SOCIAL IT I KOMMUNEN. Til gavn for mennesker med funktionsnedsættelser '
            'GUIDE: SOCIAL IT I KOMMUNEN Til gavn for mennesker med funktionsnedsættelser '
            'KOLOFON Tekst Socialt Udviklingscenter SUS Layout ArtRebels Foto Das Büro Socialt '
            'Udviklingscenter SUS Nørre Farimagsgade 13'
        ),
    ),
    (
        'DELTAG I NYE MÅL 2015',
        (
            'DELTAG I NYE MÅL 2015 INVITATION TIL OFFENTLIGE VIRKSOMHEDER DELTAG I NYE MÅL 2015 '
            'ET UDVIKLINGSPROJEKT OM KOMMUNIKATIONSMÅLINGER 1 INDHOLD 1. PROJEKTET KORT...4 2. '
            'HVEM HAR DELTAGET FØR?...4 3. BJERG K...6 4. HVAD FÅR DU UD'
        ),
    ),
    (
        (
            'Skolen på job. - masterplan for samarbejde mellem virksomheder og skoler i Viborg '
            'Kommune'
        ),
        (
            'Skolen på job. - masterplan for samarbejde mellem virksomheder og skoler i Viborg '
            'Kommune Skolen på job - masterplan for samarbejde mellem virksomheder og skoler i '
            'Viborg Kommune Skolen på job Materialet er udgivet af VIBORGegnens Erhvervsråd i '
            'samarbejde med Børn & Unge i Viborg Kommune. Bag'
        ),
    ),
    (
        'Handlingsplan for Fødevareministeriets kommunikationsindsats 2010-14',
        (
            'Handlingsplan for Fødevareministeriets kommunikationsindsats 2010-14 Ministeriet '
            'for Fødevarer, Landbrug og Fiskeri Institution: Fødevareministeriets Fælles '
            'Kommunikationsenhed Kontor/initialer: FFK Sagsnr.: Dato: 5. maj 2010 Handlingsplan '
            'for Fødevareministeriets kommunikationsindsats'
        ),
    ),
    (
        'Vejen til en sundere arbejdsplads',
        (
            'Vejen til en sundere arbejdsplads dialogv SUND ARBEJDSPLADS DIALOGVÆRKTØJ Vejen til '
            'en SUND ARBEJDSPLADS sundere arbejdsplads Indhold 3 Udvikling af en sund '
            'arbejdsplads 5 Kom godt i gang med dialogværktøjet 7 Tjekliste Kom godt i gang'
        ),
    ),
    (
        'Udvikling af forslag til platform og programmer for Spejderne i Danmark',
        (
            'Udvikling af forslag til platform og programmer for Spejderne i Danmark Udvikling '
            'af forslag til platform og programmer for Spejderne i Danmark Udarbejdet af '
            'Spejdernes Tænketank: Stine Algot Nielsen, Danske Baptisters Spejderkors Claus '
            'Rantzau, KFUM-Spejderne i Danmark Stefan'
        ),
    ),
    (
        'Inspiration til at arbejde med lokale personalepolitisk udviklingsprojekter',
        (
            'Inspiration til at arbejde med lokale personalepolitisk udviklingsprojekter Bilag A '
            'til kredsuds. nr. 011/2014 Inspiration til at arbejde med lokale personalepolitisk '
            'udviklingsprojekter februar 2014 Hvad er formålet med et udviklingsprojekt? '
            'Formålet med at gennemføre personalepolitiske'
        ),
    ),
    (
        'Inspirationskatalog. Introduktion',
        (
            'Inspirationskatalog. Introduktion Inspirationskatalog Introduktion Inspirations '
            'kataloget er udarbejdet på baggrund af de statsfinansierede praksisnære '
            'innovationsprojekter. Rammen for de praksisnære innovationsprojekter er sat op '
            'omkring,'
        ),
    ),
    (
        (
            'FLERE OG STÆRKERE SOCIALØKONOMISKE VIRKSOMHEDER I DANMARK Regeringens opfølgning på '
            'anbefalinger fra Udvalget for socialøkonomiske virksomheder'
        ),
        (
            'FLERE OG STÆRKERE SOCIALØKONOMISKE VIRKSOMHEDER I DANMARK Regeringens opfølgning på '
            'anbefalinger fra Udvalget for socialøkonomiske virksomheder FLERE OG STÆRKERE '
            'SOCIALØKONOMISKE VIRKSOMHEDER I DANMARK Regeringens opfølgning på anbefalinger fra '
            'Udvalget for socialøkonomiske virksomheder [Måned] [årstal] September 2014 ISBN: '
            '978-87-7546-497-5 Billede:'
        ),
    ),
    (
        'KOMMUNIKATIONS- STRATEGI 2015',
        (
            'KOMMUNIKATIONS- STRATEGI 2015 KOMMUNIKATIONS- STRATEGI 2015 INDHOLDSFORTEGNELSE '
            'INDLEDNING... 3 HVORFOR KOMMUNIKERER VI?... 3 DET STRATEGISKE FUNDAMENT... 3 '
            'Fremtidsdrøm... 3 DNA... 4 INDSATSOMRÅDER... 4 Strategi 2015... 4 '
            'Kommunikationssituation...'
        ),
    ),
]

# --- seed 004: docplayer transcript ---
TELEPLAN_TITLE = 'IKT-samarbeid et overblikk'
TELEPLAN_PAGES = [
    (
        'S amhandling på tvers og på langs S eminar , Oslo IKT-samarbeid et overblikk Hvilke '
        'erfaringer har vi med IKT-samarbeid så langt? Hva bør vi ta med oss videre? G '
        'jermund Lanes tedt S jefskonsulent, Teleplan AS Teleplan AS, Fornebuveien 31, P.O. '
        'Box 69, 1324 Lysaker, Norway,'
    ),
    (
        'S amarbeid på IKT-området IKT-s amarbeid i Norge S amarbeidene gjennomgående ganske '
        'store: i snitt 5-6 kommuner E stimat: oppunder halvparten av landets kommuner '
        'inngår i en eller annen form for formalis ert IKT-s amarbeid 2'
    ),
    (
        'Hvilken vei går utviklingen? Tror du det blir mer IKT-samarbeid mellom norske '
        'kommuner framover? 1 Ja, det blir mye mer 2 Ja, kanskje litt mer 3 Nei, det kommer '
        'til å avta 4 Vet ikke Undersøkelse om interkommunalt IKT-samarbeid 3'
    ),
    (
        'Konteksten Dette handler ikke bare om IKT-samarbeid, men om organiseringen av mange '
        'typer kommunale oppgaver både støttefunkjsoner og kjerneoppgaver IKT-samarbeid '
        'representerer likevel en viktig del av de regionale s amarbeidsinitiativene Kilde: '
        'Statistisk sentralbyrå 4'
    ),
    (
        'Hvorfor er IKT-samarbeid i fokus? Kommuner under pres s Økte krav om service- og '
        'brukerorientering Forventninger om høyere kvalitet på IKT-tjenestene Voksende '
        'digital kompetanse blant brukerne S tadig nye bruksområder Digitalisering av '
        'arbeidsprosesser og brukerdialog i det offentlige, for økt kvalitet og effektivitet '
        'Forventninger om økt effektivitet og fokus på kjerneoppgaver IKT frigjør ressurser '
        'IKT s tadig mer forretnings kritis k D en teknologiske utviklingen går raskt '
        'Interkommunalt IKT-samarbeid en smart strategi for å møte nye krav i sær for små '
        'kommuner S tatlige myndigheter: ønskelig med mer samarbeid i kommunene for å '
        'imøtekomme krav på en robust måte 5'
    ),
    (
        'M odell Ø kt kvalitet Ø konomiske gevins ter Kommune Ø kt kvalitet O uts ourcing '
        'Bedre muligheter for samarbeid på flere områder Felles bes tillerorg an Interes s '
        'efelless kap med nabokommuner Felles e-s trategi S amarbeidsavtaler Felles '
        'infrastruktur Harmonisering av IT-løsninger Felles IKT-drift Gevinstrealisering i '
        'den enkelte kommune Ø kt kvalitet/nye tjenester Ø konomiske gevinster S trategisk '
        'for IKT-samarbeid: muliggjør samarbeid på andre områder Ulik grad av formalis ert s '
        'amarbeid mellom partene: - løst/pros jektorganis ert - vertskommunesamarbeid - '
        '27-samarbeid - IKS - AS og kombinasjoner av disse, og eventuelt med innslag av '
        'outsourcing til markedsaktører 6'
    ),
    (
        'Ulike tilnærminger til samarbeid Ovenfra og ned R egionalt og politis k forankret; '
        's trategis k motivert På bred front, for ett bestemt samarbeidsområde (f eks skole '
        'eller lønn/personal) Drevet av etatsledelsen; instrumentell tilnærming til IT '
        'Nedenfra og opp Ofte drevet av IT-ansvarlige; fra sak til sak praktisk og kompetans '
        'emes s ig motivert 7'
    ),
    (
        'E rfaringsspredning M ange eksempler på regionalt samarbeid om: B redbånds '
        'etablering og nettdrift D rift av bas is IKT-funksjoner S amarbeid om '
        'IT-anvendelser både innen støttefunksjoner og kjerneoppgaver E tter hvert en god '
        'del erfaring men likevel begrenset med spredning av disse erfaringene For nye s '
        'amarbeid: hvordan utnytte foregangskommunenes erfaringer? 8'
    ),
    (
        'Internasjonalt Interkommunalt samarbeid ikke noe særnorsk fenomen, heller ikke på '
        'IKT-området S verige og Finland: utstrakt interkommunalt samarbeid også med et '
        'lovverk som i større grad har unders tøttet s amarbeids løs ninger Danmark også '
        'sterk statlig koordinering E U 9'
    ),
    (
        'B landede erfaringer Hva er dine erfaringer med interkommunalt samarbeid på '
        'IKT-området? 1 Generelt svært gode 2 Gode 3 Både gode og dårlige 4 Dårlige 5 S vært '
        'dårlige Undersøkelse om interkommunalt IKT-samarbeid 10'
    ),
    (
        'Noen hovedproblems tillinger Hva er motivet for s amarbeid? Hvem skal vi samarbeide '
        'med? Hva slags prosess skal vi ha og hvem skal delta? Hva skal oppnås hvor store '
        'ambisjoner skal vi ha? Hvordan bør det hele forankres? Hvordan ser vi for oss '
        'organiseringen av selve samarbeidet? På kort og lang sikt. Hvordan realis ere '
        'gevins tene? Hvordan skal samarbeidet videreutvikles? Undersøkelse om '
        'interkommunalt IKT-samarbeid 11'
    ),
    (
        'Vanlige motkrefter Us ikkerhet om hvordan kommunen kan s tyre IT-funks jonene Us '
        'ikkerhet med hens yn til framtidig tjenestekvalitet Antagelser om større avstand '
        'fra bruker til IT-support Forestillinger om at noen (av kommunene) taper på '
        'samarbeidet Frykten for regional sentralisering, og tap av arbeidsplasser lokalt '
        'IT-ansatte som mener seg negativt berørt av omstillingen (Andres) bekymringer for '
        'de nåværende IT-ansattes situasjon IT-faglige kjepphester om bra og dårlige løs '
        'ninger R edsel for byråkratisering av beslutningsprosesser Undersøkelse om '
        'interkommunalt IKT-samarbeid 12'
    ),
    (
        'Noen erfaringer Utgangspunktet E n fordel om partene har samarbeidet tidligere (om '
        'andre ting) Likhet det må være synlige gevinster for alle deltakerne i s amarbeidet '
        'E n utfordring dersom kommunene er alt for ulike Forutsetningene må klarlegges. '
        'Avklar ambisjonsnivå, og partenes vilje og evne til å gjennomføre Kompetansemangel '
        'og store kulturforskjeller mellom kommunene kan være grunnleggende utfordringer '
        'Undersøkelse om interkommunalt IKT-samarbeid 13'
    ),
    (
        'Noen erfaringer Forankring Lokal politisk og administrativ forankring av s '
        'amarbeids idéen er svært viktig. Forankring særlig hos mellomledere og '
        'nøkkelpersoner i deltakerkommunene. R egional identitet må etableres. R egionrådet '
        '(kan være) en viktig aktør for å s ikre regional forankring. Viktig med bred '
        'forståelse for de fordeler IKT-samarbeid generelt representerer, og en oppslutning '
        'om felless kapstanken Forankre, informer og involver berørte parter hele veien også '
        'de som ikke har tid til å delta i prosessen Undersøkelse om interkommunalt '
        'IKT-samarbeid 14'
    ),
    (
        'Noen erfaringer Prosessen Det finnes ingen fasitløsning for organisering av '
        'arbeidet, men en god pros jektmodell er et suksesskriterium Legg opp til ryddige og '
        'åpne prosesser S ørg for at interne ressurspersoner får tid til å bidra i både '
        'planlegging og gjennomføring (frikjøp av tid) Når IT-strategier og løsninger skal '
        'harmoniseres må kjepphestene settes på stallen Avklar tidlig grunnleggende '
        'samarbeidsprinsipper, for eks empel for lokaliseringsspørs mål Undersøkelse om '
        'interkommunalt IKT-samarbeid 15'
    ),
    (
        'Noen erfaringer Den vanskelige oppstartsfasen I en oppstartsperiode krever '
        'samarbeidet ekstra ressurser Har kommunene svært ulikt teknologisk utgangspunkt, '
        'blir oppstartsfasen langvarig det tar tid for små kommuner å heve seg til de stores '
        'nivå Ved oppstart av selskap: Forventningene under oppstartsfasen må avstemmes, '
        'slik at en unngår mageplask når servicenivået (temporært) synker! Innføring av nye '
        'systemer tar lett fokus vekk fra løpende drift og support Avklar tidlig (kanskje '
        'allerede i forarbeidene) ønsket leveransekvalitet (S LA) og -styring (S LM ) Nærhet '
        'til brukerne er en viktig forutsetning vurder tiltak som kan kompensere for at det '
        'blir lenger avstand til IT-kompetans en Undersøkelse om interkommunalt '
        'IKT-samarbeid 16'
    ),
    (
        'Noen erfaringer Bes lutningene Målformuleringene er ofte utydelige. Fokuser på hva '
        'som skal oppnås og hvorfor. Hva er gevinstene og når kommer dis se? Beskriv '
        'alternativene for beslutningstakerne, også 0 -alternativet. S amarbeid innebærer '
        'også kompromisser og at deltakerne mister råderett. Noen må kanskje gi avkall på '
        'godt fungerende og rimelige fagsystemer, til fordel for naboens dyrere men '
        '"riktigere" løs ning Vær opptatt av gevinstene, men undervurder ikke kostnadene. E '
        'n del av kostnadene er ikke nye, men s ynliggjøring av tidligere s kjulte kostnader '
        'Fokus på konkrete samarbeidsområder og gevinster, herunder også fordelene for de '
        'ansatte Vær bevis s t på regelverkene og implikasjonene av ulike valg Undersøkelse '
        'om interkommunalt IKT-samarbeid 17'
    ),
    (
        'Noen erfaringer Driftsfasen Kommunene må opprettholde nødvendig bestillerkompetanse '
        'Klare prismodeller, gode bestillingsrutiner og ryddige prins ipper for kostnads '
        'fordeling er viktig i drifts fasen Vær forberedt på at samarbeidet kan få sin egen '
        'agenda! IKT-samarbeidet kan av noen oppfattes som en kostnadsøkning urettmessig '
        'siden det ofte er en del av en større, generell IT-sats ing E valuer samarbeidet '
        'regelmessig se samarbeidet som en dynamisk prosess Hold fokus og trøkk på '
        'samarbeidet, selv om det kan være vanskelig å se gevinstene hele veien (de kan f '
        'eks i perioder komme i andre kommuner) Undersøkelse om interkommunalt IKT-samarbeid '
        '18'
    ),
    (
        'Hva er gevinstene? S trategiske gevinster M ulighet for tjenes tes amarbeid og '
        'arbeidsdeling R egional identitet Kunne tilby krevende IT-tjenes ter Få til å '
        'etablere infras truktur Ø kt kvalitet Høyere tjenestekvalitet Mer robust IT-drift '
        'Ansattes kompetans e Utgangspunkt Lavere innkjøps kostnad (s tørre volum) R '
        'imeligere IT-drift (s tordrift) R eduserte kostnader Undersøkelse om interkommunalt '
        'IKT-samarbeid 19'
    ),
    (
        'G evinster og kostnader Lavere kostnader Bedre tjenester Kompleksitet Prosess '
        'Integrasjon Forutsetninger for samarbeid Undersøkelse om interkommunalt '
        'IKT-samarbeid 20'
    ),
    (
        'M odellvalg Lokal forankring/ styring styring Partnerskap / prosjektsamarbeid Verts '
        'kommunes amarbeid KL 27 IK S AS S truktur, forpliktels e, ryddighet Undersøkelse om '
        'interkommunalt IKT-samarbeid 21'
    ),
    (
        'Kombinasjoner P ros jektbasert S amarbeid KL 27 Vertskommune KL 27 IKS Funks jons s '
        'amarbeid S amarbeid om tjenes teproduks jon Utvikling s - og bes tillers amarbeid '
        'Drift av et fagsys tem Drift av bas is IT-res surs er Outsourcingspartner '
        '(markedsaktør) Drift av enkelts ys tem Kommunalt eid AS Kommunikas jons tjenes ter '
        'Undersøkelse om interkommunalt IKT-samarbeid 22'
    ),
    (
        'Avgjørende for valg av modell E r deltakerne modne for radikal endring, eller bør '
        'samarbeidet piloteres for å vinne erfaringer? Hvor viktig er det med politisk '
        'styring av IKTfunks jonene? Tidspers pektiv og ambisjoner O mfattende samarbeid '
        'kraftfull regional visjon Langs iktig, men avgrenset til noen områder '
        'Instrumentelt: samarbeid som oppryddingsøvelse på vei til felles outsourcing til '
        'markedsaktør E rfaringer fra andre s amarbeid i regionen Forhold til markedet '
        'utenfor s amarbeidet S yns punktene og rettighetene til berørte ans atte '
        'Undersøkelse om interkommunalt IKT-samarbeid 23'
    ),
    (
        'R oller Bevissthet om de ulike roller i samarbeidet Klarhet i grens eflatene Alle '
        'rollene krever s in kompetans e Kommunen kommer i en vanskelig dobbeltrolle som '
        'eier (av driftsorganisasjonen) og bestiller og krevende kunde Eier Bestiller '
        'Utfører Undersøkelse om interkommunalt IKT-samarbeid 24'
    ),
    'Nettbasert veileder',
    (
        'Arbeidet med veilederen S amlet erfaringer fra pros jekter i Høykomporteføljen i R '
        'eferans egruppe ga viktige innspill S ys tematis erte viktige felles trekk KS '
        'tilgjengeliggjorde erfaringene i en brosjyre og gjennom R evisjon i 2007 Nye '
        'intervjurunder og erfaringsinnsamling E n fast, liten redaksjon av nettstedet Bl.a. '
        'uttrykt flere ønsker om mer fokus på økonomi (besparelser, kostnader) og gevins '
        'trealis ering Dette er en start. Det er fritt fram for forbedringer og '
        'videreutvikling med flere erfaringer fra nye samarbeid Undersøkelse om '
        'interkommunalt IKT-samarbeid 26'
    ),
    (
        'Hvilken vei går det videre? Vil det IKT-samarbeidet du kjenner til best endres de '
        'nærmeste to årene? 1 Vil voks e mht antall kommuner 2 Vil øke antallet områder det '
        's amarbeides om 3 E nkelte kommuner vil falle fra 4 E nkelte samarbeidsområder vil '
        'kommunene igjen overta hver for seg 5 Ingen endring 6 Vet ikke Undersøkelse om '
        'interkommunalt IKT-samarbeid 27'
    ),
    (
        'Framtiden På hvilke nye virksomhetsområder vil kommunene kunne utnytte den felles '
        'ITinfras trukturen? Vil IT-modning og løsningsmessig standardisering i kommunene (f '
        'eks S OA) gjøre det enklere å outsource til markedsaktører? Hvordan vil juridiske '
        'og administrative beskrankninger og rammebetingelser utfordres? Får vi samarbeid '
        '(og spesialisering/funksjonsdeling) mellom s amarbeidene? Noen innspill på hvordan '
        'KS og staten kan bidra: Undersøkelse om interkommunalt IKT-samarbeid 28 S '
        'tandardisering og harmonisering'
    ),
    (
        'Noen budskap til nye samarbeid Vær tydelig på målene og de forventede gevinstene av '
        'samarbeidet. Legg tid og arbeid i å utrede og organisere samarbeidet. M en ingen '
        'struktur vil vare evig samarbeidet må evalueres regelmessig og partene må være åpne '
        'for endringer. Ikke undervurder viktigheten av forankring i alle ledd: regionalt, '
        'lokalt, i etatene, hos brukerne. Informer alle berørte i alle faser og stadier av '
        'arbeidet. Vær tidlig konkret om hvilke tjenestenivåer som vil etableres og avstem '
        'forventningene mellom partene. Vær forberedt på en vanskelig oppstartsfase, med '
        'økte kostnader og lavere tjenestekvalitet. Brukerne vil reagere på at avstanden til '
        'IT-funksjonene blir større. Behold noe lokal teknisk kompetanse på kommunehuset. S '
        'øk råd fra de som har gjort det før Undersøkelse om interkommunalt IKT-samarbeid 29'
    ),
    'Gjermund Lanestedt',
]
# The page's related documents: (title, snippet) in page order.
TELEPLAN_RELATED = [
    (
        'Samarbeid mellom ledere og tillitsvalgte',
        (
            'Samarbeid mellom ledere og tillitsvalgte Samarbeid mellom ledere og tillitsvalgte '
            'Forord Denne veiledningen er laget av et partssammensatt utvalg bestående av '
            'representanter fra LO Stat, YS-Spekter, SAN og Arbeidsgiverforeningen Spekter. '
            'Utvalget'
        ),
    ),
    (
        'Resultat og dialog. Balansert målstyring (BMS) i kommunal sektor',
        (
            'Resultat og dialog. Balansert målstyring (BMS) i kommunal sektor Resultat og dialog '
            'Balansert målstyring (BMS) i kommunal sektor Innhold Forord Innledning 7 del I: '
            'Balansert målstyring i kommunal sektor 9 kapittel 1: Hva er balansert målstyring? '
            '11 Helhet 11 Fokus 13'
        ),
    ),
    (
        'Hvor er handlingsrommet i anskaffelsesregelverket?',
        (
            'Hvor er handlingsrommet i anskaffelsesregelverket? Hvor er handlingsrommet i '
            'anskaffelsesregelverket? - en kort veileder 1 Anskaffelsesregelverket 2 gir '
            'offentlige myndigheter mange utfordringer. Noen av dem skyldes detaljeringsgraden i '
            'regelverket, andre'
        ),
    ),
    (
        (
            'Mot alle odds? Veier til samordning i norsk forvaltning. Difi-rapport 2014:07 ISSN '
            '1890-6583'
        ),
        (
            'Mot alle odds? Veier til samordning i norsk forvaltning. Difi-rapport 2014:07 ISSN '
            '1890-6583 Mot alle odds? Veier til samordning i norsk forvaltning Difi-rapport '
            '2014:07 ISSN 1890-6583 Forord Difi har gjennomført et prosjekt der formålet har '
            'vært å belyse samordning i norsk forvaltning og å peke'
        ),
    ),
    (
        'Hvordan lage en kommunikasjonsstrategi?',
        (
            'Hvordan lage en kommunikasjonsstrategi? KS Omdømmeprosjekt Attraktiv arbeidsgiver '
            'Hvordan lage en kommunikasjonsstrategi? Utviklet av Borghild Eldøen, Eldøen '
            'kommunikasjon DEFINISJONER Kommunikasjon - informasjon I norsk språkbruk brukes ofte'
        ),
    ),
    (
        'Veileder Resultatmåling',
        (
            'Veileder Resultatmåling Veileder Resultatmåling Mål- og resultatstyring i staten '
            'SSØ 12/2010, 2. opplag 3000 eks. Forord God informasjon om egne resultater er en '
            'forutsetning for at statlige virksomheter skal kunne tilpasse seg'
        ),
    ),
    (
        'Veien mot en ny kommune. Veileder for utredning og prosess',
        (
            'Veien mot en ny kommune. Veileder for utredning og prosess Veien mot en ny kommune '
            'Veileder for utredning og prosess Innhold Forord... 2 Innledning... 3 Sentrale mål '
            'og føringer... 4 Status... 6 Et felles framtidig mulighetsbilde... 11 Tilråding, '
            'informasjon og'
        ),
    ),
    (
        (
            'Samarbeid gir styrke - evaluering av Felles planprosjekt for samferdsel og '
            'infrastruktur i Østlandssamarbeidet'
        ),
        (
            'Samarbeid gir styrke - evaluering av Felles planprosjekt for samferdsel og '
            'infrastruktur i Østlandssamarbeidet ØF-rapport nr. 11/2001 Samarbeid gir styrke - '
            'evaluering av Felles planprosjekt for samferdsel og infrastruktur i '
            'Østlandssamarbeidet av Lene Nyhus og Trude Hella Eide 1 Østlandsforskning er et for '
            'skningsinstitutt'
        ),
    ),
    (
        'Det Digitale Distriktsagder',
        (
            'Det Digitale Distriktsagder Det Digitale Distriktsagder - 18 distriktskommuner '
            'skaffer seg bredbånd HØYKOM- rapport nr 402 Rapporten er utarbeidet innenfor '
            'programmet HØYKOM Program for tilskudd til høyhastighetskommunikasjon Ansvarlig'
        ),
    ),
    (
        'Veileder. Håndbok for samfunnsøkonomiske analyser',
        (
            'Veileder. Håndbok for samfunnsøkonomiske analyser Veileder Håndbok for '
            'samfunnsøkonomiske analyser 2 SSØ 10/2010, 1. opplag 1500 eks. Forord Det er viktig '
            'at statlige tiltak er velbegrunnede og gjennomtenkte. Samfunnsøkonomisk analyse er '
            'en metode for'
        ),
    ),
    (
        'Veileder. Vertskommunemodellen i kommuneloven 28 a flg.',
        (
            'Veileder. Vertskommunemodellen i kommuneloven 28 a flg. Veileder '
            'Vertskommunemodellen i kommuneloven 28 a flg. Veileder Vertskommunemodellen i '
            'kommuneloven 28 a flg. 1 Innhold '
            'Forord............................................................................................'
        ),
    ),
    (
        'Veileder Gevinstrealisering',
        (
            'Veileder Gevinstrealisering Veileder Gevinstrealisering planlegging for å hente ut '
            'gevinster av offentlige prosjekter Forord I de fleste offentlige prosjekter vil det '
            'være forventninger om gevinster som skal realiseres etter at prosjektet'
        ),
    ),
    (
        (
            'Destinasjon Norge. - sett fra fjellbygda Rauland. Stein Birger Johnsen. Rauland '
            '04.12.12'
        ),
        (
            'Destinasjon Norge. - sett fra fjellbygda Rauland. Stein Birger Johnsen. Rauland '
            '04.12.12 Destinasjon Norge - sett fra fjellbygda Rauland Stein Birger Johnsen '
            'Rauland 04.12.12 1. Oppsummering Regjeringen la frem sin reiselivsstrategi '
            '"Destinasjon Norge" 10. april 2012. Strategien legger i kapittel'
        ),
    ),
    (
        'Hvordan kan vi som ledere forstå og møte motstand i endringsprosesser?',
        (
            'Hvordan kan vi som ledere forstå og møte motstand i endringsprosesser? Hvordan kan '
            'vi som ledere forstå og møte motstand i endringsprosesser? Nasjonalt '
            'Topplederprogram våren 2009 Anne Bjørg Nyseter Stian Refsnes Henriksen Bård Are '
            'Bjørnstad Nasjonalt Topplederprogram våren'
        ),
    ),
    (
        (
            'Utredning om effektivisering mv av de administrative funksjonene i '
            'departementsfellesskapet'
        ),
        (
            'Utredning om effektivisering mv av de administrative funksjonene i '
            'departementsfellesskapet Utredning om effektivisering mv av de administrative '
            'funksjonene i departementsfellesskapet Oslo, 10. desember 2014 Capgemini Norge AS '
            'Hoffsveien 1D Postboks 475 Skøyen 0214 OSLO Telefon: 24 12 80 00 Telefaks:'
        ),
    ),
    (
        'Behov for kraftsamling Evaluering av næringsutviklingsarbeidet i Nore og Uvdal kommune',
        (
            'Behov for kraftsamling Evaluering av næringsutviklingsarbeidet i Nore og Uvdal '
            'kommune Behov for kraftsamling Evaluering av næringsutviklingsarbeidet i Nore og '
            'Uvdal kommune Oxford Research er et skandinavisk analyseselskap som dokumenterer og '
            'utvikler kunnskap i analyser, evalueringer og'
        ),
    ),
    (
        'MAL FOR PROGRAM - og AKTIVITETSPLAN',
        (
            'MAL FOR PROGRAM - og AKTIVITETSPLAN Boligsosialt handlingsprogram Program og '
            'aktivitetsplan 2012-2015 MAL FOR PROGRAM - og AKTIVITETSPLAN Innhold 1 '
            'Sammendrag... 3 2 Innledning... 3 2.1 Formål med programmet... 3 2.2 Bakgrunn... 4 '
            '2.2.1'
        ),
    ),
    (
        'Rapport 2004-121. Hva er - og hvordan utvikle en samkommune?',
        (
            'Rapport 2004-121. Hva er - og hvordan utvikle en samkommune? Rapport 2004-121 Hva '
            'er - og hvordan utvikle en samkommune? ECON-rapport nr. 2004-121, Prosjekt nr. '
            '39900 ISSN: 0803-5113, ISBN 82-7645-748-7 JKN/tma, HJO, 6. januar 2005 Offentlig '
            'Hva er - og hvordan'
        ),
    ),
    (
        'YS idehefte for en god og meningsfull',
        (
            'YS idehefte for en god og meningsfull YS idehefte for en god og meningsfull '
            'pensjonisttilværelse Mars 2010 Design: Signus Foto: Istockphoto YS gir deg råd og '
            'inspirasjon Foto: Erik Norrud Om få år når de store barnekullene født etter krigen'
        ),
    ),
    (
        (
            'Rapport om Omsorgsutfordringene i kommunene: «Morgendagens omsorg morgendagens '
            'utfordringer?» Del 2 Evaluering av dialogmøter som arbeidsmetode'
        ),
        (
            'Rapport om Omsorgsutfordringene i kommunene: «Morgendagens omsorg morgendagens '
            'utfordringer?» Del 2 Evaluering av dialogmøter som arbeidsmetode Rapport om '
            'Omsorgsutfordringene i kommunene: «Morgendagens omsorg morgendagens utfordringer?» '
            'Del 2 Evaluering av dialogmøter som arbeidsmetode Rapport fra RO mars 2015 RO '
            'Værnesgata 17, 7503 Stjørdal'
        ),
    ),
    (
        'selvhjelpsgrupper over telefon',
        (
            'selvhjelpsgrupper over telefon Selvorganiserte selvhjelpsgrupper over telefon 2012 '
            'Selvorganiserte selvhjelpsgrupper skal være en mulighet for hele Norges befolkning. '
            'Norge er et land med store geografiske utfordringer. Selvorganiserte'
        ),
    ),
    (
        'SLIK VI SER DET! FFOs vurdering av utvalgets forslag',
        (
            'SLIK VI SER DET! FFOs vurdering av utvalgets forslag Henning Bjurstrøm 2. nestleder '
            'i FFO SLIK VI SER DET! FFOs vurdering av utvalgets forslag FFO har sett frem til '
            'denne anledningen hvor vi, sammen med andre viktige aktører på området, får '
            'muligheten til'
        ),
    ),
    (
        'Omstilling? Har du husket det viktigste?',
        (
            'Omstilling? Har du husket det viktigste? Arbeidstilsynets publikasjoner best.nr. '
            '590 Omstilling? Har du husket det viktigste? Hva du kan gjøre for å sikre sunne '
            'omstillingsprosesser Utgitt september 2008 Direktoratet for arbeidstilsynet Statens'
        ),
    ),
    (
        'Innholdsfortegnelse. Sekretærer: Kristine Kallset Ellen Rønning-Arnesen Siri Holland',
        (
            'Innholdsfortegnelse. Sekretærer: Kristine Kallset Ellen Rønning-Arnesen Siri '
            'Holland 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 '
            '29 30 31 32 33 34 35 36 37 38 39 40 41 Innholdsfortegnelse Kapittel 1: En '
            'helsepolitikk for vår tid... 2 Kapittel 2: Gode liv'
        ),
    ),
    (
        (
            'I GLOBAL KONKURRANSE HOLDER DET IKKE Å VÆRE KRETSMESTER! Suksessfaktorer og hindre '
            'for norske gründere med internasjonale ambisjoner'
        ),
        (
            'I GLOBAL KONKURRANSE HOLDER DET IKKE Å VÆRE KRETSMESTER! Suksessfaktorer og hindre '
            'for norske gründere med internasjonale ambisjoner I GLOBAL KONKURRANSE HOLDER DET '
            'IKKE Å VÆRE KRETSMESTER! Suksessfaktorer og hindre for norske gründere med '
            'internasjonale ambisjoner Norges BNP per innbygger er på verdenstoppen, på FNs '
            'Human Development'
        ),
    ),
    (
        'Sammen om et godt barnevern',
        (
            'Sammen om et godt barnevern Sammen om et godt barnevern - veileder til inngåelse av '
            'lokale samarbeidsavtaler mellom kommunalt og statlig barnevern Innhold Forord 3 1. '
            'Om veilederen 4 2. Samarbeidet mellom kommunalt og statlig barnevern'
        ),
    ),
    (
        'Utredning i forhold til konsekvenser ved eventuelt å konkurranseeksponere KKE KF',
        (
            'Utredning i forhold til konsekvenser ved eventuelt å konkurranseeksponere KKE KF '
            'Utredning i forhold til konsekvenser ved eventuelt å konkurranseeksponere KKE KF 1 '
            'av 26 Innhold 1 Sammendrag... 4 2 Bakgrunn... 5 2.1 Konkurranseeksponering i '
            'offentlig sektor... 6 2.2 Offentlig vs privat'
        ),
    ),
    (
        'Slik lager dere en workshop om inkludering av etniske minoriteter - et veiledningshefte',
        (
            'Slik lager dere en workshop om inkludering av etniske minoriteter - et '
            'veiledningshefte Slik lager dere en workshop om inkludering av etniske minoriteter '
            '- et veiledningshefte Vi kan inkludere flere Vi kan inkludere flere! Vi kan '
            'inkludere flere Dette veiledningsheftet handler om inkludering'
        ),
    ),
    (
        'Arbeidsgiverpolitikk ved kommunesammenslåinger',
        (
            'Arbeidsgiverpolitikk ved kommunesammenslåinger Arbeidsgiverpolitikk ved '
            'kommunesammenslåinger KOMMUNESEKTORENS ORGANISASJON The Norwegian Association of '
            'Local and Regional Authorities 2 Kommunesektoren står overfor nye og krevende '
            'lederutfordringer'
        ),
    ),
    (
        'KARTLEGGING AV SKOLENES FORHOLD TIL «BRING YOUR OWN DEVICE»',
        (
            'KARTLEGGING AV SKOLENES FORHOLD TIL «BRING YOUR OWN DEVICE» KARTLEGGING AV SKOLENES '
            'FORHOLD TIL «BRING YOUR OWN DEVICE» Beregnet til Senter for IKT i utdanningen '
            'Dokumenttype Rapport, versjon 1.1 Dato 1. mars 2013 SENTER FOR IKT I UTDANNINGEN '
            'KARTLEGGING AV SKOLENES'
        ),
    ),
]
