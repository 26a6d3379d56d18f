"""Load the demo federation: members, municipalities, people with roles, three years of presidencies,
a two-year proposal, news, draft acts and joint positions, events with registrations, and the public site
in Polish, Czech and English.

Safe to re-run: what is already there is left alone (positions and draft acts are recognised by their
title, events by their slug), then the logins are printed. All people are invented.
"""

import datetime as dt
import unicodedata
import zoneinfo
from decimal import Decimal
from pathlib import Path

import holidays
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Locale

from cms.demo.accessibility import ACCESSIBILITY_SECTION
from cms.demo.practices import PRACTICES_SECTION, DemoPractices
from cms.models import HomePage
from cms.services import news_publish, site_sections_ensure, site_setup
from events import services as event_services
from events.enums import Audience, EventKind, Fee, RegistrationStatus
from events.models import Event, Registration
from members import services as member_services
from members.enums import Country, LegalForm, LocalGovernmentKind, RoleKind
from members.models import Association, LocalGovernment, Role, Topic
from members.permissions import SECRETARIAT_GROUP
from positions import services as position_services
from positions.enums import (
    AdoptionRule,
    CommentWeight,
    Decision,
    DraftActStage,
    IdentifierKind,
    Jurisdiction,
    PositionStatus,
    Procedure,
    RoundOutcome,
    Settlement,
    Stance,
)
from positions.models import Comment, ConsultationRound, DraftAct, DraftActIdentifier, Position, PositionVersion, Signature
from presidency import services as presidency_services
from presidency.dates import half_year_end
from presidency.models import RotationPlace
from presidency.selectors import term_on

DATA_DIR = Path(settings.BASE_DIR) / "members" / "data"
DEMO_PASSWORD = "demo-federacja-2026"

ASSOCIATIONS = [
    # slug, name, short, region, country, joined, left, krs, regon, nip, ico, city, voivodeship code for members
    (
        "zgl",
        "Związek Gmin Lubuskich",
        "ZGL",
        "lubuskie",
        "PL",
        "2013-10-29",
        None,
        "0000339564",
        "260181595",
        "1941277243",
        "",
        "Zielona Góra",
        "08",
    ),
    (
        "ssw",
        "Stowarzyszenie Samorządów Wielkopolski",
        "SSW",
        "wielkopolskie",
        "PL",
        "2013-10-29",
        None,
        "0000095120",
        "860913909",
        "7141935736",
        "",
        "Poznań",
        None,
    ),
    (
        "spgp",
        "Śląskie Porozumienie Gmin i Powiatów",
        "ŚPGP",
        "śląskie",
        "PL",
        "2013-10-29",
        None,
        "0000566951",
        "194821999",
        "4629214897",
        "",
        "Katowice",
        None,
    ),
    (
        "ozs",
        "Opolski Związek Samorządów",
        "OZS",
        "opolskie",
        "PL",
        "2013-10-29",
        None,
        "0000448364",
        "579754325",
        "2973638710",
        "",
        "Opole",
        "16",
    ),
    (
        "zgpz",
        "Związek Gmin Pomorza Zachodniego",
        "ZGPZ",
        "zachodniopomorskie",
        "PL",
        "2013-10-29",
        None,
        "0000700676",
        "189555978",
        "8225821587",
        "",
        "Szczecin",
        None,
    ),
    (
        "mss",
        "Małopolskie Stowarzyszenie Samorządowe",
        "MSS",
        "małopolskie",
        "PL",
        "2015-03-12",
        None,
        "0000298421",
        "650752917",
        "8145347787",
        "",
        "Kraków",
        None,
    ),
    (
        "pfs",
        "Podkarpackie Forum Samorządów",
        "PFS",
        "podkarpackie",
        "PL",
        "2015-03-12",
        None,
        "0000084496",
        "276842682",
        "5767432337",
        "",
        "Rzeszów",
        None,
    ),
    ("sopr", "Sdružení obcí Plzeňského regionu", "SOPR", "Plzeňský kraj", "CZ", "2019-06-20", None, "", "", "", "10928154", "Plzeň", "CZ"),
    (
        "zgm",
        "Związek Gmin Mazurskich",
        "ZGM",
        "warmińsko-mazurskie",
        "PL",
        "2013-10-29",
        "2016-05-31",
        "0000243225",
        "307924407",
        "3796639181",
        "",
        "Olsztyn",
        None,
    ),
]

TOPICS = [
    ("education", "Edukacja i oświata", "Vzdělávání a školství", "Education and schools", "ozs"),
    ("finance", "Finanse samorządowe", "Financování samospráv", "Local-government finance", "ssw"),
    ("health", "Ochrona zdrowia", "Zdravotnictví", "Health care", "spgp"),
    ("transport", "Transport publiczny", "Veřejná doprava", "Public transport", "zgl"),
    ("energy", "Energetyka i klimat", "Energetika a klima", "Energy and climate", "zgpz"),
    ("eu-funds", "Fundusze europejskie", "Evropské fondy", "EU funds", "mss"),
    ("waste", "Gospodarka odpadami", "Odpadové hospodářství", "Waste management", "pfs"),
    ("cross-border", "Współpraca transgraniczna", "Přeshraniční spolupráce", "Cross-border cooperation", "sopr"),
    ("social", "Pomoc społeczna", "Sociální služby", "Social services", None),
]

PEOPLE = [
    # username, first, last, association, role kind, title
    ("sekretariat", "Agnieszka", "Wróblewska", None, None, "Sekretariat federacji"),
    ("zgl.prezes", "Tadeusz", "Kamieniecki", "zgl", RoleKind.SIGNATORY, "Prezes Zarządu"),
    ("zgl.admin", "Renata", "Sobolewska", "zgl", RoleKind.ADMINISTRATOR, "Dyrektor Biura"),
    ("zgl.redaktor", "Michał", "Grabowiecki", "zgl", RoleKind.EDITOR, "Specjalista ds. legislacji"),
    ("zgl.pracownik", "Joanna", "Lipińska", "zgl", RoleKind.STAFF, "Specjalista ds. szkoleń"),
    ("ozs.prezes", "Barbara", "Kostrzewa", "ozs", RoleKind.SIGNATORY, "Przewodnicząca Zarządu"),
    ("ozs.admin", "Halina", "Wierzbicka", "ozs", RoleKind.ADMINISTRATOR, "Dyrektor Biura"),
    ("ozs.redaktor", "Paweł", "Nowosielski", "ozs", RoleKind.EDITOR, "Radca prawny"),
    ("ssw.prezes", "Krzysztof", "Zalewicz", "ssw", RoleKind.SIGNATORY, "Prezes Zarządu"),
    ("ssw.redaktor", "Łukasz", "Bednarczyk", "ssw", RoleKind.EDITOR, "Specjalista ds. finansów samorządowych"),
    ("spgp.prezes", "Ewa", "Radomska", "spgp", RoleKind.SIGNATORY, "Przewodnicząca Zarządu"),
    ("zgpz.prezes", "Andrzej", "Morawiec", "zgpz", RoleKind.SIGNATORY, "Prezes Zarządu"),
    ("zgpz.redaktor", "Marta", "Rogalska", "zgpz", RoleKind.EDITOR, "Koordynatorka ds. energii i klimatu"),
    ("mss.prezes", "Dorota", "Chmielewska", "mss", RoleKind.SIGNATORY, "Prezes Zarządu"),
    ("pfs.prezes", "Grzegorz", "Wilkoński", "pfs", RoleKind.SIGNATORY, "Prezes Zarządu"),
    ("sopr.predseda", "Jana", "Procházková", "sopr", RoleKind.SIGNATORY, "Předsedkyně"),
    ("sopr.redaktor", "Tomáš", "Veselý", "sopr", RoleKind.EDITOR, "Tajemník"),
]

SITE = {
    "pl": {
        "home": {
            "title": "Strona główna",
            "mission": "Wspólny głos regionalnych organizacji samorządowych: przygotowujemy wspólne stanowiska w sprawach projektów ustaw i rozporządzeń, wymieniamy doświadczenia i rozmawiamy z rządem jednym głosem.",
            "body": "<p>Porozumienie zrzesza regionalne związki i stowarzyszenia gmin i powiatów. Każdy członek specjalizuje się w wybranych dziedzinach i prowadzi w nich prace nad wspólnymi stanowiskami. Prezydencja przechodzi co pół roku na kolejnego członka.</p>",
        },
        "members": {
            "title": "Członkowie",
            "slug": "czlonkowie",
            "intro": "Regionalne organizacje samorządowe, które tworzą porozumienie, i samorządy w nich zrzeszone.",
        },
        "presidency": {
            "title": "Prezydencja",
            "slug": "prezydencja",
            "intro": "Prezydencja ma charakter przechodni: co około sześć miesięcy przejmuje ją kolejny członek, na posiedzeniu zarządu.",
        },
        "positions": {
            "title": "Stanowiska",
            "slug": "stanowiska",
            "intro": "<p>Wspólne stanowiska organizacji członkowskich w sprawach projektów ustaw, rozporządzeń i aktów Unii Europejskiej: treść przyjęta na posiedzeniu zarządu, podpisy prezesów i plik PDF z kodem weryfikacyjnym.</p>",
        },
        "events": {
            "title": "Wydarzenia",
            "slug": "wydarzenia",
            "intro": "<p>Seminaria, szkolenia, konferencje i webinaria organizacji członkowskich oraz posiedzenia porozumienia: "
            "zapisy dla pracowników samorządów, porządek obrad i przyjęte stanowiska.</p>",
        },
        "news": {"title": "Aktualności", "slug": "aktualnosci", "intro": "Wiadomości z prac porozumienia i jego członków."},
        "about": {
            "title": "O porozumieniu",
            "slug": "o-porozumieniu",
            "intro": "Inicjatywa organizacji regionalnych na rzecz silnego samorządu.",
            "body": "<p>Porozumienie podpisano 29 października 2013 roku. Jego celem jest wzmocnienie działań rzeczniczych na rzecz jednostek samorządu terytorialnego, wymiana dobrych praktyk oraz wypracowywanie wspólnych stanowisk wobec projektów aktów prawnych.</p><h2>Jak pracujemy</h2><p>Członkowie specjalizują się w wybranych dziedzinach. Stanowisko przygotowuje organizacja wiodąca w danej dziedzinie, pozostali członkowie zgłaszają uwagi, a przyjęte stanowisko podpisują prezesi organizacji.</p>",
        },
        "contact": {
            "title": "Kontakt",
            "slug": "kontakt",
            "intro": "Sekretariat porozumienia odpowiada na pytania mediów, urzędów i mieszkańców.",
        },
    },
    "cs": {
        "home": {
            "title": "Úvod",
            "mission": "Společný hlas regionálních sdružení samospráv: připravujeme společná stanoviska k návrhům zákonů a vyhlášek, sdílíme zkušenosti a jednáme s vládou jedním hlasem.",
            "body": "<p>Dohoda sdružuje regionální svazy a sdružení obcí a okresů. Každý člen se specializuje na vybrané oblasti a vede v nich práci na společných stanoviscích. Předsednictví přechází každého půl roku na dalšího člena.</p>",
        },
        "members": {
            "title": "Členové",
            "slug": "clenove",
            "intro": "Regionální organizace samospráv, které tvoří dohodu, a obce v nich sdružené.",
        },
        "presidency": {
            "title": "Předsednictví",
            "slug": "predsednictvi",
            "intro": "Předsednictví se střídá: přibližně každých šest měsíců je na zasedání výboru přebírá další člen.",
        },
        "positions": {
            "title": "Stanoviska",
            "slug": "stanoviska",
            "intro": "<p>Společná stanoviska členských organizací k návrhům zákonů, vyhlášek a předpisů Evropské unie: text přijatý na zasedání výboru, podpisy předsedů a PDF s ověřovacím kódem.</p>",
        },
        "events": {
            "title": "Akce",
            "slug": "akce",
            "intro": "<p>Semináře, školení, konference a webináře členských organizací a zasedání dohody: přihlášky pro "
            "zaměstnance samospráv, program jednání a přijatá stanoviska.</p>",
        },
        "news": {"title": "Aktuality", "slug": "aktuality", "intro": "Zprávy z práce dohody a jejích členů."},
        "about": {
            "title": "O dohodě",
            "slug": "o-dohode",
            "intro": "Iniciativa regionálních organizací pro silnou samosprávu.",
            "body": "<p>Dohoda byla podepsána 29. října 2013. Jejím cílem je posílit prosazování zájmů územních samospráv, sdílet dobrou praxi a připravovat společná stanoviska k návrhům právních předpisů.</p><h2>Jak pracujeme</h2><p>Členové se specializují na vybrané oblasti. Stanovisko připravuje organizace, která v oblasti vede, ostatní členové k němu podávají připomínky a přijaté stanovisko podepisují předsedové organizací.</p>",
        },
        "contact": {"title": "Kontakt", "slug": "kontakt", "intro": "Sekretariát dohody odpovídá na dotazy médií, úřadů i občanů."},
    },
    "en": {
        "home": {
            "title": "Home",
            "mission": "The common voice of regional associations of local governments: we draft joint positions on bills and regulations, share experience and speak to the government with one voice.",
            "body": "<p>The accord brings together regional unions and associations of municipalities and counties. Each member specialises in chosen policy areas and leads the work on joint positions there. The presidency passes to the next member every six months.</p>",
        },
        "members": {
            "title": "Members",
            "slug": "members",
            "intro": "The regional local-government organisations that form the accord, and the local governments in them.",
        },
        "presidency": {
            "title": "Presidency",
            "slug": "presidency",
            "intro": "The presidency rotates: about every six months the next member takes it over at a board meeting.",
        },
        "positions": {
            "title": "Positions",
            "slug": "positions",
            "intro": "<p>The member organisations' joint positions on bills, regulations and European Union acts: the text adopted by the board, the presidents' signatures and a PDF with its verification code.</p>",
        },
        "events": {
            "title": "Events",
            "slug": "events",
            "intro": "<p>Seminars, trainings, conferences and webinars of the member organisations, and the accord's own "
            "meetings: registration for local-government staff, agendas and the positions adopted.</p>",
        },
        "news": {"title": "News", "slug": "news", "intro": "News from the work of the accord and its members."},
        "about": {
            "title": "About the accord",
            "slug": "about",
            "intro": "An initiative of regional organisations for strong local self-government.",
            "body": "<p>The accord was signed on 29 October 2013. It strengthens advocacy for local governments, shares good practice and drafts joint positions on draft legislation.</p><h2>How we work</h2><p>Members specialise in chosen areas. The association leading on an area drafts the position, the other members comment on it, and the presidents of the organisations sign the adopted position.</p>",
        },
        "contact": {
            "title": "Contact",
            "slug": "contact",
            "intro": "The accord's secretariat answers questions from the press, public bodies and residents.",
        },
    },
}

