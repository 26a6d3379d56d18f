"""Demo content of the good-practice library: the library page in each language (the "practices" section of
load_demo's SITE), seven categories and twelve practices of member associations in Poland and Czechia.

Eleven practices are published in Polish with Czech and English translations, as the rest of the demo site
is; one (from ZGPZ) waits in the secretariat's review, to show the moderation workflow. The local
governments are named by the official codes of units that load_demo imports (`members/data/`); practices
from regions without imported units name none. People, addresses and figures are invented.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale

from cms import practices as practice_services
from cms.models import GoodPracticeAttachment, GoodPracticeIndexPage, GoodPracticePage, PracticeCategory
from members.models import Association, LocalGovernment

PRACTICES_SECTION = {
    "pl": {
        "title": "Dobre praktyki",
        "slug": "dobre-praktyki",
        "intro": "<p>Rozwiązania samorządów z Polski i Czech, które sprawdziły się w praktyce i które warto przenieść do siebie: "
        "karta praktyki, opis, załączniki i kontakt do osoby, która ją wdrażała. Praktyki zgłaszają organizacje członkowskie, "
        "a publikuje je sekretariat porozumienia.</p>",
    },
    "cs": {
        "title": "Dobrá praxe",
        "slug": "dobra-praxe",
        "intro": "<p>Řešení samospráv z Polska a Česka, která se osvědčila a stojí za převzetí: karta praxe, popis, přílohy a "
        "kontakt na toho, kdo ji zaváděl. Praxi přihlašují členské organizace, zveřejňuje ji sekretariát dohody.</p>",
    },
    "en": {
        "title": "Good practices",
        "slug": "good-practices",
        "intro": "<p>Solutions of Polish and Czech local governments that have proven themselves and are worth taking home: "
        "the practice card, the full presentation, attachments and a contact to the person who introduced it. Member "
        "associations submit practices; the accord's secretariat publishes them.</p>",
    },
}

CATEGORIES = [
    # slug, Polish, Czech, English (the fields of the Polish good-practice database, seed 001)
    ("uslugi-spoleczne", "Usługi społeczne", "Sociální služby", "Social services"),
    ("uslugi-techniczne", "Usługi techniczne", "Technické služby", "Technical services"),
    ("rozwoj-instytucjonalny", "Rozwój instytucjonalny", "Institucionální rozvoj", "Institutional development"),
    ("efektywnosc-energetyczna", "Efektywność energetyczna", "Energetická účinnost", "Energy efficiency"),
    ("wspolpraca-jst-ngo", "Współpraca JST–NGO", "Spolupráce samospráv a neziskových organizací", "Local government–NGO cooperation"),
    ("wspolpraca-miedzy-jst", "Współpraca między JST", "Meziobecní spolupráce", "Inter-municipal cooperation"),
    ("dialog-spoleczny", "Dialog społeczny", "Sociální dialog", "Social dialogue"),
]

PRACTICES = [
    {
        "slug": "transport-na-zadanie-powiat-swiebodzinski",
        "association": "zgl",
        "author": "zgl.redaktor",
        "categories": ["uslugi-techniczne", "wspolpraca-miedzy-jst"],
        "unit_kind": "gmina_miejsko_wiejska",
        "town": "Świebodzin",
        "county": "świebodziński",
        "region": "PL-08",
        "postal_code": "66-200",
        "implementing_unit": "Urząd Miejski w Świebodzinie, Referat Transportu",
        "website": "https://transport.swiebodzin.example.org/",
        "population": 30150,
        "contact": ("Karolina Dębiec", "kierowniczka Referatu Transportu", "transport@swiebodzin.example.org", "+48 68 000 21 40"),
        "started_on": "2021-09-01",
        "ended_on": None,
        "latitude": "52.24750",
        "longitude": "15.53360",
        "local_governments": ["0808053", "0808012", "0808022", "0808042"],
        "published_days_ago": 420,
        "updated_days_ago": 35,
        "attachments": [
            ("pdf", "Porozumienie międzygminne o wspólnym transporcie na żądanie", "porozumienie-transport-na-zadanie.pdf"),
            ("csv", "Liczba przejazdów w kolejnych miesiącach", "przejazdy-miesiecznie.csv"),
        ],
        "texts": {
            "pl": (
                "Transport na żądanie w gminach powiatu świebodzińskiego",
                "Cztery gminy wspólnie uruchomiły busy, które jeżdżą na telefoniczne lub internetowe zamówienie mieszkańców. "
                "Praktyka zasługuje na upowszechnienie, bo przywróciła dojazd do lekarza, szkoły i urzędu we wsiach, z których "
                "zniknęły linie autobusowe, przy kosztach niższych niż stały rozkład jazdy.",
                "<h3>Problem</h3><p>Po likwidacji nierentownych kursów kilkadziesiąt wsi zostało bez transportu publicznego. "
                "Najbardziej odczuli to seniorzy i młodzież dojeżdżająca do szkół ponadpodstawowych.</p>"
                "<h3>Rozwiązanie</h3><p>Gminy Świebodzin, Lubrza, Łagów i Szczaniec zawarły porozumienie międzygminne i wspólnie "
                "zamówiły usługę przewozu. Mieszkańcy rezerwują przejazd dzień wcześniej przez infolinię lub formularz internetowy, "
                "a dyspozytor układa trasy tak, by łączyć zamówienia. Busy są przystosowane do przewozu wózków.</p>"
                "<h3>Efekty</h3><p>W pierwszym roku wykonano ponad 18 tysięcy przejazdów, a koszt jednego przejazdu dla gmin spadł "
                "o jedną trzecią w porównaniu z dotowaną linią o stałym rozkładzie. Usługę współfinansuje Fundusz rozwoju "
                "przewozów autobusowych.</p>"
                "<h3>Wskazówki dla naśladowców</h3><p>Warto od początku zapisać w porozumieniu zasady podziału kosztów (według "
                "liczby przejazdów mieszkańców każdej gminy) i zachować rezerwację telefoniczną – nie wszyscy korzystają z internetu.</p>",
            ),
            "cs": (
                "Doprava na zavolání v obcích okresu Świebodzin",
                "Čtyři obce společně provozují minibusy, které jezdí podle telefonických nebo internetových objednávek obyvatel. "
                "Praxe stojí za rozšíření, protože vrátila dostupnost lékaře, školy a úřadu do vesnic, odkud zmizely autobusové "
                "linky, a to s nižšími náklady než pravidelný jízdní řád.",
                "<h3>Problém</h3><p>Po zrušení nerentabilních spojů zůstaly desítky vesnic bez veřejné dopravy. Nejvíce to pocítili "
                "senioři a studenti dojíždějící do středních škol.</p>"
                "<h3>Řešení</h3><p>Obce Świebodzin, Lubrza, Łagów a Szczaniec uzavřely meziobecní dohodu a přepravu objednaly "
                "společně. Obyvatelé si jízdu rezervují den předem po telefonu nebo přes webový formulář a dispečer skládá trasy "
                "tak, aby spojil více objednávek. Minibusy převezou i vozík.</p>"
                "<h3>Výsledky</h3><p>V prvním roce se uskutečnilo přes 18 tisíc jízd a náklady obcí na jednu jízdu klesly o třetinu "
                "oproti dotované lince s pevným jízdním řádem.</p>",
            ),
            "en": (
                "Demand-responsive transport in the municipalities of Świebodzin County",
                "Four municipalities jointly run minibuses that travel when residents book a ride by phone or online. The "
                "practice is worth spreading because it restored access to doctors, schools and offices in villages that had "
                "lost their bus lines, at a lower cost than a fixed timetable.",
                "<h3>The problem</h3><p>When unprofitable bus services were cut, dozens of villages were left without public "
                "transport. Older people and secondary-school pupils felt it most.</p>"
                "<h3>The solution</h3><p>The municipalities of Świebodzin, Lubrza, Łagów and Szczaniec signed an inter-municipal "
                "agreement and procured the service together. Residents book a ride the day before by phone or through a web "
                "form, and a dispatcher plans routes that combine bookings. The minibuses carry wheelchairs.</p>"
                "<h3>Results</h3><p>Over 18,000 rides were made in the first year, and the municipalities' cost per ride fell by a "
                "third compared with a subsidised line on a fixed timetable.</p>",
            ),
        },
    },
    {
        "slug": "termomodernizacja-szkol-esco-nowa-sol",
        "association": "zgl",
        "author": "zgl.redaktor",
        "categories": ["efektywnosc-energetyczna"],
        "unit_kind": "gmina_miejska",
        "town": "Nowa Sól",
        "county": "nowosolski",
        "region": "PL-08",
        "postal_code": "67-100",
        "implementing_unit": "Urząd Miejski w Nowej Soli, Wydział Inwestycji i Energii",
        "website": "https://energia.nowasol.example.org/",
        "population": 37400,
        "contact": ("Adam Sokólski", "energetyk miejski", "energetyk@nowasol.example.org", "+48 68 000 38 12"),
        "started_on": "2019-04-01",
        "ended_on": "2029-03-31",
        "latitude": "51.80360",
        "longitude": "15.71500",
        "local_governments": ["0804011"],
        "published_days_ago": 610,
        "updated_days_ago": 120,
        "attachments": [("pdf", "Raport z weryfikacji oszczędności energii za rok szkolny", "raport-oszczednosci-esco.pdf")],
        "texts": {
            "pl": (
                "Termomodernizacja szkół w formule ESCO z gwarancją oszczędności",
                "Miasto zleciło modernizację energetyczną pięciu szkół firmie, której wynagrodzenie pochodzi z uzyskanych "
                "oszczędności. Dobra praktyka, bo ryzyko nieosiągnięcia efektu spoczywa na wykonawcy, a gmina płaci tylko za "
                "zmierzone oszczędności energii.",
                "<h3>Problem</h3><p>Budynki szkolne z lat siedemdziesiątych zużywały dużo ciepła, a budżet miasta nie pozwalał "
                "sfinansować ich modernizacji z góry.</p>"
                "<h3>Rozwiązanie</h3><p>Miasto ogłosiło przetarg na umowę o poprawę efektywności energetycznej. Wykonawca ocieplił "
                "budynki, wymienił węzły cieplne i oświetlenie oraz wdrożył zdalny system zarządzania energią. Przez dziesięć lat "
                "otrzymuje wynagrodzenie zależne od zmierzonych oszczędności.</p>"
                "<h3>Efekty</h3><p>Zużycie ciepła w szkołach spadło o 42%, a energii elektrycznej o 28%. Co roku niezależny audytor "
                "weryfikuje raport z pomiarów.</p>"
                "<h3>Wskazówki dla naśladowców</h3><p>Kluczowe jest rzetelne ustalenie zużycia bazowego z kilku sezonów grzewczych "
                "i jasna metoda korekty o temperatury zewnętrzne.</p>",
            ),
            "cs": (
                "Zateplení škol metodou EPC se zárukou úspor",
                "Město svěřilo energetickou modernizaci pěti škol firmě, která je placena z dosažených úspor. Dobrá praxe, protože "
                "riziko, že se úspory nedostaví, nese dodavatel a obec platí jen za změřené úspory energie.",
                "<h3>Problém</h3><p>Školní budovy ze sedmdesátých let spotřebovávaly mnoho tepla a rozpočet města nestačil na "
                "modernizaci placenou předem.</p>"
                "<h3>Řešení</h3><p>Město vypsalo zakázku na energetické služby se zaručenou úsporou (EPC). Dodavatel budovy zateplil, "
                "vyměnil předávací stanice a osvětlení a zavedl dálkové řízení spotřeby. Deset let dostává odměnu podle změřených "
                "úspor.</p>"
                "<h3>Výsledky</h3><p>Spotřeba tepla ve školách klesla o 42 %, elektřiny o 28 %. Každý rok měření ověřuje nezávislý "
                "auditor.</p>",
            ),
            "en": (
                "Energy retrofit of schools under an energy performance contract",
                "The town entrusted the energy retrofit of five schools to a company paid out of the savings achieved. A good "
                "practice because the contractor bears the risk of missing the target, and the municipality pays only for "
                "measured energy savings.",
                "<h3>The problem</h3><p>School buildings from the 1970s used a lot of heat, and the town's budget could not pay for "
                "their retrofit up front.</p>"
                "<h3>The solution</h3><p>The town tendered an energy performance contract. The contractor insulated the buildings, "
                "replaced the heat substations and lighting and installed remote energy management. For ten years it is paid "
                "according to the measured savings.</p>"
                "<h3>Results</h3><p>Heat consumption in the schools fell by 42% and electricity by 28%. An independent auditor "
                "checks the measurement report every year.</p>",
            ),
        },
    },
    {
        "slug": "wspolne-centrum-uslug-dla-szkol-krosno-odrzanskie",
        "association": "zgl",
        "author": "zgl.redaktor",
        "categories": ["rozwoj-instytucjonalny", "wspolpraca-miedzy-jst"],
        "unit_kind": "gmina_miejsko_wiejska",
        "town": "Krosno Odrzańskie",
        "county": "krośnieński",
        "region": "PL-08",
        "postal_code": "66-600",
        "implementing_unit": "Centrum Usług Wspólnych w Krośnie Odrzańskim",
        "website": "",
        "population": 11300,
        "contact": ("Monika Żurawska", "dyrektorka Centrum Usług Wspólnych", "cuw@krosno.example.org", "+48 68 000 47 05"),
        "started_on": "2018-01-01",
        "ended_on": None,
        "latitude": "52.05480",
        "longitude": "15.09880",
        "local_governments": ["0802063", "0802032", "0802042", "0802072"],
        "published_days_ago": 700,
        "updated_days_ago": 700,
        "attachments": [],
        "texts": {
            "pl": (
                "Wspólne centrum usług dla szkół czterech gmin",
                "Cztery gminy powierzyły obsługę księgową, kadrową i płacową swoich szkół jednemu centrum usług wspólnych. "
                "Praktyka godna naśladowania: małe gminy zyskały specjalistów, których same nie mogłyby zatrudnić, a dyrektorzy "
                "szkół – więcej czasu na pracę z uczniami.",
                "<h3>Problem</h3><p>W małych gminach każda szkoła prowadziła własną księgowość, często w niepełnym wymiarze etatu. "
                "Trudno było o zastępstwa i o bieżącą znajomość zmieniających się przepisów.</p>"
                "<h3>Rozwiązanie</h3><p>Na podstawie ustawy o samorządzie gminnym Krosno Odrzańskie utworzyło centrum usług "
                "wspólnych, a gminy Bytnica, Dąbie i Maszewo powierzyły mu obsługę swoich szkół w drodze porozumień. Gminy płacą "
                "według liczby obsługiwanych etatów.</p>"
                "<h3>Efekty</h3><p>Centrum obsługuje czternaście szkół i przedszkoli. Jednolite procedury skróciły zamknięcie roku "
                "o trzy tygodnie, a koszty obsługi spadły o 15%.</p>",
            ),
            "cs": (
                "Společné centrum služeb pro školy čtyř obcí",
                "Čtyři obce svěřily účetnictví, personalistiku a mzdy svých škol jednomu společnému centru služeb. Praxe hodná "
                "následování: malé obce získaly odborníky, které by samy nezaměstnaly, a ředitelé škol více času na žáky.",
                "<h3>Problém</h3><p>V malých obcích vedla každá škola vlastní účetnictví, často na částečný úvazek. Chyběly "
                "zástupy i průběžná znalost měnících se předpisů.</p>"
                "<h3>Řešení</h3><p>Krosno Odrzańskie zřídilo centrum společných služeb a obce Bytnica, Dąbie a Maszewo mu dohodou "
                "svěřily správu svých škol. Obce platí podle počtu obsluhovaných úvazků.</p>"
                "<h3>Výsledky</h3><p>Centrum obsluhuje čtrnáct škol a mateřských škol; jednotné postupy zkrátily roční závěrku o "
                "tři týdny.</p>",
            ),
            "en": (
                "A shared service centre for the schools of four municipalities",
                "Four municipalities entrusted the accounting, HR and payroll of their schools to one shared service centre. "
                "A practice worth following: small municipalities gained specialists they could not employ on their own, and head "
                "teachers more time for their pupils.",
                "<h3>The problem</h3><p>In small municipalities every school kept its own accounts, often part-time. Cover during "
                "absences and up-to-date knowledge of changing rules were hard to come by.</p>"
                "<h3>The solution</h3><p>Krosno Odrzańskie set up a shared service centre, and the municipalities of Bytnica, Dąbie "
                "and Maszewo entrusted their schools to it by agreement. They pay according to the number of posts served.</p>"
                "<h3>Results</h3><p>The centre serves fourteen schools and kindergartens; common procedures shortened the year-end "
                "closing by three weeks.</p>",
            ),
        },
    },
    {
        "slug": "mikrogranty-dla-grup-sasiedzkich-zielona-gora",
        "association": "zgl",
        "author": "zgl.redaktor",
        "categories": ["wspolpraca-jst-ngo", "dialog-spoleczny"],
        "unit_kind": "miasto_na_prawach_powiatu",
        "town": "Zielona Góra",
        "county": "Zielona Góra",
        "region": "PL-08",
        "postal_code": "65-001",
        "implementing_unit": "Biuro Organizacji Pozarządowych Urzędu Miasta Zielona Góra",
        "website": "https://ngo.zielonagora.example.org/mikrogranty",
        "population": 139800,
        "contact": ("Tomasz Lewandowicz", "koordynator programu mikrograntów", "mikrogranty@zielonagora.example.org", "+48 68 000 55 90"),
        "started_on": "2020-03-01",
        "ended_on": None,
        "latitude": "51.93560",
        "longitude": "15.50620",
        "local_governments": ["0862011"],
        "published_days_ago": 300,
        "updated_days_ago": 14,
        "attachments": [("pdf", "Regulamin konkursu mikrograntów", "regulamin-mikrograntow.pdf")],
        "texts": {
            "pl": (
                "Mikrogranty dla grup sąsiedzkich i organizacji pozarządowych",
                "Miasto przekazuje pieniądze na drobne inicjatywy mieszkańców w uproszczonym trybie, przez organizację "
                "pozarządową – operatora. Dobra praktyka, bo ze środków publicznych mogą skorzystać także grupy nieformalne, "
                "a rozliczenie mieści się na jednej stronie.",
                "<h3>Problem</h3><p>Osiedlowe i sąsiedzkie inicjatywy nie startowały w otwartych konkursach ofert: procedura była dla "
                "nich zbyt trudna, a kwoty zbyt wysokie.</p>"
                "<h3>Rozwiązanie</h3><p>Miasto wybiera w konkursie operatora, który rozdziela mikrogranty do 5 tysięcy złotych. "
                "Wniosek ma dwie strony, decyzja zapada w ciągu dwóch tygodni, a operator pomaga w rozliczeniu.</p>"
                "<h3>Efekty</h3><p>W trzech edycjach zrealizowano 214 inicjatyw, w tym 96 grup nieformalnych; siedem z nich "
                "zarejestrowało potem stowarzyszenia.</p>",
            ),
            "cs": (
                "Mikrogranty pro sousedské skupiny a neziskové organizace",
                "Město poskytuje peníze na drobné iniciativy obyvatel zjednodušeným postupem prostřednictvím neziskové organizace "
                "– operátora. Dobrá praxe, protože veřejné prostředky mohou čerpat i neformální skupiny a vyúčtování se vejde na "
                "jednu stránku.",
                "<h3>Problém</h3><p>Sousedské iniciativy se neucházely o dotace v otevřených řízeních: postup pro ně byl příliš "
                "složitý a částky příliš vysoké.</p>"
                "<h3>Řešení</h3><p>Město vybírá operátora, který rozděluje mikrogranty do 5 tisíc zlotých. Žádost má dvě strany a "
                "rozhodnutí padne do dvou týdnů.</p>"
                "<h3>Výsledky</h3><p>Ve třech ročnících vzniklo 214 iniciativ, z toho 96 neformálních skupin.</p>",
            ),
            "en": (
                "Micro-grants for neighbourhood groups and NGOs",
                "The city funds small residents' initiatives through a simplified procedure run by an NGO operator. A good "
                "practice because informal groups can use public money too, and the report fits on one page.",
                "<h3>The problem</h3><p>Neighbourhood initiatives did not enter open calls for proposals: the procedure was too "
                "demanding for them and the amounts too large.</p>"
                "<h3>The solution</h3><p>The city selects an operator that awards micro-grants of up to PLN 5,000. The application "
                "has two pages, decisions come within two weeks, and the operator helps with the report.</p>"
                "<h3>Results</h3><p>Three rounds funded 214 initiatives, 96 of them by informal groups; seven later registered as "
                "associations.</p>",
            ),
        },
    },
    {
        "slug": "partnerstwo-gmin-obszaru-funkcjonalnego-opola",
        "association": "ozs",
        "author": "ozs.redaktor",
        "categories": ["wspolpraca-miedzy-jst", "rozwoj-instytucjonalny", "dialog-spoleczny"],
        "unit_kind": "miasto_na_prawach_powiatu",
        "town": "Opole",
        "county": "Opole",
        "region": "PL-16",
        "postal_code": "45-001",
        "implementing_unit": "Biuro Stowarzyszenia Partnerstwa Gmin Obszaru Opolskiego",
        "website": "https://partnerstwo-opole.example.org/",
        "population": 127000,
        "contact": ("Beata Hajdasz", "dyrektorka biura stowarzyszenia", "biuro@partnerstwo-opole.example.org", "+48 77 000 64 30"),
        "started_on": "2014-06-01",
        "ended_on": None,
        "latitude": "50.67510",
        "longitude": "17.92130",
        "local_governments": ["1661011", "1609032", "1609042", "1609103", "1609112", "1609132"],
        "published_days_ago": 800,
        "updated_days_ago": 90,
        "attachments": [
            ("pdf", "Statut stowarzyszenia partnerstwa", "statut-partnerstwa.pdf"),
            ("txt", "Harmonogram prac zespołów roboczych", "harmonogram-zespolow.txt"),
        ],
        "texts": {
            "pl": (
                "Partnerstwo gmin obszaru funkcjonalnego Opola",
                "Miasto i okoliczne gminy budowały partnerstwo krok po kroku: od spotkań i zaufania, przez porozumienie, po "
                "stowarzyszenie z biurem i zespołami roboczymi. Dobra praktyka, bo każdy partner ma jeden głos, a zespoły robocze "
                "pozwalają szybko działać w wybranej sprawie.",
                "<h3>Problem</h3><p>Gminy wokół miasta konkurowały o inwestorów i mieszkańców, a wspólne sprawy – transport, "
                "gospodarka odpadami, fundusze europejskie – załatwiały każda osobno.</p>"
                "<h3>Rozwiązanie</h3><p>Prezydent miasta i wójtowie zaczęli od cyklu spotkań na sesjach rad każdej gminy, by wyjaśnić "
                "cel współpracy. Po roku podpisali porozumienie, a potem założyli stowarzyszenie, w którym każdy partner ma jeden "
                "głos. Biuro koordynuje prace, a decyzje merytoryczne przygotowują zespoły robocze pracowników gmin.</p>"
                "<h3>Efekty</h3><p>Partnerstwo przygotowało wspólną strategię i pozyskało środki na sieć parkingów przesiadkowych "
                "i ścieżek rowerowych. Gminy wspólnie zamawiają też odbiór odpadów.</p>"
                "<h3>Wskazówki dla naśladowców</h3><p>Nie należy przyspieszać etapu budowania zaufania: jawność działań i stała "
                "komunikacja z radnymi zdecydowały o trwałości partnerstwa.</p>",
            ),
            "cs": (
                "Partnerství obcí funkčního území Opolí",
                "Město a okolní obce budovaly partnerství krok za krokem: od setkání a důvěry přes dohodu až po spolek s "
                "kanceláří a pracovními týmy. Dobrá praxe, protože každý partner má jeden hlas a pracovní týmy umožňují rychle "
                "jednat.",
                "<h3>Problém</h3><p>Obce kolem města si konkurovaly o investory a obyvatele a společné věci – dopravu, odpady, "
                "evropské fondy – řešila každá zvlášť.</p>"
                "<h3>Řešení</h3><p>Primátor a starostové začali sérií setkání na zasedáních zastupitelstev každé obce. Po roce "
                "podepsali dohodu a poté založili spolek, v němž má každý partner jeden hlas.</p>"
                "<h3>Výsledky</h3><p>Partnerství připravilo společnou strategii a získalo prostředky na síť záchytných parkovišť a "
                "cyklostezek.</p>",
            ),
            "en": (
                "A partnership of the municipalities of the Opole functional area",
                "The city and the surrounding municipalities built their partnership step by step: from meetings and trust, "
                "through an agreement, to an association with an office and working teams. A good practice because every partner "
                "has one vote, and working teams let them act quickly on any issue.",
                "<h3>The problem</h3><p>The municipalities around the city competed for investors and residents, and handled common "
                "matters – transport, waste, EU funds – each on its own.</p>"
                "<h3>The solution</h3><p>The mayor and the heads of the municipalities began with a series of meetings at each "
                "council's session. A year later they signed an agreement and then founded an association in which every partner "
                "has one vote.</p>"
                "<h3>Results</h3><p>The partnership prepared a joint strategy and won funding for park-and-ride sites and cycle "
                "paths.</p>",
            ),
        },
    },
    {
        "slug": "opiekun-seniora-powiat-oleski",
        "association": "ozs",
        "author": "ozs.redaktor",
        "categories": ["uslugi-spoleczne", "wspolpraca-jst-ngo"],
        "unit_kind": "gmina_miejsko_wiejska",
        "town": "Olesno",
        "county": "oleski",
        "region": "PL-16",
        "postal_code": "46-300",
        "implementing_unit": "Ośrodek Pomocy Społecznej w Oleśnie",
        "website": "",
        "population": 17500,
        "contact": ("Ewelina Kurpiel", "koordynatorka usług opiekuńczych", "seniorzy@olesno.example.org", "+48 34 000 18 22"),
        "started_on": "2022-01-01",
        "ended_on": "2025-12-31",
        "latitude": "50.87530",
        "longitude": "18.41670",
        "local_governments": ["1608033", "1608052", "1608072"],
        "published_days_ago": 240,
        "updated_days_ago": 240,
        "attachments": [("pdf", "Standard sąsiedzkiej usługi opiekuńczej", "standard-uslugi-opiekunczej.pdf")],
        "texts": {
            "pl": (
                "Opiekun seniora w domu – sąsiedzkie usługi opiekuńcze",
                "Trzy gminy zatrudniają przeszkolonych sąsiadów jako opiekunów seniorów, którzy chcą mieszkać u siebie. Praktyka "
                "zasługuje na upowszechnienie, bo odsuwa potrzebę umieszczenia w domu pomocy społecznej i daje pracę mieszkańcom "
                "małych wsi.",
                "<h3>Problem</h3><p>W małych wsiach brakowało opiekunek, a dojazd pracowników ośrodka pomocy społecznej zajmował "
                "więcej czasu niż sama usługa.</p>"
                "<h3>Rozwiązanie</h3><p>Ośrodki pomocy społecznej Olesna, Radłowa i Zębowic wspólnie z lokalną fundacją rekrutują i "
                "szkolą mieszkańców, którzy opiekują się seniorami z własnej lub sąsiedniej wsi. Fundacja zapewnia superwizję i "
                "zastępstwa.</p>"
                "<h3>Efekty</h3><p>Usługi objęły 64 osoby starsze; żadna z nich nie musiała w tym czasie przenieść się do domu "
                "pomocy społecznej.</p>",
            ),
            "cs": (
                "Pečovatel seniora doma – sousedská pečovatelská služba",
                "Tři obce zaměstnávají vyškolené sousedy jako pečovatele seniorů, kteří chtějí žít doma. Praxe stojí za rozšíření, "
                "protože oddaluje odchod do domova pro seniory a dává práci obyvatelům malých vesnic.",
                "<h3>Problém</h3><p>V malých vesnicích chyběly pečovatelky a cesta pracovníků sociálního odboru trvala déle než "
                "samotná služba.</p>"
                "<h3>Řešení</h3><p>Sociální služby tří obcí spolu s místní nadací vybírají a školí obyvatele, kteří pečují o seniory "
                "ze své nebo sousední vesnice.</p>"
                "<h3>Výsledky</h3><p>Služba pomohla 64 seniorům; nikdo z nich se mezitím nemusel stěhovat do domova.</p>",
            ),
            "en": (
                "Home carers for older people – neighbourly care services",
                "Three municipalities employ trained neighbours as carers for older people who want to stay at home. The "
                "practice is worth spreading because it delays moves into care homes and gives work to people in small villages.",
                "<h3>The problem</h3><p>Small villages lacked carers, and travel by social-welfare staff took longer than the care "
                "itself.</p>"
                "<h3>The solution</h3><p>The social-welfare centres of three municipalities, with a local foundation, recruit and "
                "train residents who care for older people in their own or a neighbouring village.</p>"
                "<h3>Results</h3><p>The service reached 64 older people; none of them had to move into a care home meanwhile.</p>",
            ),
        },
    },
    {
        "slug": "mlodziezowa-rada-i-budzet-obywatelski-kluczbork",
        "association": "ozs",
        "author": "ozs.redaktor",
        "categories": ["dialog-spoleczny"],
        "unit_kind": "gmina_miejsko_wiejska",
        "town": "Kluczbork",
        "county": "kluczborski",
        "region": "PL-16",
        "postal_code": "46-200",
        "implementing_unit": "Urząd Miejski w Kluczborku, Biuro Rady Miejskiej",
        "website": "https://kluczbork.example.org/mlodziez",
        "population": 35600,
        "contact": ("Rafał Gontarek", "opiekun Młodzieżowej Rady Miejskiej", "mrm@kluczbork.example.org", "+48 77 000 93 11"),
        "started_on": "2023-02-01",
        "ended_on": None,
        "latitude": "50.97250",
        "longitude": "18.21780",
        "local_governments": ["1604023"],
        "published_days_ago": 150,
        "updated_days_ago": 20,
        "attachments": [],
        "texts": {
            "pl": (
                "Młodzieżowa rada współdecyduje o budżecie obywatelskim",
                "Młodzieżowa rada gminy opiniuje projekty budżetu obywatelskiego i ma w nim własną pulę na pomysły młodych "
                "mieszkańców. Dobra praktyka, bo młodzież uczy się samorządności na prawdziwych decyzjach, a frekwencja w "
                "głosowaniu wśród osób poniżej 25 lat wzrosła trzykrotnie.",
                "<h3>Problem</h3><p>Młodzi mieszkańcy rzadko głosowali w budżecie obywatelskim, a zgłaszane projekty nie "
                "odpowiadały ich potrzebom.</p>"
                "<h3>Rozwiązanie</h3><p>Rada miejska wydzieliła w budżecie obywatelskim pulę młodzieżową. Młodzieżowa rada prowadzi "
                "warsztaty w szkołach, pomaga przygotować wnioski i opiniuje wszystkie projekty przed głosowaniem.</p>"
                "<h3>Efekty</h3><p>W dwóch edycjach zrealizowano między innymi skatepark, strefę nauki w bibliotece i nocne "
                "połączenie autobusowe w weekendy.</p>",
            ),
            "cs": (
                "Rada mládeže spolurozhoduje o participativním rozpočtu",
                "Rada mládeže posuzuje návrhy participativního rozpočtu a má v něm vlastní část pro nápady mladých. Dobrá praxe, "
                "protože mladí se učí samosprávě na skutečných rozhodnutích a jejich účast v hlasování vzrostla trojnásobně.",
                "<h3>Problém</h3><p>Mladí obyvatelé o participativním rozpočtu hlasovali jen zřídka a návrhy neodpovídaly jejich "
                "potřebám.</p>"
                "<h3>Řešení</h3><p>Zastupitelstvo vyčlenilo část rozpočtu pro mládež. Rada mládeže vede ve školách dílny a pomáhá "
                "s přípravou návrhů.</p>"
                "<h3>Výsledky</h3><p>Za dva ročníky vznikl mimo jiné skatepark a studijní zóna v knihovně.</p>",
            ),
            "en": (
                "A youth council co-decides on the participatory budget",
                "The municipal youth council reviews participatory-budget proposals and has its own share of the budget for young "
                "residents' ideas. A good practice because young people learn self-government on real decisions, and turnout "
                "among under-25s tripled.",
                "<h3>The problem</h3><p>Young residents rarely voted in the participatory budget, and the proposals did not meet "
                "their needs.</p>"
                "<h3>The solution</h3><p>The council set aside a youth share of the participatory budget. The youth council runs "
                "workshops in schools, helps draft proposals and reviews all of them before the vote.</p>"
                "<h3>Results</h3><p>Two rounds delivered a skatepark, a study area in the library and a weekend night bus, among "
                "others.</p>",
            ),
        },
    },
    {
        "slug": "spolecny-sberny-dvur-tachovsko",
        "association": "sopr",
        "author": "sopr.redaktor",
        "categories": ["uslugi-techniczne", "wspolpraca-miedzy-jst"],
        "unit_kind": "mesto",
        "town": "Tachov",
        "county": "Tachov",
        "region": "CZ-32",
        "postal_code": "347 01",
        "implementing_unit": "Svazek obcí Tachovska – odpadové hospodářství",
        "website": "https://odpady-tachovsko.example.org/",
        "population": 12400,
        "contact": ("Lukáš Havelka", "manažer svazku obcí", "svazek@tachovsko.example.org", "+420 374 000 215"),
        "started_on": "2020-05-01",
        "ended_on": None,
        "latitude": "49.79530",
        "longitude": "12.63360",
        "local_governments": ["560715", "561215", "561134"],
        "published_days_ago": 500,
        "updated_days_ago": 60,
        "attachments": [("pdf", "Smlouva o společném svozu bioodpadu (vzor)", "smlouva-svoz-bioodpadu.pdf")],
        "texts": {
            "pl": (
                "Wspólny punkt zbiórki odpadów i odbiór bioodpadów w związku gmin Tachovska",
                "Trzy miasta i okoliczne gminy wspólnie zarządzają punktem selektywnej zbiórki i odbiorem bioodpadów. Dobra "
                "praktyka, bo wspólny przetarg obniżył ceny, a mieszkańcy każdej gminy korzystają z jednego, dobrze wyposażonego "
                "punktu.",
                "<h3>Problem</h3><p>Małe gminy płaciły wysokie stawki za odbiór odpadów, a ich punkty zbiórki były czynne kilka "
                "godzin w tygodniu.</p>"
                "<h3>Rozwiązanie</h3><p>Związek gmin (svazek obcí) ogłosił wspólny przetarg na odbiór odpadów i wybudował jeden "
                "punkt zbiórki czynny sześć dni w tygodniu. Bioodpady trafiają do kompostowni, z której kompost wraca do gmin.</p>"
                "<h3>Efekty</h3><p>Udział odpadów zbieranych selektywnie wzrósł z 38 do 61%, a koszt na mieszkańca spadł o 12%.</p>",
            ),
            "cs": (
                "Společný sběrný dvůr a svoz bioodpadu ve svazku obcí Tachovska",
                "Tři města a okolní obce společně provozují sběrný dvůr a svoz bioodpadu. Dobrá praxe, protože společná zakázka "
                "snížila ceny a obyvatelé všech obcí mají k dispozici jeden dobře vybavený sběrný dvůr.",
                "<h3>Problém</h3><p>Malé obce platily za svoz vysoké ceny a jejich sběrná místa byla otevřena jen několik hodin "
                "týdně.</p>"
                "<h3>Řešení</h3><p>Svazek obcí vypsal společnou zakázku na svoz odpadu a postavil jeden sběrný dvůr otevřený šest "
                "dní v týdnu. Bioodpad končí v kompostárně, odkud se kompost vrací obcím.</p>"
                "<h3>Výsledky</h3><p>Podíl tříděného odpadu vzrostl z 38 na 61 % a náklady na obyvatele klesly o 12 %.</p>"
                "<h3>Doporučení</h3><p>Společnou zakázku je dobré připravit s dostatečným předstihem a do smlouvy zapsat, jak se "
                "náklady dělí mezi obce.</p>",
            ),
            "en": (
                "A shared recycling centre and bio-waste collection in the Tachov municipal union",
                "Three towns and the surrounding villages jointly run a recycling centre and bio-waste collection. A good practice "
                "because a joint tender lowered prices, and residents of every municipality use one well-equipped centre.",
                "<h3>The problem</h3><p>Small municipalities paid high prices for waste collection, and their collection points "
                "opened only a few hours a week.</p>"
                "<h3>The solution</h3><p>The union of municipalities tendered waste collection jointly and built one recycling "
                "centre open six days a week. Bio-waste goes to a composting plant whose compost returns to the municipalities.</p>"
                "<h3>Results</h3><p>The share of separately collected waste rose from 38% to 61%, and the cost per resident fell by "
                "12%.</p>",
            ),
        },
    },
    {
        "slug": "energeticky-manazer-pro-male-obce-klatovsko",
        "association": "sopr",
        "author": "sopr.redaktor",
        "categories": ["efektywnosc-energetyczna", "wspolpraca-miedzy-jst"],
        "unit_kind": "mesto",
        "town": "Klatovy",
        "county": "Klatovy",
        "region": "CZ-32",
        "postal_code": "339 01",
        "implementing_unit": "Městský úřad Klatovy, energetický management",
        "website": "",
        "population": 22600,
        "contact": ("Petra Doubravová", "energetická manažerka", "energie@klatovy.example.org", "+420 376 000 482"),
        "started_on": "2022-09-01",
        "ended_on": None,
        "latitude": "49.39550",
        "longitude": "13.29510",
        "local_governments": ["555771", "557153", "556254"],
        "published_days_ago": 200,
        "updated_days_ago": 200,
        "attachments": [("pdf", "Roční zpráva energetického managementu", "zprava-energeticky-management.pdf")],
        "texts": {
            "pl": (
                "Wspólny energetyk dla małych gmin regionu Klatov",
                "Trzy miasta zatrudniają wspólnie energetyka, który monitoruje zużycie energii w budynkach publicznych i "
                "przygotowuje inwestycje. Dobra praktyka, bo na specjalistę nie stać było żadnej z gmin osobno, a już pierwsze "
                "zmiany taryf i nastaw ogrzewania zwróciły koszt jego etatu.",
                "<h3>Problem</h3><p>Gminy nie wiedziały, ile energii zużywają poszczególne budynki, a umowy z dostawcami "
                "podpisywano bez analizy.</p>"
                "<h3>Rozwiązanie</h3><p>Na podstawie umowy publicznoprawnej Klatovy zatrudniły energetyka, który pracuje także dla "
                "Sušic i Horažďovic. Wdrożył zdalny odczyt liczników i co miesiąc raportuje zużycie każdego budynku.</p>"
                "<h3>Efekty</h3><p>W pierwszym roku koszty energii w 41 budynkach spadły o 17% bez inwestycji, dzięki zmianie "
                "taryf i nastaw.</p>",
            ),
            "cs": (
                "Společný energetický manažer pro menší obce Klatovska",
                "Tři města společně zaměstnávají energetického manažera, který sleduje spotřebu energie ve veřejných budovách a "
                "připravuje investice. Dobrá praxe, protože samostatně by si odborníka nemohla dovolit žádná z obcí a první změny "
                "tarifů a nastavení vytápění zaplatily jeho úvazek.",
                "<h3>Problém</h3><p>Obce nevěděly, kolik energie jednotlivé budovy spotřebují, a smlouvy s dodavateli uzavíraly bez "
                "rozboru.</p>"
                "<h3>Řešení</h3><p>Na základě veřejnoprávní smlouvy zaměstnávají Klatovy manažera, který pracuje i pro Sušici a "
                "Horažďovice. Zavedl dálkové odečty měřidel a každý měsíc vykazuje spotřebu každé budovy.</p>"
                "<h3>Výsledky</h3><p>V prvním roce klesly náklady na energie ve 41 budovách o 17 % bez investic.</p>",
            ),
            "en": (
                "A shared energy manager for the smaller towns of the Klatovy area",
                "Three towns jointly employ an energy manager who monitors consumption in public buildings and prepares "
                "investments. A good practice because none of them could afford a specialist alone, and the first changes of "
                "tariffs and heating settings paid for the post.",
                "<h3>The problem</h3><p>The towns did not know how much energy each building used, and contracts with suppliers "
                "were signed without analysis.</p>"
                "<h3>The solution</h3><p>Under a public-law contract, Klatovy employs a manager who also works for Sušice and "
                "Horažďovice. Meters are read remotely and consumption of every building is reported monthly.</p>"
                "<h3>Results</h3><p>In the first year energy costs in 41 buildings fell by 17% without any investment.</p>",
            ),
        },
    },
    {
        "slug": "participativni-rozpocet-plzen",
        "association": "sopr",
        "author": "sopr.redaktor",
        "categories": ["dialog-spoleczny", "wspolpraca-jst-ngo"],
        "unit_kind": "statutarni_mesto",
        "town": "Plzeň",
        "county": "Plzeň-město",
        "region": "CZ-32",
        "postal_code": "301 00",
        "implementing_unit": "Magistrát města Plzně, odbor participace",
        "website": "https://participace.plzen.example.org/",
        "population": 184000,
        "contact": ("Jitka Boudová", "koordinátorka participace", "participace@plzen.example.org", "+420 378 000 130"),
        "started_on": "2019-01-01",
        "ended_on": None,
        "latitude": "49.74770",
        "longitude": "13.37760",
        "local_governments": ["554791"],
        "published_days_ago": 90,
        "updated_days_ago": 7,
        "attachments": [
            ("pdf", "Pravidla participativního rozpočtu", "pravidla-participativniho-rozpoctu.pdf"),
            ("csv", "Hlasování podle městských obvodů", "hlasovani-podle-obvodu.csv"),
        ],
        "texts": {
            "pl": (
                "Budżet partycypacyjny dzielnic miasta statutarnego",
                "Mieszkańcy zgłaszają i wybierają projekty w każdej dzielnicy, a organizacje pozarządowe pomagają im dopracować "
                "pomysły. Dobra praktyka, bo projekty są oceniane jawnie, z uzasadnieniem każdej decyzji urzędu, a zwycięskie "
                "realizowane w ciągu roku.",
                "<h3>Problem</h3><p>Mieszkańcy nie ufali, że ich propozycje zostaną zrealizowane, a urząd odrzucał wiele wniosków "
                "z przyczyn formalnych.</p>"
                "<h3>Rozwiązanie</h3><p>Urząd opracował jawne zasady oceny, prowadzi konsultacje wniosków przed głosowaniem i "
                "publikuje uzasadnienie każdej decyzji. Organizacje pozarządowe prowadzą dyżury dla autorów projektów.</p>"
                "<h3>Efekty</h3><p>Odsetek odrzuconych wniosków spadł z 45 do 12%, a zrealizowano 87 projektów.</p>",
            ),
            "cs": (
                "Participativní rozpočet městských obvodů",
                "Obyvatelé navrhují a vybírají projekty v každém obvodu a neziskové organizace jim pomáhají nápady dotáhnout. "
                "Dobrá praxe, protože hodnocení je veřejné, každé rozhodnutí úřadu je zdůvodněné a vítězné projekty se realizují "
                "do roka.",
                "<h3>Problém</h3><p>Obyvatelé nevěřili, že se jejich návrhy uskuteční, a úřad mnoho návrhů vyřazoval z formálních "
                "důvodů.</p>"
                "<h3>Řešení</h3><p>Magistrát sepsal veřejná pravidla hodnocení, s navrhovateli návrhy před hlasováním konzultuje a "
                "zveřejňuje zdůvodnění každého rozhodnutí. Neziskové organizace vedou pro autory poradny.</p>"
                "<h3>Výsledky</h3><p>Podíl vyřazených návrhů klesl ze 45 na 12 % a uskutečnilo se 87 projektů.</p>",
            ),
            "en": (
                "A participatory budget for the city's districts",
                "Residents propose and choose projects in every district, and NGOs help them refine their ideas. A good practice "
                "because proposals are assessed openly, with every decision of the city hall explained, and the winners are built "
                "within a year.",
                "<h3>The problem</h3><p>Residents did not trust that their proposals would be carried out, and the city rejected "
                "many on formal grounds.</p>"
                "<h3>The solution</h3><p>The city wrote public assessment rules, discusses proposals with their authors before the "
                "vote and publishes the reasons for each decision. NGOs hold advice sessions for authors.</p>"
                "<h3>Results</h3><p>The share of rejected proposals fell from 45% to 12%, and 87 projects were built.</p>",
            ),
        },
    },
    {
        "slug": "centrum-uslug-spolecznych-wadowice",
        "association": "mss",
        "author": "sekretariat",
        "categories": ["uslugi-spoleczne", "rozwoj-instytucjonalny"],
        "unit_kind": "gmina_miejsko_wiejska",
        "town": "Wadowice",
        "county": "wadowicki",
        "region": "PL-12",
        "postal_code": "34-100",
        "implementing_unit": "Centrum Usług Społecznych w Wadowicach",
        "website": "",
        "population": 37200,
        "contact": ("Natalia Pietrzyk", "dyrektorka Centrum Usług Społecznych", "cus@wadowice.example.org", "+48 33 000 72 64"),
        "started_on": "2021-07-01",
        "ended_on": None,
        "latitude": "49.88330",
        "longitude": "19.49280",
        "local_governments": [],
        "published_days_ago": 60,
        "updated_days_ago": 60,
        "attachments": [],
        "texts": {
            "pl": (
                "Przekształcenie ośrodka pomocy społecznej w centrum usług społecznych",
                "Gmina zamieniła ośrodek pomocy społecznej w centrum usług społecznych dostępnych dla wszystkich mieszkańców, nie "
                "tylko dla osób w trudnej sytuacji. Dobra praktyka, bo jeden punkt kontaktu i indywidualne plany usług skróciły "
                "czas oczekiwania na pomoc.",
                "<h3>Problem</h3><p>Usługi społeczne rozproszone były między kilka jednostek, a mieszkańcy nie wiedzieli, gdzie "
                "szukać pomocy.</p>"
                "<h3>Rozwiązanie</h3><p>Gmina utworzyła centrum usług społecznych z organizatorem usług, który razem z mieszkańcem "
                "układa indywidualny plan i zamawia usługi u organizacji pozarządowych.</p>"
                "<h3>Efekty</h3><p>Czas od zgłoszenia do rozpoczęcia usługi skrócił się z miesiąca do ośmiu dni.</p>",
            ),
            "cs": (
                "Přeměna sociálního odboru v centrum sociálních služeb",
                "Obec proměnila středisko sociální pomoci v centrum služeb otevřené všem obyvatelům, nejen lidem v tíživé situaci. "
                "Dobrá praxe, protože jedno kontaktní místo a individuální plány zkrátily čekání na pomoc.",
                "<h3>Problém</h3><p>Sociální služby byly roztříštěné mezi několik institucí a lidé nevěděli, kam se obrátit.</p>"
                "<h3>Řešení</h3><p>Obec zřídila centrum sociálních služeb s koordinátorem, který s každým sestaví individuální plán.</p>"
                "<h3>Výsledky</h3><p>Doba od žádosti po zahájení služby se zkrátila z měsíce na osm dní.</p>",
            ),
            "en": (
                "Turning a social-welfare centre into a community services centre",
                "The municipality turned its social-welfare centre into a centre of services open to all residents, not only to "
                "people in hardship. A good practice because one point of contact and individual service plans shortened the wait "
                "for help.",
                "<h3>The problem</h3><p>Social services were spread over several bodies, and residents did not know where to turn.</p>"
                "<h3>The solution</h3><p>The municipality set up a community services centre whose coordinator draws up an "
                "individual plan with each resident and commissions services from NGOs.</p>"
                "<h3>Results</h3><p>The time from request to the start of a service fell from a month to eight days.</p>",
            ),
        },
    },
    {
        "slug": "klaster-energii-gmin-powiatu-polickiego",
        "association": "zgpz",
        "author": "zgpz.redaktor",
        "categories": ["efektywnosc-energetyczna", "wspolpraca-miedzy-jst"],
        "unit_kind": "gmina_miejsko_wiejska",
        "town": "Police",
        "county": "policki",
        "region": "PL-32",
        "postal_code": "72-010",
        "implementing_unit": "Stowarzyszenie Klaster Energii Powiatu Polickiego",
        "website": "",
        "population": 40600,
        "contact": ("Wiktor Sadło", "koordynator klastra", "klaster@police.example.org", "+48 91 000 31 75"),
        "started_on": "2024-03-01",
        "ended_on": None,
        "latitude": "53.55210",
        "longitude": "14.57080",
        "local_governments": [],
        "submitted_for_review": True,
        "attachments": [],
        "texts": {
            "pl": (
                "Klaster energii gmin powiatu polickiego",
                "Gminy, spółdzielnie mieszkaniowe i lokalne firmy tworzą klaster energii, który bilansuje produkcję z paneli "
                "fotowoltaicznych na budynkach publicznych z zużyciem w szkołach i oczyszczalniach.",
                "<h3>Problem</h3><p>Nadwyżki energii z instalacji fotowoltaicznych na budynkach gminnych trafiały do sieci po niskiej "
                "cenie, a w tym samym czasie gminy kupowały energię dla oczyszczalni.</p>"
                "<h3>Rozwiązanie</h3><p>Członkowie klastra porozumieli się co do wspólnego bilansowania energii i zamawiają ją "
                "wspólnie.</p>",
            ),
        },
    },
]


def _attachment_content(kind: str, title: str, practice_title: str, language_note: str) -> bytes:
    """A small attachment: a tagged PDF (rendered like the site's own PDFs), a CSV table or a text file."""
    if kind == "pdf":
        from federation.pdf import render_pdf

        html = (
            f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '<style>body{font-family:"DejaVu Sans",sans-serif;font-size:11pt;margin:2cm}h1{font-size:16pt}</style></head><body>'
            f"<h1>{escape(title)}</h1><p>{escape(practice_title)}</p><p>{escape(language_note)}</p></body></html>"
        )
        return render_pdf(html)
    if kind == "csv":
        rows = ["miesiąc;wartość", *(f"2024-{month:02d};{1200 + month * 37}" for month in range(1, 13))]
        return ("\n".join(rows) + "\n").encode("utf-8")
    return f"{title}\n\n{practice_title}\n\n{language_note}\n".encode()


class DemoPractices:
    """The demo's good-practice library: categories, practices with translations and attachments, one
    practice in review. Safe to re-run: categories are recognised by slug, practices by their slug under
    the Polish library page; nothing present is touched. Also brings the "Good practice authors" group in
    line with the editors' roles (roles granted before the library existed)."""

    def __init__(self, *, today: dt.date):
        self.today = today

    def load(self) -> int:
        """Add what is missing; returns how many practices were added."""
        library = GoodPracticeIndexPage.objects.filter(locale__language_code="pl").first()
        if library is None:
            return 0
        practice_services.practice_publishing_ensure()
        practice_services.practice_authors_reconcile()
        with transaction.atomic():
            categories = self._categories()
            users = {user.username: user for user in get_user_model().objects.filter(username__in={p["author"] for p in PRACTICES})}
            associations = {association.slug: association for association in Association.objects.all()}
            existing = set(GoodPracticePage.objects.child_of(library).values_list("slug", flat=True))
            translations = {
                page.locale.language_code: page
                for page in GoodPracticeIndexPage.objects.filter(translation_key=library.translation_key).select_related("locale")
            }
            added = 0
            for spec in PRACTICES:
                if spec["slug"] in existing:
                    continue
                self._practice(
                    spec, library=library, translations=translations, categories=categories, users=users, associations=associations
                )
                added += 1
        return added

    def _categories(self) -> dict[str, PracticeCategory]:
        result = {}
        for slug, name_pl, name_cs, name_en in CATEGORIES:
            result[slug], _created = PracticeCategory.objects.get_or_create(
                slug=slug, defaults={"name_pl": name_pl, "name_cs": name_cs, "name_en": name_en}
            )
        return result

    def _practice(self, spec: dict, *, library, translations, categories, users, associations) -> GoodPracticePage:
        title, summary, body = spec["texts"]["pl"]
        contact_name, contact_function, contact_email, contact_phone = spec["contact"]
        author = users.get(spec["author"])
        page = GoodPracticePage(
            title=title,
            slug=spec["slug"],
            live=False,
            locale=library.locale,
            owner=author,
            summary=summary,
            body=body,
            started_on=dt.date.fromisoformat(spec["started_on"]),
            ended_on=dt.date.fromisoformat(spec["ended_on"]) if spec["ended_on"] else None,
            unit_kind=spec["unit_kind"],
            town=spec["town"],
            county=spec["county"],
            region=spec["region"],
            postal_code=spec["postal_code"],
            implementing_unit=spec["implementing_unit"],
            website=spec["website"],
            population=spec["population"],
            contact_name=contact_name,
            contact_function=contact_function,
            contact_email=contact_email,
            contact_phone=contact_phone,
            latitude=spec["latitude"],
            longitude=spec["longitude"],
            association=associations.get(spec["association"]),
        )
        page.categories = [categories[slug] for slug in spec["categories"]]
        page.local_governments = list(LocalGovernment.objects.filter(code__in=spec["local_governments"]).order_by("code"))
        collection = Collection.get_first_root_node()
        for order, (kind, attachment_title, filename) in enumerate(spec["attachments"]):
            content = _attachment_content(kind, attachment_title, title, spec["implementing_unit"])
            document = Document(title=attachment_title, collection=collection, uploaded_by_user=author)
            document.file.save(filename, ContentFile(content), save=False)
            document.file_size = len(content)
            document._set_file_hash()
            document.save()
            page.attachments.add(GoodPracticeAttachment(document=document, sort_order=order))
        library.add_child(instance=page)
        revision = page.save_revision(user=author)
        if spec.get("submitted_for_review"):
            page.get_workflow().start(page, author)
            return page
        reviewer = get_user_model().objects.filter(username="sekretariat").first()
        revision.publish(user=reviewer)
        page.refresh_from_db()
        self._date(page, spec)
        for code, (title, summary, body) in spec["texts"].items():
            if code == "pl" or code not in translations:
                continue
            translation = page.copy_for_translation(Locale.objects.get(language_code=code))
            translation.title, translation.summary, translation.body = title, summary, body
            translation.slug = slugify(title)
            translation.save_revision(user=reviewer).publish(user=reviewer)
            self._date(translation, spec)
        return page

    def _date(self, page: GoodPracticePage, spec: dict) -> None:
        """Date the practice as if it had been added and last updated on the days the spec gives."""
        now = timezone.now()
        first = now - dt.timedelta(days=spec["published_days_ago"])
        last = now - dt.timedelta(days=spec["updated_days_ago"])
        GoodPracticePage.objects.filter(pk=page.pk).update(first_published_at=first, last_published_at=last)
