"""Load the demo federation: members, municipalities, people with roles, three years of presidencies,
a two-year proposal, news, and the public site in Polish, Czech and English.

Safe to re-run: when the demo is already there it only prints the logins. All people are invented.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Locale

from cms.models import HomePage
from cms.services import news_publish, site_setup
from members import services as member_services
from members.enums import Country, LegalForm, RoleKind
from members.models import Association, LocalGovernment, Topic
from members.permissions import SECRETARIAT_GROUP
from presidency import services as presidency_services
from presidency.dates import half_year_end
from presidency.models import RotationPlace

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
    ("ozs.redaktor", "Paweł", "Nowosielski", "ozs", RoleKind.EDITOR, "Radca prawny"),
    ("ssw.prezes", "Krzysztof", "Zalewicz", "ssw", RoleKind.SIGNATORY, "Prezes Zarządu"),
    ("spgp.prezes", "Ewa", "Radomska", "spgp", RoleKind.SIGNATORY, "Przewodnicząca Zarządu"),
    ("zgpz.prezes", "Andrzej", "Morawiec", "zgpz", RoleKind.SIGNATORY, "Prezes Zarządu"),
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


class Command(BaseCommand):
    help = "Load the demo federation (members, municipalities, people, presidencies, news, site). Safe to re-run."

    def handle(self, *args, **options):
        if HomePage.objects.exists():
            self.stdout.write("The demo federation is already loaded.")
        else:
            self._load()
        self._print_logins()

    @transaction.atomic
    def _load(self):
        today = timezone.localdate()
        associations = self._associations()
        self._topics(associations)
        self._local_governments(associations)
        self._people(associations)
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

    def _people(self, associations):
        User = get_user_model()
        for username, first, last, slug, kind, title in PEOPLE:
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
        User.objects.create_superuser(
            username="admin", email="admin@example.org", password=DEMO_PASSWORD, first_name="Admin", last_name="Demo"
        )

    def _presidency(self, associations, today):
        rotation = [a for a in associations.values() if a.left_on is None and a.country == Country.POLAND] + [associations["sopr"]]
        # The members agreed this order (accession, then the Czech newcomer at the end).
        for position, association in enumerate(rotation, start=1):
            RotationPlace.objects.create(association=association, position=position)
        # Over three years of history: half-year terms whose handovers fell on odd dates after each boundary.
        boundary = half_year_end(dt.date(today.year - 4, today.month, 1)) + dt.timedelta(days=1)
        starts_on = boundary + dt.timedelta(days=HANDOVER_OFFSETS[0])
        index = 0
        terms = []
        while starts_on <= today:
            boundary = half_year_end(boundary) + dt.timedelta(days=1)
            ends_on = boundary + dt.timedelta(days=HANDOVER_OFFSETS[(index + 1) % len(HANDOVER_OFFSETS)] - 1)
            association = rotation[index % len(rotation)]
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
            starts_on = ends_on + dt.timedelta(days=1)
            index += 1
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
        self.stdout.write("")
        self.stdout.write("Demo federation: http://127.0.0.1:8000/  (Czech: /cs/, English: /en/)")
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/   password for every login: {DEMO_PASSWORD}")
        self.stdout.write("  admin          superuser")
        self.stdout.write("  sekretariat    the federation's secretariat (keeps members, roles and the presidency schedule)")
        for username, first, last, slug, kind, _title in PEOPLE[1:]:
            if slug in ("zgl", "sopr"):
                self.stdout.write(f"  {username:<14} {RoleKind(kind).label} – {slug.upper()} ({first} {last})")