for _language, _content in ACCESSIBILITY_SECTION.items():
    SITE[_language]["accessibility"] = _content
for _language, _content in PRACTICES_SECTION.items():
    SITE[_language]["practices"] = _content

FEDERATION = {
    "name_pl": "Porozumienie Regionalnych Organizacji Samorządowych",
    "name_cs": "Dohoda regionálních organizací samospráv",
    "name_en": "Accord of Regional Local-Government Organisations",
    "short_name": "PROS",
    "street_address": "ul. Samorządowa 12",
    "postal_code": "65-001",
    "city": "Zielona Góra",
    "email": "sekretariat@pros.example.org",
    "phone": "+48 68 000 00 00",
}

NEWS = [
    (
        -12,
        {
            "pl": (
                "Posiedzenie zarządu w Nowej Soli",
                "Zarząd porozumienia przyjął plan prac na półrocze i omówił projekt ustawy o dochodach jednostek samorządu terytorialnego.",
                "<p>Na posiedzeniu zarządu członkowie porozumienia omówili priorytety prezydencji i harmonogram prac nad wspólnymi stanowiskami.</p>",
            ),
            "cs": (
                "Zasedání výboru v Nowé Sóli",
                "Výbor dohody přijal plán práce na pololetí a projednal návrh zákona o příjmech územních samospráv.",
                "<p>Na zasedání výboru členové dohody projednali priority předsednictví a harmonogram práce na společných stanoviscích.</p>",
            ),
            "en": (
                "Board meeting in Nowa Sól",
                "The accord's board adopted its work plan for the half-year and discussed the bill on local-government revenue.",
                "<p>At the board meeting the members discussed the presidency's priorities and the timetable for joint positions.</p>",
            ),
        },
    ),
    (
        -40,
        {
            "pl": (
                "Spotkanie dyrektorów biur online",
                "Dyrektorzy biur organizacji członkowskich zaplanowali półrocze nowej prezydencji.",
                "<p>Pierwsze spotkanie dyrektorów biur w nowej prezydencji odbyło się online. Ustalono podział prac nad projektami aktów prawnych.</p>",
            ),
            "cs": (
                "Online setkání ředitelů kanceláří",
                "Ředitelé kanceláří členských organizací naplánovali pololetí nového předsednictví.",
                "<p>První setkání ředitelů kanceláří v novém předsednictví proběhlo online. Byla dohodnuta dělba práce na návrzích předpisů.</p>",
            ),
            "en": (
                "Directors' meeting online",
                "The directors of the member organisations' offices planned the new presidency's half-year.",
                "<p>The first directors' meeting of the new presidency took place online. The work on draft acts was shared out.</p>",
            ),
        },
    ),
    (
        -95,
        {
            "pl": (
                "Przekazanie prezydencji",
                "Podczas posiedzenia zarządu nastąpiło przekazanie przechodniej prezydencji kolejnej organizacji członkowskiej.",
                "<p>Ustępująca prezydencja przedstawiła sprawozdanie z półrocza, a nowa – program i priorytety.</p>",
            ),
            "cs": (
                "Předání předsednictví",
                "Na zasedání výboru bylo předsednictví předáno další členské organizaci.",
                "<p>Odcházející předsednictví představilo zprávu za pololetí a nové svůj program a priority.</p>",
            ),
            "en": (
                "Presidency handed over",
                "At the board meeting the rotating presidency passed to the next member organisation.",
                "<p>The outgoing presidency reported on its half-year and the incoming one presented its programme and priorities.</p>",
            ),
        },
    ),
    (
        -160,
        {
            "pl": (
                "Nowy członek porozumienia",
                "Do porozumienia przystąpiło czeskie sdružení obcí z kraju pilzneńskiego, wzmacniając współpracę transgraniczną.",
                "<p>Nowy członek będzie prowadził prace w dziedzinie współpracy transgranicznej.</p>",
            ),
            "cs": (
                "Nový člen dohody",
                "K dohodě přistoupilo sdružení obcí z Plzeňského kraje a posílilo přeshraniční spolupráci.",
                "<p>Nový člen povede práci v oblasti přeshraniční spolupráce.</p>",
            ),
            "en": (
                "A new member of the accord",
                "A Czech association of municipalities from the Plzeň region joined the accord, strengthening cross-border cooperation.",
                "<p>The new member will lead the work on cross-border cooperation.</p>",
            ),
        },
    ),
]

# Days after the half-year boundary on which past handovers took place (board meetings fall on odd dates).
HANDOVER_OFFSETS = [14, 6, 11, 16, 8, 20, 6, 13]


# --- Draft acts and joint positions ---------------------------------------------------------------------
#
# Dates are counted back from today, so the history always ends now: each historic position was adopted at
# a board sitting (a Thursday) `SITTINGS[key]` days ago. Draft acts' rounds are dated from the sitting of the
# position that answers them ("today" for the ones still open).

SITTINGS = {"education": 1130, "spatial": 985, "revenues": 770, "energy": 575, "water": 410, "education_update": 235}

DRAFT_ACTS = [
    {
        "key": "revenues",
        "title": "Projekt ustawy o dochodach jednostek samorządu terytorialnego",
        "jurisdiction": Jurisdiction.POLAND,
        "originating_body": "Ministerstwo Finansów",
        "stage": DraftActStage.ENACTED,
        "topic": "finance",
        "lead": None,  # proposed from the topic: SSW leads on local-government finance
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "public": True,
        "summary": "Nowy system dochodów samorządów: udział w podatkach dochodowych liczony od dochodów podatników, "
        "wskaźniki potrzeb (oświatowych, transportowych, ekologicznych) i mechanizm wyrównawczy finansowany z budżetu państwa.",
        "identifiers": [
            (IdentifierKind.GOVERNMENT_LIST, "UD123"),
            (IdentifierKind.SEJM_PRINT, "2184"),
            (IdentifierKind.SEJM_PRINT, "2184-A"),
            (IdentifierKind.SENATE_PRINT, "1012"),
        ],
        "rounds": [
            {
                "procedure": Procedure.PL_CONSULTATION,
                "received": ("revenues", -50),
                "calendar_days": 30,
                "our_ref": "SSW/412/{year}",
                "their_ref": "FN9.4020.12.{year}",
            },
            {
                "procedure": Procedure.KWRIST,
                "received": ("revenues", -22),
                "calendar_days": 14,
                "outcome": RoundOutcome.WORKING_TEAM,
                "taken_into_account": True,
                "outcome_note": "Komisja Wspólna skierowała projekt do Zespołu ds. Systemu Finansów Publicznych. "
                "Zespół uwzględnił postulat gwarancji dochodów w okresie przejściowym.",
            },
        ],
    },
    {
        "key": "education",
        "title": "Projekt ustawy o zmianie ustawy o finansowaniu zadań oświatowych oraz niektórych innych ustaw",
        "jurisdiction": Jurisdiction.POLAND,
        "originating_body": "Ministerstwo Edukacji",
        "stage": DraftActStage.PARLIAMENT,
        "topic": "education",
        "lead": None,
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "public": True,
        "summary": "Zmiana zasad ustalania środków na zadania oświatowe, dowozu uczniów z niepełnosprawnościami "
        "i finansowania podwyżek wynagrodzeń nauczycieli.",
        "identifiers": [(IdentifierKind.GOVERNMENT_LIST, "UD87"), (IdentifierKind.SEJM_PRINT, "1120")],
        "rounds": [
            {"procedure": Procedure.PL_OPINION, "received": ("education", -55), "calendar_days": 21, "our_ref": "OZS/0318/{year}"},
            {
                "procedure": Procedure.KWRIST,
                "received": ("education_update", -30),
                "calendar_days": 14,
                "outcome": RoundOutcome.POSITIVE,
                "taken_into_account": True,
                "outcome_note": "Opinia pozytywna pod warunkiem finansowania podwyżek od dnia ich wejścia w życie.",
            },
        ],
    },
    {
        "key": "spatial",
        "title": "Projekt ustawy o zmianie ustawy o planowaniu i zagospodarowaniu przestrzennym oraz niektórych innych ustaw",
        "jurisdiction": Jurisdiction.POLAND,
        "originating_body": "Ministerstwo Rozwoju i Technologii",
        "stage": DraftActStage.ENACTED,
        "topic": None,
        "lead": "zgl",
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "public": True,
        "summary": "Plan ogólny gminy zamiast studium, Rejestr Urbanistyczny i nowe zasady wydawania decyzji o warunkach zabudowy.",
        "identifiers": [(IdentifierKind.GOVERNMENT_LIST, "UD369"), (IdentifierKind.SEJM_PRINT, "3097")],
        "rounds": [
            {
                "procedure": Procedure.PL_CONSULTATION,
                "received": ("spatial", -30),
                "calendar_days": 7,
                "deadline_shortened": True,
                "our_ref": "ZGL/227/{year}",
                "their_ref": "DPR-III.0210.4.{year}",
            },
        ],
    },
    {
        "key": "energy",
        "title": "Projekt ustawy o zmianie niektórych ustaw w celu ograniczenia cen energii elektrycznej",
        "jurisdiction": Jurisdiction.POLAND,
        "originating_body": "Ministerstwo Klimatu i Środowiska",
        "stage": DraftActStage.ENACTED,
        "topic": "energy",
        "lead": None,
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "public": True,
        "summary": "Cena maksymalna energii elektrycznej dla odbiorców wrażliwych, w tym jednostek samorządu terytorialnego.",
        "identifiers": [
            (IdentifierKind.GOVERNMENT_LIST, "UD211"),
            (IdentifierKind.SEJM_PRINT, "2712"),
            (IdentifierKind.SENATE_PRINT, "905"),
        ],
        "rounds": [
            {"procedure": Procedure.PL_CONSULTATION, "received": ("energy", -40), "calendar_days": 14, "our_ref": "ZGPZ/96/{year}"},
            {
                "procedure": Procedure.KWRIST,
                "received": ("energy", -20),
                "calendar_days": 7,
                "outcome": RoundOutcome.POSITIVE,
                "taken_into_account": False,
                "outcome_note": "Opinia pozytywna; postulat objęcia ceną maksymalną spółek komunalnych nie został uwzględniony.",
            },
        ],
    },
    {
        "key": "water",
        "title": "Projekt ustawy o zmianie ustawy o zbiorowym zaopatrzeniu w wodę i zbiorowym odprowadzaniu ścieków",
        "jurisdiction": Jurisdiction.POLAND,
        "originating_body": "Ministerstwo Infrastruktury",
        "stage": DraftActStage.GOVERNMENT,
        "topic": None,
        "lead": "zgl",
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "public": True,
        "summary": "Zasady zatwierdzania taryf za wodę i ścieki przez regulatora oraz uwzględniania kosztów inwestycji w taryfach.",
        "identifiers": [(IdentifierKind.GOVERNMENT_LIST, "UD150")],
        "rounds": [{"procedure": Procedure.PL_CONSULTATION, "received": ("water", -50), "calendar_days": 30, "our_ref": "ZGL/301/{year}"}],
    },
    {
        "key": "czech_taxes",
        "title": "Návrh zákona, kterým se mění zákon č. 243/2000 Sb., o rozpočtovém určení výnosů některých daní "
        "územním samosprávným celkům a některým státním fondům",
        "jurisdiction": Jurisdiction.CZECHIA,
        "originating_body": "Ministerstvo financí",
        "stage": DraftActStage.CONSULTATION,
        "topic": "finance",
        "lead": "sopr",
        "stance": Stance.WATCH,
        "public": False,
        "summary": "Novela mění podíl obcí a krajů na sdílených daních a kritéria jejich rozdělení mezi obce (počet žáků, "
        "výměra katastru). Sdružení sleduje dopad na malé obce Plzeňského kraje.",
        "identifiers": [(IdentifierKind.EKLEP, "KORNDB7K9QEZ")],
        "rounds": [
            {
                "procedure": Procedure.CZ_INTERDEPARTMENTAL,
                "received": ("today", -6),
                "working_days": 20,
                "our_ref": "SOPR-87/{year}",
                "their_ref": "MF-21453/{year}/1201-2",
            },
        ],
    },
    {
        "key": "cohesion",
        "title": "Wniosek dotyczący rozporządzenia Parlamentu Europejskiego i Rady w sprawie Europejskiego Funduszu Rozwoju "
        "Regionalnego, Funduszu Spójności i programów Interreg na lata 2028–2034",
        "jurisdiction": Jurisdiction.EUROPEAN_UNION,
        "originating_body": "Komisja Europejska",
        "stage": DraftActStage.CONSULTATION,
        "topic": "cross-border",
        "lead": None,
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "public": True,
        "summary": "Wieloletnie ramy finansowe po 2027 r.: krajowe plany partnerstwa zamiast odrębnych programów polityki spójności.",
        "identifiers": [(IdentifierKind.EU_PROCEDURE, "COM(2025) 552")],
        "rounds": [{"procedure": Procedure.PUBLIC_CONSULTATION, "received": ("today", -40), "calendar_days": 56}],
    },
    {
        "key": "bus_fund",
        "title": "Projekt ustawy o zmianie ustawy o Funduszu rozwoju przewozów autobusowych o charakterze użyteczności publicznej",
        "jurisdiction": Jurisdiction.POLAND,
        "originating_body": "Ministerstwo Infrastruktury",
        "stage": DraftActStage.CONSULTATION,
        "topic": "transport",
        "lead": None,
        "stance": Stance.WATCH,
        "public": False,
        "summary": "Wysokość dopłat do wozokilometra, okres umów o dopłatę i zasady rozliczeń z wojewodami.",
        "identifiers": [(IdentifierKind.GOVERNMENT_LIST, "UD231")],
        "rounds": [
            {
                "procedure": Procedure.PL_CONSULTATION,
                "received": ("today", -12),
                "calendar_days": 30,
                "our_ref": "ZGL/518/{year}",
                "their_ref": "DTD-2.0210.14.{year}",
            },
        ],
    },
]

