"""Demo content of the accessibility statement, one entry per language for `cms.services.site_setup`
(the "accessibility" section of load_demo's SITE).

The Polish and English statements follow the Polish Act of 4 April 2019 (the federation's seat is in
Poland); the Czech one follows Czech Act No. 99/2019 Coll. The facts are the site's own, as a
self-assessment found them: the pages and the PDFs the site renders pass WCAG 2.1 AA checks, while files that
member associations upload may not be accessible.
"""

import datetime as dt

SITE_PUBLISHED_ON = dt.date(2026, 3, 2)
SITE_UPDATED_ON = dt.date(2026, 11, 2)
PREPARED_ON = dt.date(2026, 3, 2)
REVIEWED_ON = dt.date(2026, 11, 16)

CONTACT = {
    "contact_name": "Agnieszka Wróblewska",
    "contact_email": "dostepnosc@pros.example.org",
    "contact_phone": "+48 68 000 00 00",
}

ACCESSIBILITY_SECTION = {
    "pl": {
        "title": "Deklaracja dostępności",
        "slug": "deklaracja-dostepnosci",
        "show_in_menus": False,
        "jurisdiction": "PL",
        "entity_name": "Porozumienie Regionalnych Organizacji Samorządowych",
        "site_published_on": SITE_PUBLISHED_ON,
        "site_updated_on": SITE_UPDATED_ON,
        "compliance": "partial",
        "non_accessible_content": (
            "<ul>"
            "<li>Pliki PDF i inne załączniki, które zamieszczają organizacje członkowskie (uchwały, zaproszenia, materiały "
            "szkoleniowe), mogą nie być dostępne cyfrowo: bywają skanami bez warstwy tekstowej, nie mają struktury nagłówków "
            "albo tekstu alternatywnego dla grafik. Na żądanie udostępnimy ich treść w dostępnej formie.</li>"
            "<li>Niektóre tabele w materiałach szkoleniowych członków są obrazami. Ich treść przekażemy na żądanie jako tekst.</li>"
            "</ul>"
        ),
        "exemptions": (
            "<ul>"
            "<li>Treści stron zewnętrznych, do których prowadzą odnośniki (na przykład projekty aktów prawnych w serwisach "
            "Sejmu, Rządowego Centrum Legislacji i Komisji Europejskiej), pochodzą od osób trzecich: nie wytwarzamy ich, "
            "nie finansujemy i nie mamy nad nimi kontroli.</li>"
            "</ul>"
        ),
        "prepared_on": PREPARED_ON,
        "reviewed_on": REVIEWED_ON,
        "method": "self",
        "assessed_by": "",
        "keyboard_shortcuts": "",
        **CONTACT,
        "architectural_accessibility": (
            "<p>Sekretariat porozumienia mieści się na parterze budynku przy ul. Samorządowej 12 w Zielonej Górze. Do wejścia "
            "od ulicy prowadzi podjazd, a drzwi otwierają się automatycznie. Przed budynkiem jest jedno oznaczone miejsce "
            "parkingowe dla osób z niepełnosprawnościami. Na parterze jest toaleta dostosowana do potrzeb osób "
            "z niepełnosprawnościami. Do budynku można wejść z psem asystującym. W budynku nie ma pętli indukcyjnej ani "
            "oznaczeń w alfabecie Braille'a.</p>"
        ),
        "mobile_apps": "",
        "additional_information": (
            "<ul>"
            "<li>Serwis działa w trzech językach: polskim, czeskim i angielskim. Przełącznik języka prowadzi do tej samej "
            "treści w wybranym języku.</li>"
            "<li>Pliki PDF przyjętych stanowisk tworzy serwis: są to oznakowane pliki PDF zgodne z PDF/UA.</li>"
            "<li>Ocenę dostępności przeprowadziliśmy sami: automatycznymi testami axe-core (WCAG 2.1 na poziomie AA) każdego "
            "rodzaju strony we wszystkich trzech językach oraz ręcznym sprawdzeniem obsługi klawiaturą.</li>"
            "</ul>"
        ),
    },
    "cs": {
        "title": "Prohlášení o přístupnosti",
        "slug": "prohlaseni-o-pristupnosti",
        "show_in_menus": False,
        "jurisdiction": "CZ",
        "entity_name": "Dohoda regionálních organizací samospráv",
        "site_published_on": SITE_PUBLISHED_ON,
        "site_updated_on": SITE_UPDATED_ON,
        "compliance": "partial",
        "non_accessible_content": (
            "<ul>"
            "<li>Soubory PDF a další přílohy, které vkládají členské organizace (usnesení, pozvánky, studijní materiály), "
            "nemusí být přístupné: mohou to být skeny bez textové vrstvy nebo jim chybí struktura nadpisů či textové "
            "alternativy obrázků. Na požádání jejich obsah poskytneme v přístupné podobě.</li>"
            "<li>Některé tabulky ve studijních materiálech členů jsou obrázky. Jejich obsah na požádání poskytneme jako text.</li>"
            "</ul>"
        ),
        "exemptions": (
            "<ul>"
            "<li>Obsah cizích internetových stránek, na které odkazujeme (například návrhy předpisů na stránkách Poslanecké "
            "sněmovny, polského Sejmu nebo Evropské komise), pochází od třetích stran: nevytváříme jej, nefinancujeme a "
            "nemáme nad ním kontrolu.</li>"
            "</ul>"
        ),
        "prepared_on": PREPARED_ON,
        "reviewed_on": REVIEWED_ON,
        "method": "self",
        "assessed_by": "",
        "keyboard_shortcuts": "",
        **CONTACT,
        "architectural_accessibility": "",
        "mobile_apps": "",
        "additional_information": (
            "<ul>"
            "<li>Stránky jsou v polštině, češtině a angličtině. Přepínač jazyků vede na stejný obsah ve zvoleném jazyce.</li>"
            "<li>Soubory PDF přijatých stanovisek vytvářejí stránky samy: jde o označkované soubory PDF podle normy PDF/UA.</li>"
            "<li>Přístupnost jsme posoudili sami: automatickými testy axe-core (WCAG 2.1, úroveň AA) každého druhu stránky "
            "ve všech třech jazycích a ručním ověřením ovládání z klávesnice.</li>"
            "</ul>"
        ),
    },
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility-statement",
        "show_in_menus": False,
        "jurisdiction": "PL",
        "entity_name": "Accord of Regional Local-Government Organisations",
        "site_published_on": SITE_PUBLISHED_ON,
        "site_updated_on": SITE_UPDATED_ON,
        "compliance": "partial",
        "non_accessible_content": (
            "<ul>"
            "<li>PDFs and other attachments that member associations upload (resolutions, invitations, training materials) "
            "may not be accessible: some are scans without a text layer, or lack a heading structure or text alternatives "
            "for images. On request we provide their content in an accessible form.</li>"
            "<li>Some tables in the members' training materials are images. On request we provide their content as text.</li>"
            "</ul>"
        ),
        "exemptions": (
            "<ul>"
            "<li>The content of other websites we link to (for example draft acts on the websites of the Sejm, the Government "
            "Legislation Centre and the European Commission) comes from third parties: we neither produce nor fund it, "
            "and it is not under our control.</li>"
            "</ul>"
        ),
        "prepared_on": PREPARED_ON,
        "reviewed_on": REVIEWED_ON,
        "method": "self",
        "assessed_by": "",
        "keyboard_shortcuts": "",
        **CONTACT,
        "architectural_accessibility": (
            "<p>The accord's secretariat is on the ground floor of the building at ul. Samorządowa 12 in Zielona Góra. A "
            "ramp leads to the street entrance, whose door opens automatically. There is one marked parking space for "
            "disabled people in front of the building and an accessible toilet on the ground floor. Assistance dogs are "
            "welcome. The building has no induction loop and no Braille signage.</p>"
        ),
        "mobile_apps": "",
        "additional_information": (
            "<ul>"
            "<li>The website is in Polish, Czech and English. The language switcher leads to the same content in the chosen "
            "language.</li>"
            "<li>The site itself renders the PDFs of adopted positions: they are tagged PDFs conforming to PDF/UA.</li>"
            "<li>We assessed the website ourselves: automated axe-core tests (WCAG 2.1 level AA) of every kind of page in all "
            "three languages, and a manual check of keyboard use.</li>"
            "</ul>"
        ),
    },
}