EVERY_MEMBER = ["zgl", "ssw", "spgp", "ozs", "zgpz", "mss", "pfs", "sopr"]
SIGNATORIES = {slug: f"{slug}.prezes" for slug in EVERY_MEMBER} | {"sopr": "sopr.predseda"}
EDITORS = {"zgl": "zgl.redaktor", "ozs": "ozs.redaktor", "ssw": "ssw.redaktor", "zgpz": "zgpz.redaktor", "sopr": "sopr.redaktor"}
BOARD = "Zarząd Porozumienia Regionalnych Organizacji Samorządowych"

POSITIONS = [
    {
        "key": "education",
        "lead": "ozs",
        "topic": "education",
        "draft_acts": ["education"],
        "rule": AdoptionRule.ALL_MEMBERS,
        "place": "Nowa Sól",
        "forum": f"{BOARD}, posiedzenie w Nowej Soli",
        "addressees": "Prezes Rady Ministrów\nMinister Edukacji\nMinister Finansów\n"
        "Współprzewodniczący Komisji Wspólnej Rządu i Samorządu Terytorialnego",
        "title": "Stanowisko w sprawie finansowania zadań oświatowych jednostek samorządu terytorialnego",
        "preamble": f"{BOARD}, po zapoznaniu się z projektem ustawy o zmianie ustawy o finansowaniu zadań oświatowych "
        "oraz z informacją o planowanej kwocie części oświatowej subwencji ogólnej, przyjmuje następujące stanowisko.",
        "points": [
            {
                "text": "Porozumienie stwierdza, że część oświatowa subwencji ogólnej nie pokrywa bieżących wydatków gmin i "
                "powiatów na prowadzenie szkół i przedszkoli. W wielu gminach członkowskich dopłata z dochodów własnych "
                "przekracza 40% wydatków bieżących na oświatę.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o:",
                "subpoints": [
                    "zwiększanie kwoty części oświatowej subwencji ogólnej o pełne skutki podwyżek wynagrodzeń nauczycieli "
                    "wraz z pochodnymi, od dnia ich wejścia w życie,",
                    "pełne sfinansowanie z budżetu państwa skutków zmian w ustawie – Karta Nauczyciela uchwalanych w trakcie "
                    "roku budżetowego,",
                    "wprowadzenie do ustawy gwarancji, że subwencja pokrywa co najmniej wydatki na wynagrodzenia nauczycieli "
                    "wraz z pochodnymi.",
                ],
            },
            {
                "text": "Porozumienie sprzeciwia się przekazywaniu jednostkom samorządu terytorialnego nowych zadań oświatowych "
                "bez wskazania źródła ich finansowania, w szczególności:",
                "subpoints": [
                    "dowozu i opieki nad uczniami z niepełnosprawnościami w szkołach i ośrodkach poza gminą,",
                    "rozszerzania pomocy psychologiczno-pedagogicznej bez zmiany wag w algorytmie podziału subwencji.",
                ],
            },
            {
                "text": "Porozumienie wnosi o skierowanie projektu do Zespołu ds. Edukacji, Kultury i Sportu Komisji Wspólnej "
                "Rządu i Samorządu Terytorialnego przed jego przyjęciem przez Radę Ministrów.",
                "subpoints": [],
            },
        ],
        "justification": "Od kilku lat wydatki bieżące jednostek samorządu terytorialnego na oświatę rosną szybciej niż część "
        "oświatowa subwencji ogólnej. Podwyżki wynagrodzeń nauczycieli wprowadzane w trakcie roku szkolnego są "
        "uwzględniane w subwencji z opóźnieniem albo tylko częściowo, a różnicę pokrywają gminy i powiaty z dochodów "
        "własnych, kosztem inwestycji i innych zadań.\n\n"
        "Samorządy członkowskie Porozumienia prowadzą w większości małe szkoły wiejskie, w których koszt kształcenia ucznia "
        "jest wyższy niż średnio w kraju. Algorytm podziału subwencji tylko w niewielkim stopniu uwzględnia sieć szkół na "
        "obszarach o niskiej gęstości zaludnienia, a to samorząd odpowiada za zapewnienie uczniom dostępu do szkoły blisko "
        "miejsca zamieszkania.\n\n"
        "Zgodnie z art. 167 ust. 4 Konstytucji RP zmiany w zakresie zadań i kompetencji jednostek samorządu terytorialnego "
        "następują wraz z odpowiednimi zmianami w podziale dochodów publicznych. Porozumienie oczekuje, że zasada ta będzie "
        "przestrzegana przy każdej zmianie przepisów oświatowych, a skutki finansowe projektów będą rzetelnie oszacowane w "
        "ocenie skutków regulacji.",
        "decisions": {slug: Decision.SIGNED for slug in EVERY_MEMBER},
    },
    {
        "key": "spatial",
        "lead": "zgl",
        "topic": None,
        "draft_acts": ["spatial"],
        "rule": AdoptionRule.AT_LEAST,
        "minimum": 6,
        "place": "Opole",
        "forum": f"{BOARD}, posiedzenie w Opolu",
        "addressees": "Minister Rozwoju i Technologii\nSejmowa Komisja Infrastruktury\nKomisja Wspólna Rządu i Samorządu Terytorialnego",
        "title": "Stanowisko w sprawie projektu ustawy o zmianie ustawy o planowaniu i zagospodarowaniu przestrzennym "
        "oraz niektórych innych ustaw",
        "preamble": f"{BOARD}, uznając potrzebę uporządkowania systemu planowania przestrzennego, zgłasza do projektu ustawy "
        "następujące postulaty.",
        "points": [
            {
                "text": "Porozumienie popiera wprowadzenie planu ogólnego gminy jako podstawy wydawania decyzji o warunkach "
                "zabudowy i ograniczenia rozpraszania zabudowy.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o realistyczne terminy wdrożenia reformy, w tym:",
                "subpoints": [
                    "wydłużenie terminu uchwalenia planów ogólnych o co najmniej 24 miesiące,",
                    "utrzymanie mocy obowiązującej studiów uwarunkowań i kierunków zagospodarowania przestrzennego do dnia "
                    "wejścia w życie planu ogólnego,",
                    "okres przejściowy dla postępowań w sprawie decyzji o warunkach zabudowy wszczętych przed wejściem w życie "
                    "planu ogólnego.",
                ],
            },
            {
                "text": "Porozumienie wnosi o finansowanie sporządzenia planów ogólnych z budżetu państwa:",
                "subpoints": [
                    "w formie dotacji celowej pokrywającej co najmniej 60% kosztów w gminach do 20 tys. mieszkańców,",
                    "z uwzględnieniem kosztów cyfryzacji dotychczasowych aktów planistycznych i ich udostępnienia w Rejestrze "
                    "Urbanistycznym.",
                ],
            },
            {
                "text": "Porozumienie sprzeciwia się skróceniu konsultacji projektu do 7 dni; projekt zmieniający zasady "
                "wykonywania zadań własnych gmin wymaga co najmniej 30-dniowego terminu na opinię organizacji samorządowych.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o udostępnienie gminom narzędzi informatycznych i wzorów dokumentów co najmniej "
                "12 miesięcy przed upływem terminu uchwalenia planów ogólnych.",
                "subpoints": [],
            },
        ],
        "justification": "Reforma planowania przestrzennego nakłada na każdą gminę obowiązek sporządzenia planu ogólnego w "
        "krótkim terminie. Gminy muszą jednocześnie zamówić opracowania, przeprowadzić partycypację społeczną, uzgodnić "
        "projekt z wieloma organami i przygotować dane przestrzenne w nowym standardzie. Na rynku brakuje urbanistów, którzy "
        "w tym samym czasie przygotują plany dla ponad dwóch tysięcy gmin.\n\n"
        "Koszt sporządzenia planu ogólnego w gminie wiejskiej członkowie Porozumienia szacują na kilkaset tysięcy złotych. "
        "Zapowiadane wsparcie z budżetu państwa pokrywa jedynie część tej kwoty i jest rozdzielane bez uwzględnienia "
        "powierzchni gminy i liczby obowiązujących planów miejscowych.\n\n"
        "Projekt przekazano organizacjom samorządowym z siedmiodniowym terminem na zgłoszenie uwag. Tak krótki termin "
        "uniemożliwia rzetelną analizę projektu przez organy stowarzyszeń i związków gmin, które zgodnie ze statutami "
        "przyjmują stanowiska kolegialnie.",
        "decisions": {slug: Decision.SIGNED for slug in ["zgl", "ozs", "ssw", "spgp", "zgpz", "pfs"]},
    },
    {
        "key": "revenues",
        "lead": "ssw",
        "topic": "finance",
        "draft_acts": ["revenues"],
        "rule": AdoptionRule.ALL_MEMBERS,
        "place": "Poznań",
        "forum": f"{BOARD}, posiedzenie w Poznaniu",
        "addressees": "Minister Finansów\nSejmowa Komisja Samorządu Terytorialnego i Polityki Regionalnej\n"
        "Senacka Komisja Samorządu Terytorialnego i Administracji Państwowej\nKomisja Wspólna Rządu i Samorządu Terytorialnego",
        "title": "Stanowisko w sprawie projektu ustawy o dochodach jednostek samorządu terytorialnego",
        "preamble": f"{BOARD}, po przeanalizowaniu projektu ustawy o dochodach jednostek samorządu terytorialnego oraz "
        "wyliczeń jego skutków dla poszczególnych gmin, powiatów i województw, przedstawia następujące stanowisko.",
        "points": [
            {
                "text": "Porozumienie popiera oparcie dochodów jednostek samorządu terytorialnego na udziale w dochodach ze "
                "wszystkich podatków dochodowych, obliczanym od dochodów podatników, a nie od wpływów z podatku.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o wprowadzenie do ustawy:",
                "subpoints": [
                    "gwarancji, że dochody żadnej jednostki w pierwszych trzech latach stosowania ustawy nie będą niższe niż "
                    "w roku poprzedzającym jej wejście w życie, z uwzględnieniem inflacji,",
                    "mechanizmu wyrównawczego dla gmin o niskim dochodzie podatkowym na mieszkańca, finansowanego z budżetu "
                    "państwa, a nie z wpłat innych samorządów,",
                    "corocznej waloryzacji wskaźników potrzeb oświatowych i transportowych.",
                ],
            },
            {
                "text": "Porozumienie wnosi o odrębne uwzględnienie potrzeb powiatów, w szczególności kosztów utrzymania dróg "
                "powiatowych i szkół ponadpodstawowych.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o przegląd skutków ustawy po dwóch latach jej stosowania z udziałem Komisji Wspólnej "
                "Rządu i Samorządu Terytorialnego oraz o publikowanie przez Ministra Finansów danych, na podstawie których "
                "wylicza się dochody poszczególnych jednostek.",
                "subpoints": [],
            },
            {
                "text": "Ustawa powinna wejść w życie z dniem 1 stycznia roku następującego po roku jej ogłoszenia, tak aby "
                "jednostki mogły uwzględnić nowe zasady w uchwałach budżetowych.",
                "subpoints": [],
            },
        ],
        "justification": "Dotychczasowy system dochodów samorządów opiera się na udziałach we wpływach z podatków dochodowych. "
        "Zmiany w podatku dochodowym od osób fizycznych wprowadzone w ostatnich latach obniżyły te wpływy, a jednorazowe "
        "rekompensaty nie dawały samorządom pewności planowania. Porozumienie od dawna postulowało system, w którym dochody "
        "samorządów nie zależą od każdej zmiany stawek i ulg podatkowych.\n\n"
        "Projekt realizuje ten postulat, ale wyliczenia przekazane przez Ministerstwo Finansów wskazują, że część gmin "
        "wiejskich i powiatów otrzyma dochody niższe niż dotychczas. Gwarancja poziomu dochodów w okresie przejściowym jest "
        "warunkiem bezpiecznego wdrożenia reformy.\n\n"
        "Mechanizm wyrównawczy finansowany wpłatami zamożniejszych jednostek był przedmiotem sporów i wyroków Trybunału "
        "Konstytucyjnego. Porozumienie stoi na stanowisku, że wyrównywanie różnic w dochodach jest zadaniem państwa i powinno "
        "być finansowane z budżetu państwa.\n\n"
        "Członkowie Porozumienia zgłosili uwagi do projektu stanowiska w trybie konsultacji. Uwzględniono uwagę Opolskiego "
        "Związku Samorządów dotyczącą okresu gwarancji oraz częściowo uwagę Związku Gmin Pomorza Zachodniego dotyczącą "
        "potrzeb powiatów.",
        "consultation": {
            "comments": [
                {
                    "association": "ozs",
                    "weight": CommentWeight.FUNDAMENTAL,
                    "point": 2,
                    "subpoint": 1,
                    "text": "Trzyletni okres gwarancji jest zbyt krótki: skutki reformy dla gmin wiejskich ujawnią się w pełni "
                    "dopiero po kilku latach.",
                    "proposed_wording": "gwarancji, że dochody żadnej jednostki w pierwszych pięciu latach stosowania ustawy "
                    "nie będą niższe niż w roku poprzedzającym jej wejście w życie, z uwzględnieniem inflacji,",
                    "justification": "Wyliczenia dla gmin opolskich pokazują spadek dochodów w czwartym i piątym roku stosowania ustawy.",
                    "settlement": Settlement.ACCEPTED,
                    "reply": "Uwzględniono: okres gwarancji wydłużono do pięciu lat.",
                },
                {
                    "association": "zgpz",
                    "weight": CommentWeight.RECOMMENDATION,
                    "point": 3,
                    "text": "Proponujemy wymienić także koszty publicznego transportu zbiorowego i utrzymania szpitali powiatowych.",
                    "settlement": Settlement.PARTLY_ACCEPTED,
                    "reply": "Uwzględniono transport zbiorowy. Finansowanie szpitali powiatowych wymaga odrębnego stanowiska "
                    "w sprawie ochrony zdrowia.",
                },
            ],
            "revision": {
                "change_note": "Uwzględniono uwagi OZS (okres gwarancji) i ZGPZ (potrzeby powiatów)",
                "points": {
                    2: {
                        "text": "Porozumienie wnosi o wprowadzenie do ustawy:",
                        "subpoints": [
                            "gwarancji, że dochody żadnej jednostki w pierwszych pięciu latach stosowania ustawy nie będą "
                            "niższe niż w roku poprzedzającym jej wejście w życie, z uwzględnieniem inflacji,",
                            "mechanizmu wyrównawczego dla gmin o niskim dochodzie podatkowym na mieszkańca, finansowanego z "
                            "budżetu państwa, a nie z wpłat innych samorządów,",
                            "corocznej waloryzacji wskaźników potrzeb oświatowych i transportowych.",
                        ],
                    },
                    3: {
                        "text": "Porozumienie wnosi o odrębne uwzględnienie potrzeb powiatów, w szczególności kosztów:",
                        "subpoints": [
                            "utrzymania dróg powiatowych,",
                            "prowadzenia szkół ponadpodstawowych,",
                            "organizacji publicznego transportu zbiorowego.",
                        ],
                    },
                },
            },
        },
        "decisions": {slug: Decision.SIGNED for slug in EVERY_MEMBER} | {"sopr": Decision.ABSTAINED},
        "reservations": {
            "sopr": "Sdružení obcí Plzeňského regionu se zdržuje: návrh upravuje polský systém příjmů samospráv, k němuž "
            "se jako český člen nevyjadřuje. Podporuje však požadavek, aby změny příjmů obcí byly předvídatelné a projednané "
            "se zástupci samospráv."
        },
    },
    {
        "key": "energy",
        "lead": "zgpz",
        "topic": "energy",
        "draft_acts": ["energy"],
        "rule": AdoptionRule.AT_LEAST,
        "minimum": 6,
        "place": "Szczecin",
        "forum": f"{BOARD}, posiedzenie w Szczecinie",
        "addressees": "Minister Klimatu i Środowiska\nMinister Aktywów Państwowych\nPrezes Urzędu Regulacji Energetyki",
        "title": "Stanowisko w sprawie cen energii elektrycznej dla jednostek samorządu terytorialnego i podmiotów "
        "realizujących zadania użyteczności publicznej",
        "preamble": f"{BOARD}, w związku z projektem ustawy o zmianie niektórych ustaw w celu ograniczenia cen energii "
        "elektrycznej, przedstawia następujące stanowisko.",
        "points": [
            {
                "text": "Porozumienie wnosi o objęcie ceną maksymalną energii elektrycznej wszystkich odbiorców realizujących "
                "zadania użyteczności publicznej, w tym:",
                "subpoints": [
                    "jednostek samorządu terytorialnego i ich jednostek budżetowych,",
                    "spółek komunalnych zajmujących się zaopatrzeniem w wodę, odprowadzaniem ścieków i ciepłownictwem,",
                    "podmiotów prowadzących szkoły, przedszkola, żłobki i domy pomocy społecznej.",
                ],
            },
            {
                "text": "Porozumienie wnosi o uproszczenie oświadczeń składanych sprzedawcom energii i o jeden termin ich "
                "złożenia dla wszystkich punktów poboru energii danego odbiorcy.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o rekompensatę dla gmin, które przed wejściem ustawy w życie zawarły umowy sprzedaży "
                "energii po cenach wyższych niż cena maksymalna.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o program wsparcia inwestycji samorządów w odnawialne źródła energii, obejmujący:",
                "subpoints": [
                    "dotacje na instalacje fotowoltaiczne i magazyny energii na budynkach użyteczności publicznej,",
                    "uproszczenie tworzenia klastrów energii i spółdzielni energetycznych z udziałem gmin,",
                    "preferencyjne zasady przyłączania źródeł samorządowych do sieci.",
                ],
            },
        ],
        "justification": "Ceny energii elektrycznej w umowach zawieranych przez samorządy na kolejny rok wzrosły kilkukrotnie. "
        "Dotyczyło to oświetlenia ulic, budynków szkół i urzędów, oczyszczalni ścieków i stacji uzdatniania wody. Koszty te "
        "obciążają bezpośrednio budżety gmin albo mieszkańców w taryfach za wodę i ścieki.\n\n"
        "Projekt ustawy obejmuje ceną maksymalną jednostki samorządu terytorialnego, ale pomija część podmiotów wykonujących "
        "zadania publiczne w formie spółek prawa handlowego. Rozróżnienie według formy prawnej, a nie rodzaju zadania, "
        "prowadzi do nierównego traktowania mieszkańców gmin, które powierzyły te zadania spółkom komunalnym.\n\n"
        "Trwałym rozwiązaniem problemu kosztów energii jest rozwój źródeł odnawialnych. Samorządy członkowskie Porozumienia "
        "przygotowały projekty instalacji na budynkach publicznych i oczyszczalniach, których realizacja wymaga stabilnego "
        "finansowania i prostych zasad przyłączania do sieci.",
        "decisions": {slug: Decision.SIGNED for slug in ["zgpz", "zgl", "ozs", "ssw", "spgp", "mss", "pfs"]},
    },
    {
        "key": "water",
        "lead": "zgl",
        "topic": None,
        "draft_acts": ["water"],
        "rule": AdoptionRule.TACIT_CONSENT,
        "place": "Zielona Góra",
        "forum": f"{BOARD}, tryb obiegowy (milcząca zgoda)",
        "addressees": "Minister Infrastruktury\nPrezes Państwowego Gospodarstwa Wodnego Wody Polskie",
        "title": "Stanowisko w sprawie zatwierdzania taryf za zbiorowe zaopatrzenie w wodę i zbiorowe odprowadzanie ścieków",
        "preamble": f"{BOARD}, w trybie obiegowym, przyjmuje następujące stanowisko w sprawie projektu zmian ustawy o zbiorowym "
        "zaopatrzeniu w wodę i zbiorowym odprowadzaniu ścieków.",
        "points": [
            {
                "text": "Porozumienie wnosi o przywrócenie radom gmin kompetencji do zatwierdzania taryf za wodę i ścieki "
                "albo co najmniej o udział gminy w postępowaniu przed regulatorem na prawach strony.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o skrócenie terminu rozpatrywania wniosków taryfowych przez regulatora do 45 dni oraz o:",
                "subpoints": [
                    "dopuszczenie zmiany taryfy w trakcie jej obowiązywania, gdy wzrosną koszty energii lub wynagrodzeń,",
                    "jawność uzasadnienia decyzji o odmowie zatwierdzenia taryfy.",
                ],
            },
            {
                "text": "Porozumienie wnosi o uwzględnianie w taryfach kosztów inwestycji wymaganych przepisami prawa Unii "
                "Europejskiej, w szczególności dyrektywy dotyczącej oczyszczania ścieków komunalnych.",
                "subpoints": [],
            },
        ],
        "justification": "Od czasu przekazania zatwierdzania taryf regulatorowi postępowania taryfowe trwają wiele miesięcy. "
        "Przedsiębiorstwa wodociągowe, w większości spółki gminne, stosują przez ten czas taryfy nieodpowiadające kosztom, co "
        "prowadzi do strat pokrywanych z budżetów gmin.\n\n"
        "Gmina odpowiada za zaopatrzenie mieszkańców w wodę i odprowadzanie ścieków jako zadanie własne, a nie ma wpływu na "
        "wysokość cen. Przywrócenie kompetencji rad gmin albo przynajmniej udział gminy w postępowaniu pozwoli uwzględnić "
        "lokalne uwarunkowania i plany inwestycyjne.\n\n"
        "Stanowisko przyjęto w trybie milczącej zgody: członkowie, którzy do upływu terminu nie zgłosili sprzeciwu, poparli je.",
        "decisions": {slug: Decision.SIGNED for slug in ["zgl", "ozs", "zgpz"]},
    },
    {
        "key": "education_update",
        "lead": "ozs",
        "topic": "education",
        "draft_acts": ["education"],
        "supersedes": "education",
        "rule": AdoptionRule.ALL_MEMBERS,
        "place": "Nowa Sól",
        "forum": f"{BOARD}, posiedzenie w Nowej Soli",
        "addressees": "Prezes Rady Ministrów\nMinister Edukacji\nMinister Finansów\nKomisja Wspólna Rządu i Samorządu Terytorialnego",
        "title": "Stanowisko w sprawie finansowania zadań oświatowych jednostek samorządu terytorialnego (aktualizacja)",
        "preamble": f"{BOARD} aktualizuje swoje stanowisko nr {{superseded_reference}} z dnia {{superseded_date}} w sprawie "
        "finansowania zadań oświatowych, w związku z nowymi zasadami ustalania dochodów jednostek samorządu terytorialnego.",
        "points": [
            {
                "text": "Porozumienie stwierdza, że po wejściu w życie nowej ustawy o dochodach jednostek samorządu "
                "terytorialnego finansowanie oświaty zależy od wskaźnika potrzeb oświatowych, którego sposób ustalania "
                "powinien być jawny i przewidywalny.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o:",
                "subpoints": [
                    "ustalanie wskaźnika potrzeb oświatowych z uwzględnieniem rzeczywistych kosztów wynagrodzeń nauczycieli w danym roku,",
                    "pełne sfinansowanie z budżetu państwa podwyżek wynagrodzeń nauczycieli od dnia ich wejścia w życie,",
                    "zachowanie dodatkowych wag dla szkół na obszarach wiejskich i w małych miastach.",
                ],
            },
            {
                "text": "Porozumienie wnosi o finansowanie z budżetu państwa dowozu uczniów z niepełnosprawnościami oraz zadań "
                "z zakresu pomocy psychologiczno-pedagogicznej.",
                "subpoints": [],
            },
            {
                "text": "Porozumienie wnosi o coroczną informację Ministra Edukacji dla Komisji Wspólnej Rządu i Samorządu "
                "Terytorialnego o relacji środków na oświatę do wydatków bieżących samorządów.",
                "subpoints": [],
            },
        ],
        "revision": {
            "change_note": "Doprecyzowano wagi dla małych miast (uwaga MSS)",
            "points": {
                2: {
                    "text": "Porozumienie wnosi o:",
                    "subpoints": [
                        "ustalanie wskaźnika potrzeb oświatowych z uwzględnieniem rzeczywistych kosztów wynagrodzeń "
                        "nauczycieli w danym roku,",
                        "pełne sfinansowanie z budżetu państwa podwyżek wynagrodzeń nauczycieli od dnia ich wejścia w życie,",
                        "zachowanie dodatkowych wag dla szkół na obszarach wiejskich i w miastach do 5 tys. mieszkańców.",
                    ],
                },
            },
        },
        "justification": "Stanowisko nr {superseded_reference} dotyczyło części oświatowej subwencji ogólnej. Po zmianie "
        "ustawy o dochodach jednostek samorządu terytorialnego subwencja ta została zastąpiona udziałem w podatkach "
        "dochodowych i wskaźnikiem potrzeb oświatowych, dlatego Porozumienie aktualizuje swoje postulaty; niniejsze "
        "stanowisko zastępuje stanowisko nr {superseded_reference}.\n\n"
        "Samorządy członkowskie nadal pokrywają znaczną część kosztów zadań oświatowych z dochodów własnych. Podwyżki "
        "wynagrodzeń nauczycieli ogłaszane po uchwaleniu budżetów samorządów powinny być finansowane przez państwo od dnia "
        "ich wejścia w życie.\n\n"
        "Małe szkoły na obszarach wiejskich i w małych miastach są często jedyną instytucją publiczną w miejscowości. "
        "Porozumienie wnosi o zachowanie mechanizmów, które pozwalają je utrzymać bez zwiększania obciążeń budżetów gmin.",
        "decisions": {slug: Decision.SIGNED for slug in EVERY_MEMBER},
    },
]

# In consultation now: ZGL's draft on the bus fund, with two members' comments.
CONSULTATION_POSITION = {
    "key": "bus_fund",
    "lead": "zgl",
    "topic": "transport",
    "draft_acts": ["bus_fund"],
    "rule": AdoptionRule.ALL_MEMBERS,
    "forum": BOARD,
    "addressees": "Minister Infrastruktury\nKomisja Wspólna Rządu i Samorządu Terytorialnego",
    "title": "Stanowisko w sprawie projektu ustawy o zmianie ustawy o Funduszu rozwoju przewozów autobusowych o charakterze "
    "użyteczności publicznej",
    "preamble": f"{BOARD}, wspierając odbudowę publicznego transportu zbiorowego poza dużymi miastami, przedstawia "
    "następujące stanowisko do projektu ustawy.",
    "points": [
        {
            "text": "Porozumienie popiera kontynuację dopłat z Funduszu rozwoju przewozów autobusowych i wydłużenie okresu ich "
            "obowiązywania.",
            "subpoints": [],
        },
        {
            "text": "Porozumienie wnosi o:",
            "subpoints": [
                "podwyższenie maksymalnej dopłaty do 1 wozokilometra co najmniej do 4 zł i jej coroczną waloryzację,",
                "zawieranie umów o dopłatę na okres co najmniej trzech lat,",
                "przekazywanie dopłat kwartalnie z góry.",
            ],
        },
        {
            "text": "Porozumienie wnosi o objęcie dopłatami linii komunikacyjnych przekraczających granice województw oraz linii "
            "dowożących pasażerów do stacji kolejowych.",
            "subpoints": [],
        },
        {
            "text": "Porozumienie wnosi o uproszczenie rozliczeń i jeden wzór wniosku o dopłatę dla wszystkich wojewodów.",
            "subpoints": [],
        },
    ],
    "justification": "Fundusz rozwoju przewozów autobusowych pozwolił przywrócić połączenia w wielu gminach, w których po "
    "likwidacji przewozów komercyjnych mieszkańcy zostali bez transportu publicznego. Dopłata do wozokilometra nie nadąża "
    "jednak za wzrostem kosztów paliwa i wynagrodzeń kierowców, a roczne umowy nie pozwalają przewoźnikom planować zakupu "
    "taboru.\n\n"
    "Związki gmin i powiaty organizujące przewozy potrzebują pewności finansowania na kilka lat. Wieloletnie umowy o dopłatę "
    "i wypłata z góry ograniczą potrzebę kredytowania przewozów z budżetów gmin.\n\n"
    "Linie przekraczające granice województw i dowożące pasażerów do kolei są ważne dla mieszkańców obszarów peryferyjnych, "
    "a dziś nie mogą korzystać z dopłat na równych zasadach.",
    "comments": [
        {
            "association": "sopr",
            "weight": CommentWeight.RECOMMENDATION,
            "point": 3,
            "text": "Doporučujeme výslovně zmínit i přeshraniční linky do sousedních států, které v příhraničí obsluhují "
            "dojíždějící za prací.",
            "settlement": Settlement.ACCEPTED,
            "reply": "Uwzględniono: punkt 3 obejmuje teraz także linie transgraniczne.",
        },
        {
            "association": "ozs",
            "weight": CommentWeight.FUNDAMENTAL,
            "point": 2,
            "subpoint": 1,
            "text": "Kwota 4 zł nie pokrywa kosztów na liniach o małym natężeniu ruchu. Wnosimy o 5 zł i waloryzację "
            "wskaźnikiem cen towarów i usług konsumpcyjnych.",
            "proposed_wording": "podwyższenie maksymalnej dopłaty do 1 wozokilometra co najmniej do 5 zł i jej coroczną "
            "waloryzację o wskaźnik cen towarów i usług konsumpcyjnych,",
            "justification": "W przetargach organizowanych w województwie opolskim średni koszt wozokilometra przekroczył 6 zł.",
        },
    ],
    "revision": {
        "change_note": "Uwzględniono uwagę SOPR: linie transgraniczne",
        "points": {
            3: {
                "text": "Porozumienie wnosi o objęcie dopłatami linii komunikacyjnych przekraczających granice województw, "
                "linii transgranicznych oraz linii dowożących pasażerów do stacji kolejowych.",
                "subpoints": [],
            },
        },
    },
}

# Open for signing now: SOPR's draft on cohesion policy after 2027, three members have signed.
SIGNING_POSITION = {
    "key": "cohesion",
    "lead": "sopr",
    "topic": "cross-border",
    "draft_acts": ["cohesion"],
    "rule": AdoptionRule.ALL_MEMBERS,
    "forum": BOARD,
    "addressees": "Prezes Rady Ministrów Rzeczypospolitej Polskiej\nPředseda vlády České republiky\n"
    "Minister Funduszy i Polityki Regionalnej\nMinistr pro místní rozvoj\n"
    "Komisja Europejska, Dyrekcja Generalna ds. Polityki Regionalnej i Miejskiej",
    "title": "Stanowisko w sprawie przyszłości polityki spójności i współpracy transgranicznej po 2027 r.",
    "preamble": f"{BOARD}, w związku z wnioskami Komisji Europejskiej dotyczącymi wieloletnich ram finansowych na lata "
    "2028–2034, przedstawia wspólne stanowisko polskich i czeskich organizacji członkowskich.",
    "points": [
        {
            "text": "Porozumienie opowiada się za utrzymaniem polityki spójności jako odrębnej polityki Unii Europejskiej z "
            "własnym budżetem, zarządzanej z udziałem regionów i samorządów lokalnych.",
            "subpoints": [],
        },
        {
            "text": "Porozumienie sprzeciwia się połączeniu funduszy polityki spójności w jeden krajowy plan zarządzany "
            "centralnie, ponieważ:",
            "subpoints": [
                "osłabia to zasadę partnerstwa i wpływ samorządów na wybór inwestycji,",
                "utrudnia planowanie wieloletnich inwestycji lokalnych,",
                "uzależnia wypłatę środków od reform, na które samorządy nie mają wpływu.",
            ],
        },
        {
            "text": "Porozumienie wnosi o zachowanie programów współpracy transgranicznej Interreg z odrębną alokacją, w tym "
            "programu Czechy – Polska, oraz o:",
            "subpoints": [
                "utrzymanie funduszy małych projektów zarządzanych przez euroregiony,",
                "uproszczenie rozliczania projektów partnerów z różnych państw.",
            ],
        },
        {
            "text": "Porozumienie wnosi o bezpośredni dostęp jednostek samorządu terytorialnego do środków na adaptację do "
            "zmian klimatu, transport publiczny i mieszkalnictwo.",
            "subpoints": [],
        },
    ],
    "justification": "Polityka spójności jest największym źródłem finansowania inwestycji samorządów w Polsce i w Czechach. "
    "Dzięki niej powstały drogi lokalne, oczyszczalnie ścieków, szkoły i centra przesiadkowe, a samorządy nauczyły się "
    "planować inwestycje w perspektywie kilku lat.\n\n"
    "Propozycja Komisji Europejskiej zakłada połączenie wielu funduszy w krajowe plany przygotowywane przez rządy. "
    "Doświadczenie z Krajowym Planem Odbudowy pokazuje, że w takim modelu samorządy mają niewielki wpływ na wybór celów, a "
    "wypłata środków zależy od reform realizowanych na szczeblu centralnym.\n\n"
    "Członkowie Porozumienia z Polski i Czech od lat współpracują na pograniczu. Programy Interreg i fundusze małych "
    "projektów finansują wspólne trasy rowerowe, ratownictwo, turystykę i wymianę młodzieży. Ich utrzymanie z odrębną "
    "alokacją jest warunkiem dalszej współpracy przygranicznych gmin.",
    "revision": {
        "change_note": "Dodano wniosek o wspólne działanie obu rządów (uwaga ZGL)",
        "points": {
            5: {
                "text": "Porozumienie zwraca się do rządów Rzeczypospolitej Polskiej i Republiki Czeskiej o wspólne poparcie "
                "tych postulatów w negocjacjach w Radzie Unii Europejskiej.",
                "subpoints": [],
            },
        },
    },
    "decisions": {slug: Decision.SIGNED for slug in ["sopr", "zgl", "ozs"]},
}


def people_ensure(associations):
    """The demo's people with their roles, and the superuser; those already there are left as they are."""
    User = get_user_model()
    existing = set(User.objects.filter(username__in=[row[0] for row in PEOPLE] + ["admin"]).values_list("username", flat=True))
    for username, first, last, slug, kind, title in PEOPLE:
        if username in existing:
            continue
        user = User.objects.create_user(
            username=username, first_name=first, last_name=last, email=f"{username}@example.org", password=DEMO_PASSWORD
        )
        if slug is None:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            # Records through the Secretariat group; the public pages through Wagtail's Moderators.
            user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP), Group.objects.get(name="Moderators"))
            continue
        association = associations[slug]
        member_services.role_grant(user=user, association=association, kind=kind, title=title, starts_on=association.joined_on)
    if "admin" not in existing:
        User.objects.create_superuser(
            username="admin", email="admin@example.org", password=DEMO_PASSWORD, first_name="Admin", last_name="Demo"
        )


def _stamp(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on `day` in the federation's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _thursday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 3) % 7)


def _weekday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(day.weekday() - 4, 0))


def _revised(points: list, changes: dict) -> list:
    """`points` with point N (1-based) replaced, or added at the end, as `changes` says."""
    result = [dict(point) for point in points]
    for number, point in sorted(changes.items()):
        if number <= len(result):
            result[number - 1] = point
        else:
            result.append(point)
    return result


class DemoPositions:
    """Draft acts and joint positions at every stage, written through `positions.services` by the demo's people.

    Historic positions pass the `today` of each step to the services (a board sitting years ago). The services
    stamp the moment of writing (`auto_now_add`); for the demo's history, versions, comments, signatures and
    publications are then dated to the day they stand for, so pages and PDFs read as a real archive. Signatures
    are dated before publication, so the PDF rendered at publication shows the same days.
    """

    def __init__(self, *, today: dt.date):
        self.today = today
        self.sittings = {key: _thursday_on_or_before(today - dt.timedelta(days=days)) for key, days in SITTINGS.items()}

    def load(self) -> int:
        """Add what is missing; returns how many draft acts and positions were added."""
        self.associations = {association.slug: association for association in Association.objects.all()}
        people_ensure(self.associations)
        self.users = {user.username: user for user in get_user_model().objects.all()}
        self.topics = {topic.slug: topic for topic in Topic.objects.all()}
        self.secretariat = self.users["sekretariat"]
        added = 0
        draft_acts = {}
        for spec in DRAFT_ACTS:
            draft_acts[spec["key"]] = DraftAct.objects.filter(title=spec["title"]).first()
            if draft_acts[spec["key"]] is None:
                draft_acts[spec["key"]] = self._draft_act(spec)
                added += 1
        positions = {}
        for spec in POSITIONS:
            positions[spec["key"]] = Position.objects.filter(title=spec["title"]).first()
            if positions[spec["key"]] is None:
                positions[spec["key"]] = self._historic(spec, draft_acts=draft_acts, positions=positions)
                added += 1
        if not Position.objects.filter(title=CONSULTATION_POSITION["title"]).exists():
            self._in_consultation(CONSULTATION_POSITION, draft_acts=draft_acts)
            added += 1
        if not Position.objects.filter(title=SIGNING_POSITION["title"]).exists():
            self._in_signing(SIGNING_POSITION, draft_acts=draft_acts)
            added += 1
        return added

    # --- Draft acts ---

    def _draft_act(self, spec: dict) -> DraftAct:
        rounds = []
        for row in spec["rounds"]:
            anchor, offset = row["received"]
            received_on = _weekday_on_or_before((self.today if anchor == "today" else self.sittings[anchor]) + dt.timedelta(days=offset))
            rounds.append(
                ConsultationRound(
                    procedure=row["procedure"],
                    received_on=received_on,
                    working_days=row.get("working_days"),
                    calendar_days=row.get("calendar_days"),
                    deadline=None,  # counted by the service from the period
                    deadline_shortened=row.get("deadline_shortened", False),
                    our_ref=row.get("our_ref", "").format(year=received_on.year),
                    their_ref=row.get("their_ref", "").format(year=received_on.year),
                    outcome=row.get("outcome", ""),
                    taken_into_account=row.get("taken_into_account"),
                    outcome_note=row.get("outcome_note", ""),
                )
            )
        draft_act = DraftAct(
            title=spec["title"],
            jurisdiction=spec["jurisdiction"],
            originating_body=spec["originating_body"],
            stage=spec["stage"],
            topic=self.topics.get(spec["topic"]),
            lead_association=self.associations[spec["lead"]] if spec["lead"] else None,
            stance=spec["stance"],
            stance_is_public=spec["public"],
            summary=spec["summary"],
            identifiers=[DraftActIdentifier(kind=kind, value=value) for kind, value in spec["identifiers"]],
            rounds=rounds,
        )
        position_services.draft_act_save(draft_act=draft_act, by=self.secretariat)
        first, last = min(r.received_on for r in rounds), max(r.received_on for r in rounds)
        DraftAct.objects.filter(pk=draft_act.pk).update(created_at=_stamp(first), updated_at=_stamp(last))
        return draft_act

    # --- Positions ---

    def _create(self, spec: dict, *, draft_acts: dict, created_on: dt.date, supersedes=None, texts=None) -> Position:
        texts = texts or {}
        position = position_services.position_create(
            lead_association=self.associations[spec["lead"]],
            title=spec["title"],
            points=spec["points"],
            by=self._editor(spec["lead"]),
            preamble=texts.get("preamble", spec["preamble"]),
            justification=texts.get("justification", spec["justification"]),
            topic=self.topics.get(spec["topic"]),
            draft_acts=[draft_acts[key] for key in spec["draft_acts"]],
            addressees=spec["addressees"],
            forum=spec["forum"],
            adoption_rule=spec["rule"],
            adoption_minimum=spec.get("minimum"),
            supersedes=supersedes,
        )
        Position.objects.filter(pk=position.pk).update(created_at=_stamp(created_on))
        self._date_version(position, created_on)
        return position

    def _historic(self, spec: dict, *, draft_acts: dict, positions: dict) -> Position:
        """A position adopted at the board sitting `SITTINGS[key]` days ago, through every step it took then."""
        sitting = self.sittings[spec["key"]]
        editor = self._editor(spec["lead"])
        supersedes = positions.get(spec.get("supersedes"))
        texts = {}
        if supersedes is not None:
            references = {"superseded_reference": supersedes.reference, "superseded_date": supersedes.adopted_on.strftime("%d.%m.%Y")}
            texts = {"preamble": spec["preamble"].format(**references), "justification": spec["justification"].format(**references)}
        created_on = sitting - dt.timedelta(days=45)
        position = self._create(spec, draft_acts=draft_acts, created_on=created_on, supersedes=supersedes, texts=texts)
        consultation = spec.get("consultation")
        if consultation:
            opened = sitting - dt.timedelta(days=40)
            position_services.position_transition(
                position=position,
                to=PositionStatus.CONSULTATION,
                by=editor,
                consultation_deadline=sitting - dt.timedelta(days=28),
                today=opened,
            )
            for index, row in enumerate(consultation["comments"]):
                comment = self._comment(position, row, day=opened + dt.timedelta(days=3 + 3 * index))
                self._settle(comment, row, by=editor, day=sitting - dt.timedelta(days=27))
        revision = spec.get("revision") or (consultation or {}).get("revision")
        if revision:
            self._revise(position, spec, revision, texts=texts, day=sitting - dt.timedelta(days=26))
        position_services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
        opened = sitting - dt.timedelta(days=14)
        # Tacit consent counts silence only once the deadline has passed: it fell a few days before the sitting.
        deadline = sitting - dt.timedelta(days=3 if spec["rule"] == AdoptionRule.TACIT_CONSENT else 1)
        position_services.position_transition(
            position=position, to=PositionStatus.SIGNING, by=self.secretariat, signing_deadline=deadline, today=opened
        )
        self._sign(position, spec, first_day=opened + dt.timedelta(days=1), last_day=deadline)
        position_services.position_transition(
            position=position,
            to=PositionStatus.PUBLISHED,
            by=self.secretariat,
            adopted_place=spec["place"],
            adopted_on=sitting,
            today=sitting,
        )
        Position.objects.filter(pk=position.pk).update(published_at=_stamp(sitting, 16))
        position.refresh_from_db()
        return position

    def _in_consultation(self, spec: dict, *, draft_acts: dict) -> Position:
        """ZGL's draft in consultation: SOPR's recommendation was accepted (and the text revised), OZS's
        fundamental comment waits for ZGL to settle it."""
        editor = self._editor(spec["lead"])
        position = self._create(spec, draft_acts=draft_acts, created_on=self.today - dt.timedelta(days=9))
        opened = self.today - dt.timedelta(days=8)
        position_services.position_transition(
            position=position,
            to=PositionStatus.CONSULTATION,
            by=editor,
            consultation_deadline=self.today + dt.timedelta(days=10),
            today=opened,
        )
        accepted, pending = spec["comments"]
        comment = self._comment(position, accepted, day=self.today - dt.timedelta(days=5))
        self._settle(comment, accepted, by=editor, day=self.today - dt.timedelta(days=3))
        self._revise(position, spec, spec["revision"], day=self.today - dt.timedelta(days=3))
        self._comment(position, pending, day=self.today - dt.timedelta(days=2))
        return position

    def _in_signing(self, spec: dict, *, draft_acts: dict) -> Position:
        """SOPR's final text opened for signing by the presidency; three presidents have signed."""
        editor = self._editor(spec["lead"])
        position = self._create(spec, draft_acts=draft_acts, created_on=self.today - dt.timedelta(days=20))
        self._revise(position, spec, spec["revision"], day=self.today - dt.timedelta(days=10))
        position_services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
        opened = self.today - dt.timedelta(days=4)
        position_services.position_transition(
            position=position,
            to=PositionStatus.SIGNING,
            by=self._presidency_person(),
            signing_deadline=self.today + dt.timedelta(days=12),
            today=opened,
        )
        self._sign(position, spec, first_day=opened + dt.timedelta(days=1), last_day=self.today - dt.timedelta(days=1))
        return position

    # --- Steps ---

    def _comment(self, position: Position, row: dict, *, day: dt.date) -> Comment:
        comment = position_services.comment_submit(
            position=position,
            association=self.associations[row["association"]],
            by=self._editor(row["association"]),
            text_=row["text"],
            weight=row["weight"],
            point=row.get("point"),
            subpoint=row.get("subpoint"),
            proposed_wording=row.get("proposed_wording", ""),
            justification=row.get("justification", ""),
            today=day,
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=_stamp(day, 11))
        return comment

    def _settle(self, comment: Comment, row: dict, *, by, day: dt.date) -> None:
        position_services.comment_settle(comment=comment, settlement=row["settlement"], reply=row["reply"], by=by)
        Comment.objects.filter(pk=comment.pk).update(settled_at=_stamp(day, 14))

    def _revise(self, position: Position, spec: dict, revision: dict, *, day: dt.date, texts=None) -> None:
        texts = texts or {}
        version = position_services.version_save(
            position=position,
            base_number=position.current_version.number,
            title=spec["title"],
            points=_revised(spec["points"], revision["points"]),
            by=self._editor(spec["lead"]),
            preamble=texts.get("preamble", spec["preamble"]),
            justification=texts.get("justification", spec["justification"]),
            change_note=revision["change_note"],
        )
        PositionVersion.objects.filter(pk=version.pk).update(created_at=_stamp(day, 12))

    def _sign(self, position: Position, spec: dict, *, first_day: dt.date, last_day: dt.date) -> None:
        """Each association's president decides, on working days spread from `first_day` to `last_day`."""
        decisions = list(spec["decisions"].items())
        days = [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
        days = [day for day in days if day.weekday() < 5] or [first_day]
        for index, (slug, decision) in enumerate(decisions):
            association = self.associations[slug]
            day = days[index * (len(days) - 1) // max(len(decisions) - 1, 1)]
            signature = position_services.signature_record(
                position=position,
                association=association,
                decision=decision,
                by=self.users[SIGNATORIES[slug]],
                text_sha256=position.current_version.sha256,
                reservation=spec.get("reservations", {}).get(slug, ""),
                mandate_body="Předsednictvo sdružení" if association.country == Country.CZECHIA else f"Zarząd {association.short_name}",
                mandate_date=day,
            )
            Signature.objects.filter(pk=signature.pk).update(signed_at=_stamp(day, 9 + index % 8))

    def _date_version(self, position: Position, day: dt.date) -> None:
        PositionVersion.objects.filter(pk=position.current_version_id).update(created_at=_stamp(day))

    def _editor(self, slug: str):
        return self.users[EDITORS[slug]]

    def _presidency_person(self):
        """The administrator (or else an editor) of the association presiding today; the secretariat otherwise."""
        term = term_on(at=self.today)
        if term is not None:
            role = (
                Role.objects.filter(association=term.association, kind__in=[RoleKind.ADMINISTRATOR, RoleKind.EDITOR], ends_on__isnull=True)
                .select_related("user")
                .order_by("kind")
                .first()
            )
            if role is not None:
                return role.user
        return self.secretariat


# --- Events ---------------------------------------------------------------------------------------------
#
# Dated from today like the positions: seminars, trainings, conferences and webinars of the members, past and
# upcoming, and the federation's meetings. A past board sitting is held on the day and in the place where a
# demo position was adopted, convened by the association presiding then. Everybody registered is invented;
# NIP numbers and office addresses are invented too (with valid check digits).

LOCATIVE = {
    "Nowa Sól": "w Nowej Soli",
    "Opole": "w Opolu",
    "Poznań": "w Poznaniu",
    "Szczecin": "w Szczecinie",
    "Zielona Góra": "w Zielonej Górze",
    "Katowice": "w Katowicach",
    "Kraków": "w Krakowie",
    "Rzeszów": "w Rzeszowie",
    "Plzeň": "w Pilźnie",
}

PARTICIPANTS_PL = [
    ("Anna", "Maciejewska"),
    ("Piotr", "Zawadzki"),
    ("Katarzyna", "Borkowska"),
    ("Marek", "Lisowski"),
    ("Magdalena", "Kurowska"),
    ("Tomasz", "Jabłoński"),
    ("Aleksandra", "Sadowska"),
    ("Robert", "Czarnecki"),
    ("Monika", "Urbańska"),
    ("Jacek", "Ostrowski"),
    ("Beata", "Kalinowska"),
    ("Wojciech", "Sikorski"),
    ("Iwona", "Pietrzak"),
    ("Adam", "Baranowski"),
    ("Elżbieta", "Szymańska"),
    ("Rafał", "Głowacki"),
    ("Agata", "Wasilewska"),
    ("Dariusz", "Krajewski"),
    ("Natalia", "Górecka"),
    ("Sławomir", "Borowski"),
    ("Karolina", "Michalska"),
    ("Jerzy", "Tomaszewski"),
    ("Małgorzata", "Jakubowska"),
    ("Bartosz", "Wróblewicz"),
    ("Justyna", "Zielonka"),
    ("Leszek", "Pawlak"),
    ("Ewelina", "Kaczmarek"),
    ("Mariusz", "Wieczorek"),
]
PARTICIPANTS_CZ = [
    ("Petra", "Vondráčková"),
    ("Martin", "Dvořák"),
    ("Lenka", "Černá"),
    ("Jiří", "Kučera"),
    ("Veronika", "Svobodová"),
    ("Pavel", "Horák"),
    ("Kateřina", "Marková"),
    ("Ondřej", "Pokorný"),
    ("Alena", "Benešová"),
    ("Miroslav", "Fiala"),
    ("Hana", "Králová"),
    ("Radek", "Zeman"),
    ("Ivana", "Šťastná"),
    ("Luboš", "Kratochvíl"),
]
JOB_TITLES = {
    "pl": [
        "Skarbnik Gminy",
        "Sekretarz Gminy",
        "Inspektor ds. zamówień publicznych",
        "Kierownik Referatu Gospodarki Komunalnej",
        "Inspektor ds. planowania przestrzennego",
        "Podinspektor ds. oświaty",
        "Informatyk",
        "Inspektor ds. księgowości budżetowej",
    ],
    "cs": ["tajemník úřadu", "účetní", "referent stavebního úřadu", "místostarosta", "matrikář", "referent správy majetku"],
}
# Polish invoices: the gmina buys (with its NIP), its office receives.
INVOICES = {
    "Lubsza": ("7472155400", "ul. Brzeska 16, 49-313 Lubsza"),
    "Olszanka": ("7471020307", "Olszanka 45, 49-332 Olszanka"),
}
VAT_EXEMPT_TRAINING = (
    "Zwolnienie z VAT: § 3 ust. 1 pkt 14 rozporządzenia Ministra Finansów z dnia 20 grudnia 2013 r. "
    "(usługa kształcenia finansowana w co najmniej 70% ze środków publicznych)"
)
# Invited to the upcoming directors' meeting besides the members' offices, and registered: two demo logins
# and SOPR's office director (invented, without a login).
INVITED_DIRECTORS = [
    ("Renata", "Sobolewska", "zgl.admin@example.org", "Dyrektor Biura", "zgl"),
    ("Halina", "Wierzbicka", "ozs.admin@example.org", "Dyrektor Biura", "ozs"),
    ("Věra", "Hložková", "vera.hlozkova@example.cz", "ředitelka kanceláře", "sopr"),
]
FEDERATION_ROOM = ("Sala konferencyjna biura Porozumienia", "ul. Samorządowa 12, 65-001 Zielona Góra")

# Seminars, trainings, conferences and webinars. "day" counts from today (moved back to a working day);
# "registrations" are batches in the order they came: `count` people each on their own, or a `group` form
# filled in `by` a staff member (or by the office itself, with an invoice for a paid event).
EVENTS = [
    {
        "slug": "seminarium-plan-ogolny-gminy",
        "kind": EventKind.SEMINAR,
        "organisers": ["zgl"],
        "by": "zgl.redaktor",
        "topic": None,
        "title": "Seminarium: plan ogólny gminy w praktyce – terminy, koszty, partycypacja",
        "description": "Jak przygotować plan ogólny gminy w terminie: harmonogram prac, zamówienie opracowań, konsultacje "
        "społeczne i Rejestr Urbanistyczny. Doświadczenia gmin lubuskich po pierwszym roku reformy.",
        "day": -62,
        "time": ("10:00", "14:00"),
        "venue": FEDERATION_ROOM,
        "speakers": "Helena Marczak – urbanistka\nMichał Grabowiecki – specjalista ds. legislacji, Związek Gmin Lubuskich",
        "capacity": 40,
        "audience": Audience.MEMBERS,
        "people": "pl",
        "units": "zgl",
        "registrations": [{"count": 7}, {"group": 3, "by": "zgl.pracownik"}],
        "checked_in": 8,
    },
    {
        "slug": "skoleni-spravni-rad-v-praxi-obecnich-uradu",
        "kind": EventKind.TRAINING,
        "organisers": ["sopr"],
        "by": "sopr.redaktor",
        "topic": None,
        "title": "Školení: Správní řád v praxi obecních úřadů",
        "description": "Akreditovaný vzdělávací program pro úředníky územních samosprávných celků: zahájení řízení, "
        "doručování, lhůty, odvolání a přezkumné řízení na příkladech z obecních úřadů Plzeňského kraje.",
        "day": -33,
        "time": ("09:00", "15:00"),
        "time_zone": "Europe/Prague",
        "language": "cs",
        "venue": ("Zasedací místnost Sdružení obcí Plzeňského regionu", "náměstí Republiky 1, 301 00 Plzeň"),
        "speakers": "Radka Vondrová – lektorka správního práva\nTomáš Veselý – tajemník sdružení",
        "capacity": 20,
        "audience": Audience.MEMBERS,
        "hours": "6.0",
        "accreditation_number": "AK/PV-512/2025",
        "people": "cs",
        "units": "sopr",
        "registrations": [{"count": 5}, {"group": 6, "by": "sopr.redaktor"}],
        "checked_in": 10,
        "certificates": True,
    },
    {
        "slug": "konferencja-polityka-spojnosci-po-2027",
        "kind": EventKind.CONFERENCE,
        "organisers": ["mss", "sopr"],
        "by": "sopr.redaktor",
        "topic": "eu-funds",
        "title": "Konferencja: polityka spójności po 2027 roku – głos samorządów z Polski i Czech",
        "description": "Dwa dni o propozycjach Komisji Europejskiej na lata 2028–2034: krajowe plany partnerstwa, "
        "przyszłość programów Interreg i funduszy małych projektów, doświadczenia gmin z pogranicza.",
        "day": -104,
        "days": 2,
        "time": ("10:00", "14:00"),
        "venue": ("Sala obrad Małopolskiego Stowarzyszenia Samorządowego", "Kraków"),
        "speakers": "Dorota Chmielewska – Prezes Zarządu MSS\nJana Procházková – předsedkyně SOPR\n"
        "Wiktor Lenartowicz – ekspert ds. funduszy europejskich",
        "capacity": 120,
        "audience": Audience.PUBLIC,
        "people": "pl",
        "units": "ozs",
        "registrations": [{"count": 6}, {"group": 4, "by": "sopr.redaktor", "people": "cs", "units": "sopr"}],
        "checked_in": 8,
    },
    {
        "slug": "webinar-spoldzielnie-energetyczne-w-gminie",
        "kind": EventKind.WEBINAR,
        "organisers": ["zgpz"],
        "by": "zgpz.redaktor",
        "topic": "energy",
        "title": "Webinar: spółdzielnie energetyczne i klastry energii w gminie",
        "description": "Jak gmina może współtworzyć spółdzielnię energetyczną lub klaster energii: formy prawne, "
        "rozliczenia energii, przyłączenie do sieci i źródła dofinansowania.",
        "day": -26,
        "time": ("11:00", "12:30"),
        "online_url": "https://webinar.example.org/zgpz/spoldzielnie-energetyczne",
        "speakers": "Marta Rogalska – koordynatorka ds. energii i klimatu, ZGPZ",
        "capacity": None,
        "audience": Audience.PUBLIC,
        "people": "pl",
        "units": "zgl",
        "registrations": [{"count": 6}],
    },
    {
        "slug": "seminarium-fundusz-przewozow-autobusowych",
        "kind": EventKind.SEMINAR,
        "organisers": ["zgl"],
        "by": "zgl.redaktor",
        "topic": "transport",
        "title": "Seminarium: Fundusz rozwoju przewozów autobusowych – umowy i rozliczenia dopłat",
        "description": "Umowy o dopłatę z wojewodą, wnioski na kolejny rok, rozliczenie wozokilometrów i wspólne "
        "organizowanie linii przez związki gmin. Seminarium dla pracowników gmin odpowiedzialnych za transport.",
        "day": 19,
        "time": ("10:00", "14:00"),
        "venue": FEDERATION_ROOM,
        "speakers": "Michał Grabowiecki – specjalista ds. legislacji, Związek Gmin Lubuskich\n"
        "Grażyna Pawełczyk – naczelniczka wydziału transportu w starostwie powiatowym",
        "capacity": 12,
        "audience": Audience.MEMBERS,
        "people": "pl",
        "units": "zgl",
        # Nine people register, then ZGL's training officer registers six colleagues of one gmina (three get
        # the last places, three wait), one more waits; then one of the first cancels and the first waiting moves up.
        "registrations": [{"count": 9}, {"group": 6, "by": "zgl.pracownik"}, {"count": 1}],
        "cancel": [2],
    },
    {
        "slug": "seminarium-budzet-gminy-2027",
        "kind": EventKind.SEMINAR,
        "organisers": ["ozs"],
        "by": "ozs.redaktor",
        "topic": "finance",
        "title": "Seminarium: budżet gminy na 2027 rok w nowym systemie dochodów",
        "description": "Wskaźniki potrzeb oświatowych, transportowych i ekologicznych, udział w podatkach dochodowych "
        "i mechanizm wyrównawczy: jak zaplanować dochody w uchwale budżetowej i wieloletniej prognozie finansowej.",
        "day": 28,
        "time": ("10:00", "15:00"),
        "venue": ("Sala konferencyjna Opolskiego Związku Samorządów", "Opole"),
        "speakers": "Paweł Nowosielski – radca prawny, Opolski Związek Samorządów\nLucyna Grzelak – skarbnik gminy, ekspertka finansów publicznych",
        "capacity": 40,
        "audience": Audience.MEMBERS,
        "fee": "390.00",
        "vat_basis": VAT_EXEMPT_TRAINING,
        "people": "pl",
        "units": "ozs",
        "registrations": [{"group": 3, "unit": "Lubsza", "invoice": True}, {"count": 1, "unit": "Olszanka", "invoice": True}],
    },
    {
        "slug": "szkolenie-dostepnosc-cyfrowa-urzedu",
        "kind": EventKind.TRAINING,
        "organisers": ["ozs"],
        "by": "ozs.redaktor",
        "topic": None,
        "title": "Szkolenie: dostępność cyfrowa strony internetowej i dokumentów urzędu (WCAG 2.1)",
        "description": "Praktyczne szkolenie dla redaktorów stron i pracowników urzędów: wymagania WCAG 2.1 na poziomie AA, "
        "dostępne dokumenty PDF i DOCX, deklaracja dostępności i raport o stanie dostępności.",
        "day": 47,
        "time": ("09:00", "15:00"),
        "venue": ("Sala konferencyjna Opolskiego Związku Samorządów", "Opole"),
        "speakers": "Krystyna Madej – audytorka dostępności cyfrowej",
        "capacity": 25,
        "audience": Audience.MEMBERS,
        "hours": "6.0",
        "people": "pl",
        "units": "ozs",
        "registrations": [{"count": 4}],
    },
    {
        "slug": "konferencja-oswiata-w-nowym-systemie-dochodow",
        "kind": EventKind.CONFERENCE,
        "organisers": ["ozs", "ssw"],
        "by": "ozs.redaktor",
        "topic": "education",
        "title": "Konferencja: oświata w nowym systemie dochodów samorządów",
        "description": "Jak wskaźnik potrzeb oświatowych zmienił finansowanie szkół i przedszkoli: dane z gmin członkowskich, "
        "małe szkoły na wsi, wynagrodzenia nauczycieli i rozmowa z przedstawicielami ministerstw.",
        "day": 54,
        "days": 2,
        "time": ("10:00", "13:00"),
        "venue": ("Centrum konferencyjne", "Opole"),
        "speakers": "Barbara Kostrzewa – Przewodnicząca Zarządu OZS\nKrzysztof Zalewicz – Prezes Zarządu SSW",
        "capacity": 150,
        "audience": Audience.PUBLIC,
        "people": "pl",
        "units": "ozs",
        "registrations": [{"count": 5}, {"group": 3, "by": "zgl.pracownik", "units": "zgl"}],
    },
    {
        "slug": "webinar-ksef-w-jednostkach-samorzadu",
        "kind": EventKind.WEBINAR,
        "organisers": ["ssw"],
        "by": "ssw.redaktor",
        "topic": "finance",
        "title": "Webinar: Krajowy System e-Faktur w jednostkach samorządu terytorialnego",
        "description": "Faktury ustrukturyzowane w gminie i jej jednostkach: uprawnienia w KSeF, centralizacja rozliczeń VAT, "
        "obieg faktur w urzędzie i w szkołach.",
        "day": 9,
        "time": ("11:00", "12:30"),
        "online_url": "https://webinar.example.org/ssw/ksef-w-jst",
        "speakers": "Łukasz Bednarczyk – specjalista ds. finansów samorządowych, SSW",
        "capacity": 300,
        "audience": Audience.PUBLIC,
        "people": "pl",
        "units": "zgl",
        "registrations": [{"count": 5}],
    },
]


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _office(local_government: LocalGovernment) -> str:
    """The office of a rural gmina or a Czech obec (the only kinds the demo registers people from)."""
    if local_government.country == Country.CZECHIA:
        return f"Obecní úřad {local_government.name}"
    return f"Urząd Gminy {local_government.name}"


class DemoEvents:
    """Events of every kind, past and upcoming, written through `events.services` by the demo's people.

    Registrations, cancellations and check-ins pass the moment they stand for (`now`) to the services, which
    check the registration window against it; rows the services stamp with the moment of writing
    (`created_at`) are then dated to that moment, as DemoPositions does for its history. Registering,
    cancelling and issuing certificates each run in their own durable transaction: call `load` outside any
    transaction.
    """

    def __init__(self, *, today: dt.date):
        self.today = today
        self.now = timezone.now()

    def load(self) -> int:
        """Add the events that are missing (recognised by their slug); returns how many were added."""
        self.associations = {association.slug: association for association in Association.objects.all()}
        self.users = {user.username: user for user in get_user_model().objects.all()}
        self.topics = {topic.slug: topic for topic in Topic.objects.all()}
        self.secretariat = self.users["sekretariat"]
        existing = set(Event.objects.values_list("slug", flat=True))
        added = 0
        for spec in EVENTS:
            if spec["slug"] not in existing:
                self._event(spec)
                added += 1
        for position in self._positions_adopted_at_sittings():
            slug = f"posiedzenie-zarzadu-{position.adopted_on:%Y-%m-%d}"
            if slug not in existing:
                self._past_board_sitting(position, slug=slug)
                added += 1
        for slug, method in (
            ("posiedzenie-zarzadu-prezydencji", self._upcoming_board_sitting),
            ("spotkanie-dyrektorow-biur-plan-polrocza", self._past_directors_meeting),
            ("spotkanie-dyrektorow-biur-harmonogram-stanowisk", self._upcoming_directors_meeting),
        ):
            if slug not in existing:
                method(slug)
                added += 1
        return added

    # --- Members' events ---

    def _event(self, spec: dict) -> Event:
        zone = zoneinfo.ZoneInfo(spec.get("time_zone", settings.TIME_ZONE))
        country = "CZ" if str(zone) == "Europe/Prague" else "PL"
        day = _working_days_on_or_before(self.today + dt.timedelta(days=spec["day"]), days=spec.get("days", 1), country=country)
        starts_at = _at(day, spec["time"][0], zone)
        ends_at = _at(day + dt.timedelta(days=spec.get("days", 1) - 1), spec["time"][1], zone)
        venue, address = spec.get("venue", ("", ""))
        event = Event(
            kind=spec["kind"],
            slug=spec["slug"],
            title=spec["title"],
            description=spec["description"],
            topic=self.topics.get(spec["topic"]),
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=str(zone),
            venue=venue,
            address=address,
            online_url=spec.get("online_url", ""),
            language=spec.get("language", "pl"),
            speakers=spec["speakers"],
            capacity=spec["capacity"],
            audience=spec["audience"],
            fee=Fee.PAID if spec.get("fee") else Fee.FREE,
            fee_amount=Decimal(spec["fee"]) if spec.get("fee") else None,
            fee_currency="CZK" if spec.get("language") == "cs" else "PLN",
            vat_basis=spec.get("vat_basis", ""),
            hours=Decimal(spec["hours"]) if spec.get("hours") else None,
            accreditation_number=spec.get("accreditation_number", ""),
            **self._registration_window(starts_at),
        )
        organiser = self.users[spec["by"]]
        event_services.event_save(event=event, organisers=[self.associations[slug] for slug in spec["organisers"]], by=organiser)
        self._published(event, by=organiser)
        registrations = self._register(event, spec)
        for index in spec.get("cancel", []):
            event_services.registration_cancel(registration=registrations[index], now=self._moments(event, 1, after=True)[0])
        if spec.get("checked_in"):
            attended = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by("created_at", "pk")
            for registration in attended[: spec["checked_in"]]:
                event_services.registration_check_in(
                    registration=registration, by=organiser, now=event.starts_at - dt.timedelta(minutes=20)
                )
        if spec.get("certificates"):
            event_services.certificates_issue(event=event, by=organiser)
        return event

    def _registration_window(self, starts_at: dt.datetime) -> dict:
        # Open from 8:00 a month before the event (and for at least two weeks by now), closed two days before it.
        opens = timezone.localtime(min(starts_at - dt.timedelta(days=30), self.now - dt.timedelta(days=14)))
        return {
            "registration_opens_at": opens.replace(hour=8, minute=0, second=0, microsecond=0),
            "registration_closes_at": starts_at - dt.timedelta(days=2),
        }

    def _published(self, event: Event, *, by) -> None:
        event_services.event_publish(event=event, by=by)
        opened = event.registration_opens_at - dt.timedelta(days=3)
        Event.objects.filter(pk=event.pk).update(created_at=opened, updated_at=opened)

    def _register(self, event: Event, spec: dict) -> list[Registration]:
        """Each batch through `registration_create` at its moment, in order; returns the registrations in order."""
        batches = spec["registrations"]
        forms = []
        for batch in batches:
            if "group" in batch:
                forms.append((batch, batch["group"]))
            else:
                forms.extend((batch, 1) for _ in range(batch["count"]))
        moments = self._moments(event, len(forms))
        used = {"pl": 0, "cs": 0}
        registrations = []
        for (batch, size), moment in zip(forms, moments, strict=True):
            language = batch.get("people", spec["people"])
            units = self._units(batch.get("units", spec["units"]))
            if "unit" in batch:
                unit = next(unit for unit in units if unit.name == batch["unit"])
            else:
                unit = units[(used["pl"] + used["cs"]) % len(units)]
            participants = []
            for _ in range(size):
                participants.append(self._participant(language, used[language], unit))
                used[language] += 1
            invoice = None
            if batch.get("invoice"):
                nip, address = INVOICES[unit.name]
                invoice = event_services.Invoice(
                    buyer_name=f"Gmina {unit.name}",
                    buyer_nip=nip,
                    buyer_address=address,
                    recipient_name=_office(unit),
                    recipient_address=address,
                )
            by = self.users[batch["by"]] if batch.get("by") else None
            created = event_services.registration_create(event=event, participants=participants, by=by, invoice=invoice, now=moment)
            Registration.objects.filter(pk__in=[registration.pk for registration in created]).update(created_at=moment)
            registrations.extend(created)
        return registrations

    def _participant(self, language: str, index: int, unit: LocalGovernment) -> event_services.Participant:
        people = PARTICIPANTS_CZ if language == "cs" else PARTICIPANTS_PL
        first, last = people[index % len(people)]
        titles = JOB_TITLES[language]
        domain = "example.cz" if language == "cs" else "example.org"
        return event_services.Participant(
            first_name=first,
            last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}@{domain}",
            job_title=titles[index % len(titles)],
            unit=_office(unit),
            local_government=unit,
        )

    def _units(self, association_slug: str) -> list[LocalGovernment]:
        kind = LocalGovernmentKind.OBEC if association_slug == "sopr" else LocalGovernmentKind.RURAL_GMINA
        return list(
            LocalGovernment.objects.filter(memberships__association__slug=association_slug, kind=kind).distinct().order_by("code")[:12]
        )

    def _moments(self, event: Event, count: int, *, after: bool = False) -> list[dt.datetime]:
        """`count` moments in order, spread over the registration window up to now (or, `after`, between the
        last registration and the close), in office hours where the window allows."""
        last = Registration.objects.filter(event=event).order_by("-created_at").values_list("created_at", flat=True).first()
        first = last if after and last else event.registration_opens_at
        end = min(event.registration_closes_at, self.now) - dt.timedelta(hours=1)
        step = (end - first) / (count + 1)
        moments, previous = [], first
        for number in range(count):
            moment = timezone.localtime(first + step * (number + 1))
            moment = moment.replace(hour=8 + (number * 5) % 8, minute=(number * 17) % 60, second=0, microsecond=0)
            moment = min(max(moment, previous + dt.timedelta(minutes=7)), end)
            moments.append(moment)
            previous = moment
        return moments

    # --- The federation's meetings ---

    def _positions_adopted_at_sittings(self) -> list[Position]:
        """Published demo positions adopted at a board sitting (not by tacit consent, which meets nowhere)."""
        titles = [spec["title"] for spec in POSITIONS if spec["rule"] != AdoptionRule.TACIT_CONSENT]
        return list(Position.objects.filter(title__in=titles, status=PositionStatus.PUBLISHED).select_related("term__association"))

    def _convener(self, day: dt.date):
        """Who convenes a meeting on `day`: the presiding association's administrator (or editor) while its
        term is in force, the secretariat for a term already over or not begun."""
        term = term_on(at=day)
        if term is not None and term.includes(self.today):
            role = (
                Role.objects.filter(association=term.association, kind__in=[RoleKind.ADMINISTRATOR, RoleKind.EDITOR], ends_on__isnull=True)
                .select_related("user")
                .order_by("kind")
                .first()
            )
            if role is not None:
                return role.user
        return self.secretariat

    def _meeting(self, *, slug, kind, title, description, day, time, days=1, venue="", address="", online_url="", audience, agenda):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        starts_at = _at(day, time[0], zone)
        ends_at = _at(day + dt.timedelta(days=days - 1), time[1], zone)
        event = Event(
            kind=kind,
            slug=slug,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=str(zone),
            venue=venue,
            address=address,
            online_url=online_url,
            language="pl",
            audience=audience,
            **self._registration_window(starts_at),
        )
        by = self._convener(day)
        event_services.event_save(event=event, organisers=[], by=by, agenda=agenda)
        self._published(event, by=by)
        return event, by

    def _past_board_sitting(self, position: Position, *, slug: str) -> Event:
        """The sitting that adopted `position`: its day and place, its term's presidency, the position on the
        agenda and in the minutes."""
        place = position.adopted_place
        event, by = self._meeting(
            slug=slug,
            kind=EventKind.BOARD_SITTING,
            title=f"Posiedzenie Zarządu Porozumienia {LOCATIVE.get(place, place)}",
            description="Posiedzenie zarządu zwołane przez prezydencję: przyjęcie wspólnego stanowiska i sprawy bieżące.",
            day=position.adopted_on,
            time=("11:00", "15:00"),
            venue="Sala sesyjna",
            address=place,
            audience=Audience.MEMBERS,
            agenda=[
                ("Otwarcie posiedzenia i przyjęcie porządku obrad", None),
                (position.title.replace("Stanowisko", "Przyjęcie stanowiska", 1), position),
                ("Informacja o pracach Komisji Wspólnej Rządu i Samorządu Terytorialnego", None),
                ("Sprawy bieżące i wolne wnioski", None),
            ],
        )
        minutes = (
            f"Posiedzenie zwołała prezydencja: {position.term.association.name}. W posiedzeniu wzięli udział "
            "przedstawiciele organizacji członkowskich porozumienia.\n\n"
            f"1. Zarząd przyjął porządek obrad.\n"
            f"2. Zarząd przyjął stanowisko nr {position.reference} „{position.title}”; podpisy prezesów organizacji "
            "członkowskich zebrano przed posiedzeniem.\n"
            "3. Zarząd przyjął informację o pracach Komisji Wspólnej Rządu i Samorządu Terytorialnego.\n"
            "4. Ustalono termin kolejnego posiedzenia."
        )
        event_services.minutes_record(event=event, minutes=minutes, positions_adopted=[position], by=by)
        return event

    def _upcoming_board_sitting(self, slug: str) -> Event:
        """The presidency's next sitting, in its seat, to adopt the position now open for signing."""
        day = _working_days_on_or_before(_thursday_on_or_before(self.today + dt.timedelta(days=23)), days=2)
        association = term_on(at=day).association
        signing = Position.objects.get(title=SIGNING_POSITION["title"])
        event, _by = self._meeting(
            slug=slug,
            kind=EventKind.BOARD_SITTING,
            title=f"Posiedzenie Zarządu Porozumienia {LOCATIVE.get(association.city, association.city)}",
            description="Posiedzenie zarządu: przyjęcie stanowiska w sprawie polityki spójności po 2027 r. i sprawozdanie "
            "z prac prezydencji.",
            day=day,
            time=("11:00", "14:00"),
            days=2,
            venue="Sala obrad",
            address=association.city,
            audience=Audience.MEMBERS,
            agenda=[
                ("Otwarcie posiedzenia i przyjęcie porządku obrad", None),
                (signing.title.replace("Stanowisko", "Przyjęcie stanowiska", 1), signing),
                ("Informacja o konsultacjach projektu stanowiska w sprawie Funduszu rozwoju przewozów autobusowych", None),
                (f"Sprawozdanie z prac prezydencji {association.short_name}", None),
                ("Sprawy bieżące i wolne wnioski", None),
            ],
        )
        return event

    def _past_directors_meeting(self, slug: str) -> Event:
        """The directors' online meeting that planned the presidency's half-year (the news item 40 days ago)."""
        day = _working_days_on_or_before(self.today - dt.timedelta(days=40))
        event, _by = self._meeting(
            slug=slug,
            kind=EventKind.DIRECTORS_MEETING,
            title="Spotkanie dyrektorów biur: plan prac na półrocze",
            description="Spotkanie online dyrektorów biur organizacji członkowskich: plan prac prezydencji na półrocze "
            "i podział prac nad projektami aktów prawnych.",
            day=day,
            time=("10:00", "12:00"),
            online_url="https://meet.example.org/pros/dyrektorzy-plan-polrocza",
            audience=Audience.MEMBERS,
            agenda=[
                ("Plan prac prezydencji na półrocze", None),
                ("Podział prac nad projektami aktów prawnych w konsultacjach", None),
                ("Harmonogram posiedzeń zarządu", None),
            ],
        )
        return event

    def _upcoming_directors_meeting(self, slug: str) -> Event:
        """An online meeting for the members' office directors, by invitation only; three have registered."""
        day = _working_days_on_or_before(self.today + dt.timedelta(days=12))
        signing = Position.objects.get(title=SIGNING_POSITION["title"])
        event, by = self._meeting(
            slug=slug,
            kind=EventKind.DIRECTORS_MEETING,
            title="Spotkanie dyrektorów biur: harmonogram stanowisk przed posiedzeniem zarządu",
            description="Spotkanie online dyrektorów biur organizacji członkowskich, tylko dla zaproszonych: przygotowanie "
            "posiedzenia zarządu i stanowisk do przyjęcia.",
            day=day,
            time=("10:00", "11:30"),
            online_url="https://meet.example.org/pros/dyrektorzy-harmonogram",
            audience=Audience.INVITED,
            agenda=[
                ("Stan podpisywania stanowiska w sprawie polityki spójności po 2027 r.", signing),
                ("Uwagi do projektu stanowiska w sprawie Funduszu rozwoju przewozów autobusowych", None),
                ("Przygotowanie przekazania prezydencji", None),
            ],
        )
        offices = [association.email for association in self.associations.values() if association.left_on is None]
        event_services.invitations_set(event=event, emails=[row[2] for row in INVITED_DIRECTORS] + offices, by=by)
        for (first, last, email, job_title, association_slug), moment in zip(
            INVITED_DIRECTORS, self._moments(event, len(INVITED_DIRECTORS)), strict=True
        ):
            association = self.associations[association_slug]
            participant = event_services.Participant(
                first_name=first, last_name=last, email=email, job_title=job_title, unit=association.name, association=association
            )
            user = get_user_model().objects.filter(email=email).first()
            created = event_services.registration_create(event=event, participants=[participant], by=user, now=moment)
            Registration.objects.filter(pk__in=[registration.pk for registration in created]).update(created_at=moment)
        return event


def _at(day: dt.date, time: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=zone)


def _working_days_on_or_before(day: dt.date, *, days: int = 1, country: str = "PL") -> dt.date:
    """The latest day on or before `day` that starts `days` working days in a row (no weekend, no public holiday)."""
    calendar = holidays.country_holidays(country, years=range(day.year - 1, day.year + 2))
    while any((day + dt.timedelta(days=n)).weekday() >= 5 or day + dt.timedelta(days=n) in calendar for n in range(days)):
        day -= dt.timedelta(days=1)
    return day


class Command(BaseCommand):
    help = "Load the demo federation (members, municipalities, people, presidencies, positions, events, news, site). Safe to re-run."

    def handle(self, *args, **options):
        if HomePage.objects.exists():
            self.stdout.write("The demo federation is already loaded.")
            if site_sections_ensure(content=SITE):
                self.stdout.write(self.style.SUCCESS("New sections of the site added."))
        else:
            self._load()
        # Outside _load's transaction: saving a text, signing, publishing, registering for an event and issuing
        # certificates each run in their own durable transaction, as they do for members. The demo's history is
        # written in one go, so it mails nobody.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            added = DemoPositions(today=timezone.localdate()).load()
            events_added = DemoEvents(today=timezone.localdate()).load()
            practices_added = DemoPractices(today=timezone.localdate()).load()
        if added:
            self.stdout.write(self.style.SUCCESS(f"Demo draft acts and positions loaded ({added} records)."))
        if events_added:
            self.stdout.write(self.style.SUCCESS(f"Demo events loaded ({events_added} events)."))
        if practices_added:
            self.stdout.write(self.style.SUCCESS(f"Demo good practices loaded ({practices_added} practices)."))
        self._print_logins()

    @transaction.atomic
    def _load(self):
        today = timezone.localdate()
        associations = self._associations()
        self._topics(associations)
        self._local_governments(associations)
        people_ensure(associations)
        self._presidency(associations, today)
        pages = site_setup(content=SITE, federation=FEDERATION)
        self._news(pages, today)
        self.stdout.write(self.style.SUCCESS("Demo federation loaded."))

    def _associations(self):
        result = {}
        for slug, name, short, region, country, joined, left, krs, regon, nip, ico, city, _units in ASSOCIATIONS:
            association = Association(
                slug=slug,
                name=name,
                short_name=short,
                region=region,
                country=Country(country),
                legal_form=LegalForm.UNION_OF_MUNICIPALITIES if "Związek" in name else LegalForm.ASSOCIATION,
                joined_on=dt.date.fromisoformat(joined),
                krs=krs,
                regon=regon,
                nip=nip,
                ico=ico,
                city=city,
                website=f"https://{slug}.example.org",
                email=f"biuro@{slug}.example.org",
                description=f"{name} – regionalna organizacja samorządowa ({region}).",
            )
            member_services.association_save(association=association)
            if left:
                member_services.association_leave(association=association, left_on=dt.date.fromisoformat(left))
            result[slug] = association
        return result

    def _topics(self, associations):
        for slug, name_pl, name_cs, name_en, lead in TOPICS:
            Topic.objects.create(slug=slug, name_pl=name_pl, name_cs=name_cs, name_en=name_en, lead_association=associations.get(lead))

    def _local_governments(self, associations):
        for path in sorted(DATA_DIR.glob("*.csv")):
            call_command("import_local_governments", str(path), verbosity=0)
        for slug, *_rest, units in ASSOCIATIONS:
            if not units:
                continue
            association = associations[slug]
            if units == "CZ":
                members = LocalGovernment.objects.filter(country=Country.CZECHIA)
            else:
                members = LocalGovernment.objects.filter(country=Country.POLAND, code__startswith=units).exclude(code=units)
            for index, unit in enumerate(members.order_by("code")):
                joined = max(association.joined_on, dt.date(2014 + index % 6, 1 + index % 12, 1))
                member_services.local_government_join(local_government=unit, association=association, joined_on=joined)

    def _presidency(self, associations, today):
        rotation = [a for a in associations.values() if a.left_on is None and a.country == Country.POLAND] + [associations["sopr"]]
        # The members agreed this order (accession, then the Czech newcomer at the end).
        for position, association in enumerate(rotation, start=1):
            RotationPlace.objects.create(association=association, position=position)
        # Over three years of history: half-year terms whose handovers fell on odd dates after each boundary.
        boundary = half_year_end(dt.date(today.year - 4, today.month, 1)) + dt.timedelta(days=1)
        starts_on = boundary + dt.timedelta(days=HANDOVER_OFFSETS[0])
        spans = []
        while starts_on <= today:
            boundary = half_year_end(boundary) + dt.timedelta(days=1)
            ends_on = boundary + dt.timedelta(days=HANDOVER_OFFSETS[(len(spans) + 1) % len(HANDOVER_OFFSETS)] - 1)
            spans.append((starts_on, ends_on))
            starts_on = ends_on + dt.timedelta(days=1)
        # The rotation is laid so that OZS presides today, whatever the day: its logins show the presidency's work.
        first = (rotation.index(associations["ozs"]) - (len(spans) - 1)) % len(rotation)
        terms = []
        for index, (starts_on, ends_on) in enumerate(spans):
            association = rotation[(first + index) % len(rotation)]
            terms.append(
                presidency_services.term_create(
                    association=association,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    programme=f"Program prezydencji {association.short_name}: współpraca z Komisją Wspólną Rządu i Samorządu Terytorialnego, wspólne stanowiska w sprawach finansów i edukacji.",
                    priorities="Stabilne dochody samorządów\nOświata bliżej mieszkańców\nTransport publiczny poza dużymi miastami",
                    handover_note="Przekazanie na posiedzeniu zarządu.",
                )
            )
        for first in range(0, len(terms) - 2, 3):
            trio = terms[first : first + 3]
            presidency_services.trio_form(
                terms=trio,
                name=" – ".join(term.association.short_name for term in trio),
                programme="Wspólny program trzech prezydencji: finanse samorządów, edukacja i transport publiczny.",
            )
        # A proposal two years ahead, continuing from the current term.
        presidency_services.schedule_apply(proposal=presidency_services.schedule_propose(count=4, today=today), today=today)

    def _news(self, pages, today):
        for days, texts in NEWS:
            date = today + dt.timedelta(days=days)
            title, summary, body = texts["pl"]
            item = news_publish(index=pages["pl"]["news"], title=title, date=date, summary=summary, body=body)
            for code in ("cs", "en"):
                title, summary, body = texts[code]
                translation = item.copy_for_translation(Locale.objects.get(language_code=code))
                translation.title, translation.summary, translation.body = title, summary, body
                translation.slug = slugify(title)
                translation.save_revision().publish()

    @translation.override("en")
    def _print_logins(self):
        presiding = term_on(at=timezone.localdate())
        self.stdout.write("")
        self.stdout.write("Demo federation: http://127.0.0.1:8000/  (Czech: /cs/, English: /en/)")
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/   password for every login: {DEMO_PASSWORD}")
        self.stdout.write("  admin          superuser")
        self.stdout.write("  sekretariat    the federation's secretariat (members, roles, presidency schedule, draft acts)")
        for username, first, last, slug, kind, _title in PEOPLE[1:]:
            self.stdout.write(f"  {username:<14} {RoleKind(kind).label} – {slug.upper()} ({first} {last})")
        self.stdout.write("")
        self.stdout.write("Positions workspace: http://127.0.0.1:8000/workspace/positions/")
        self.stdout.write("  zgl.redaktor drafts and settles the comments on the bus-fund draft in consultation;")
        if presiding is not None and presiding.association.slug == "ozs":
            self.stdout.write("  OZS presides today: ozs.admin opens signing and publishes;")
        elif presiding is not None:
            self.stdout.write(
                f"  {presiding.association.short_name} presides today: its administrator or editors open signing and publish;"
            )
        self.stdout.write("  the presidents (*.prezes, sopr.predseda) sign the cohesion-policy position now open for signing.")
        self.stdout.write("")
        self.stdout.write("Events workspace: http://127.0.0.1:8000/workspace/events/")
        self.stdout.write("  zgl.redaktor organises the full transport seminar (waiting list; zgl.pracownik registered a group);")
        self.stdout.write("  sopr.redaktor the past accredited training with certificates; ozs.redaktor the paid budget seminar;")
        self.stdout.write("  the presiding association's administrator convenes the board sitting and the directors' meetings.")
        self.stdout.write("")
        self.stdout.write("Good practices: http://127.0.0.1:8000/dobre-praktyki/ (admin: Pages → Dobre praktyki)")
        self.stdout.write("  the editors (*.redaktor) add practices and submit them for review; sekretariat reviews and publishes")
        self.stdout.write("  (one practice from ZGPZ is waiting for review).")
