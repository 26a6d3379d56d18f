"""The good-practice library: the practice page and its card, the list with its filters and the map drawn
from the outlines we ship, who writes (association editors, through moderation) and who publishes (the
secretariat), and the demo. Leak tests first create what could leak: a draft and a private practice."""

import copy
import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import Collection, PageViewRestriction

from cms import practices
from cms.data import build_regions
from cms.demo.practices import PRACTICES, PRACTICES_SECTION, DemoPractices
from cms.models import GoodPracticeAttachment, GoodPracticeIndexPage, GoodPracticePage, HomePage, PracticeCategory
from cms.regions import DATA_FILE, REGIONS, geometry, region_at, region_contains, region_name
from cms.services import SECTIONS, site_sections_ensure, site_setup
from members import services as member_services
from members.enums import LocalGovernmentKind, RoleKind
from members.permissions import SECRETARIAT_GROUP
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, LocalGovernmentFactory, LocalGovernmentMembershipFactory, UserFactory
from tests.factories.practices import GoodPracticePageFactory, PracticeCategoryFactory, practice_admin_form

pytestmark = pytest.mark.django_db

LIBRARY = {"pl": "/dobre-praktyki/", "cs": "/cs/dobra-praxe/", "en": "/en/good-practices/"}
SEARCH = {"pl": "/search/", "cs": "/cs/search/", "en": "/en/search/"}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments are written to a folder of this test, not to the project's media folder."""
    settings.MEDIA_ROOT = tmp_path


def _content() -> dict:
    content = copy.deepcopy(SITE_CONTENT)
    for language, section in PRACTICES_SECTION.items():
        content[language]["practices"] = section
    return content


@pytest.fixture
def pages():
    return site_setup(content=_content(), federation={"name_pl": "Federacja Testowa", "name_en": "Test Federation"})


@pytest.fixture
def library(pages) -> GoodPracticeIndexPage:
    return pages["pl"]["practices"]


@pytest.fixture
def library_en(pages) -> GoodPracticeIndexPage:
    """The English library: its pages speak English whatever the translation catalogues hold."""
    return pages["en"]["practices"]


@pytest.fixture
def categories():
    return {
        "energy": PracticeCategoryFactory(slug="energia", name_pl="Efektywność energetyczna", name_en="Energy efficiency"),
        "social": PracticeCategoryFactory(slug="uslugi-spoleczne", name_pl="Usługi społeczne", name_en="Social services"),
    }


@pytest.fixture
def language() -> str:
    """The language of the library `three` and `hidden` go into: English unless a test is parametrised by it."""
    return "en"


@pytest.fixture
def three(pages, language, categories):
    """Three published practices, one per country's kind and region, added in this order."""
    library = pages[language]["practices"]
    streets = GoodPracticePageFactory(
        parent=library,
        title="Oszczędne latarnie w Bytnicy",
        categories=[categories["energy"]],
        summary="Nowe latarnie LED na ulicach gminy.",
    )
    seniors = GoodPracticePageFactory(
        parent=library,
        title="Asystent seniora w Opolu",
        categories=[categories["social"]],
        unit_kind=LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS,
        town="Opole",
        county="Opole",
        region="PL-16",
        latitude=Decimal("50.67510"),
        longitude=Decimal("17.92130"),
    )
    energy_manager = GoodPracticePageFactory(
        parent=library,
        title="Sdílený energetik v Plzni",
        categories=[categories["energy"], categories["social"]],
        unit_kind=LocalGovernmentKind.STATUTORY_CITY,
        town="Plzeň",
        county="Plzeň-město",
        region="CZ-32",
        latitude=Decimal("49.74770"),
        longitude=Decimal("13.37760"),
    )
    return {"streets": streets, "seniors": seniors, "energy_manager": energy_manager}


@pytest.fixture
def hidden(pages, language, categories):
    """What must never show: a draft (saved, never published) and a published practice only signed-in
    people may see. Both in lubuskie and in the energy category, with a word no other practice has."""
    library = pages[language]["practices"]
    draft = GoodPracticePageFactory(parent=library, title="Kryształowy projekt roboczy", categories=[categories["energy"]], publish=False)
    private = GoodPracticePageFactory(parent=library, title="Kryształowa praktyka dla zalogowanych", categories=[categories["energy"]])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"draft": draft, "private": private}


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _titles(response) -> list[str]:
    return [link.get_text(strip=True) for link in _soup(response).select(".practice-item__title a")]


def _regions(soup) -> dict[str, dict]:
    return {
        link["data-region"]: {
            "href": link["href"],
            "label": link["aria-label"],
            "title": link.find("title").get_text(),
            "count": link.select_one(".practice-map__badge text").get_text(),
            "current": link.get("aria-current"),
        }
        for link in soup.select("svg .practice-map__region")
    }


def _points(soup) -> list[tuple[str, str]]:
    return [(link["aria-label"], link["href"]) for link in soup.select("svg .practice-map__point")]


# --- Regions and the outlines we ship -------------------------------------------------------------------


def test_regions_file_holds_every_voivodeship_and_kraj_small_and_well_formed():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert DATA_FILE.stat().st_size < 300 * 1024
    assert "Natural Earth" in data["source"]
    assert sorted(data["regions"]) == sorted(REGIONS)
    assert sum(1 for region in REGIONS.values() if region.country == "PL") == 16
    assert sum(1 for region in REGIONS.values() if region.country == "CZ") == 14
    for code, shape in data["regions"].items():
        west, south, east, north = shape["bbox"]
        assert 12.0 < west < east < 24.2 and 48.5 < south < north < 54.9, code
        for polygon in shape["polygons"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4, code
        # The count is written inside the region it belongs to.
        assert region_at(longitude=shape["label"][0], latitude=shape["label"][1]) == code


@pytest.mark.parametrize(
    ("place", "latitude", "longitude", "code"),
    [
        ("Zielona Góra", 51.9356, 15.5062, "PL-08"),
        ("Opole", 50.6751, 17.9213, "PL-16"),
        ("Kraków", 50.0647, 19.9450, "PL-12"),
        ("Białystok", 53.1325, 23.1688, "PL-20"),
        ("Praha", 50.0755, 14.4378, "CZ-10"),  # inside the hole of the Central Bohemian Region
        ("Kladno", 50.1473, 14.1029, "CZ-20"),
        ("Plzeň", 49.7477, 13.3776, "CZ-32"),
        ("Ostrava", 49.8209, 18.2625, "CZ-80"),
        ("Berlin", 52.5200, 13.4050, None),
        ("Wien", 48.2082, 16.3738, None),
    ],
)
def test_region_at_finds_the_region_of_a_town(place, latitude, longitude, code):
    assert region_at(latitude=latitude, longitude=longitude) == code, place


def test_region_contains_allows_a_point_just_past_the_simplified_border_only():
    outline = geometry()["regions"]["PL-08"]["polygons"][0][0]
    lon, lat = min(outline)  # the westernmost point: on the German border, nothing beyond it
    assert region_contains("PL-08", latitude=lat, longitude=lon - 0.01)  # about 700 m out
    assert not region_contains("PL-08", latitude=lat, longitude=lon - 0.2)  # about 14 km out


def test_region_name_in_each_language():
    names = {}
    for language in ("pl", "cs", "en"):
        with translation.override(language):
            names[language] = (region_name("CZ-32"), region_name("PL-24"))
    assert names == {
        "pl": ("kraj pilzneński", "śląskie"),
        "cs": ("Plzeňský kraj", "Slezské vojvodství"),
        "en": ("Plzeň Region", "Silesian Voivodeship"),
    }


def test_build_regions_keeps_shared_borders_identical():
    """Two squares sharing a wavy border: each side keeps exactly the same border points (no gap, no overlap)."""
    wave = [[1.0, 50.0 + i / 20, 0] for i in range(21)]
    for i, point in enumerate(wave):
        point[0] = 15.0 + (0.004 if i % 2 else 0) + (0.05 if i == 10 else 0)
    border = [[x, y] for x, y, _ in wave]
    west = [[14.0, 50.0], *border, [14.0, 51.0], [14.0, 50.0]]
    east = [[16.0, 51.0], *reversed(border), [16.0, 50.0], [16.0, 51.0]]
    result = build_regions.simplify({"W": [[west]], "E": [[east]]}, tolerance_km=1.0)
    west_points = {tuple(point) for point in result["W"][0][0]}
    east_points = {tuple(point) for point in result["E"][0][0]}
    shared = west_points & east_points
    assert (15.05, 50.5) in shared  # the bulge is kept
    assert (15.004, 50.05) not in shared  # the small zigzag is dropped
    assert shared == {point for point in west_points if 14.9 < point[0] < 15.1}
    assert shared == {point for point in east_points if 14.9 < point[0] < 15.1}


# --- The practice and its validation --------------------------------------------------------------------


def test_practice_refuses_a_point_in_another_region(library):
    practice = GoodPracticePageFactory.build(latitude=Decimal("50.67510"), longitude=Decimal("17.92130"))  # Opole, not lubuskie
    practice.path, practice.depth = "0001", 1  # validated alone, not saved
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            practice.clean()
        assert error.value.message_dict == {
            "latitude": ["This point lies in Opole Voivodeship, not in Lubusz Voivodeship: check the coordinates or the region."]
        }


def test_practice_refuses_a_point_outside_both_countries_a_foreign_kind_and_an_end_before_start(library):
    practice = GoodPracticePageFactory.build(
        latitude=Decimal("52.52000"),
        longitude=Decimal("13.40500"),  # Berlin
        unit_kind=LocalGovernmentKind.OBEC,
        started_on=dt.date(2023, 5, 1),
        ended_on=dt.date(2023, 4, 30),
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            practice.clean()
        assert error.value.message_dict == {
            "ended_on": ["A practice cannot end before it began."],
            "unit_kind": ["This kind of unit does not exist in Poland."],
            "latitude": ["This point lies outside Poland and Czechia: check the latitude and longitude (e.g. 51.93548 and 15.50643)."],
        }


def test_practice_search_terms_hold_place_and_region_in_every_language(library):
    practice = GoodPracticePageFactory(parent=library, title="Wspólne zakupy energii", region="PL-08")
    terms = practice.search_terms().split()
    assert {"wspoln", "zakup", "energi", "bytnic", "lubusk", "lubussk", "vojvodstv", "lubusz", "voivodeship"} <= set(terms)


# --- The practice page -----------------------------------------------------------------------------------


def test_practice_page_shows_card_summary_body_attachments_local_governments_map_and_open_graph(client, library_en, categories):
    association = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    bytnica = LocalGovernmentFactory(code="0802032", name="Bytnica")
    krosno = LocalGovernmentFactory(code="0802063", name="Krosno Odrzańskie", kind=LocalGovernmentKind.URBAN_RURAL_GMINA)
    LocalGovernmentMembershipFactory(association=association, local_government=bytnica)
    LocalGovernmentMembershipFactory(association=association, local_government=krosno, left_on=dt.date(2020, 12, 31))
    document = Document(title="Regulamin", collection=Collection.get_first_root_node())
    document.file.save("regulamin.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2000), save=False)
    document.file_size = 2009
    document.save()
    practice = GoodPracticePageFactory(
        parent=library_en,
        title="Wspólny transport na żądanie",
        association=association,
        population=12345,
        ended_on=dt.date(2025, 12, 31),
        contact_function="kierowniczka referatu",
        contact_phone="+48 68 000 00 01",
        website="https://bytnica.example.org/",
        categories=[categories["energy"]],
        local_governments=[krosno, bytnica],
        attachments=[GoodPracticeAttachment(document=document, title="Regulamin przewozów")],
    )
    response = client.get(practice.url)
    soup = _soup(response)
    assert soup.h1.get_text() == "Wspólny transport na żądanie"
    card = dict(
        zip(
            [dt_.get_text(strip=True) for dt_ in soup.select(".practice__card dt")],
            [" ".join(dd.get_text().split()) for dd in soup.select(".practice__card dd")],
            strict=True,
        )
    )
    assert card["Implemented"] == "1 January 2022 – 31 December 2025"
    assert card["Kind of unit"] == "Rural municipality (gmina wiejska)"
    assert (card["Town"], card["County"], card["Region"]) == ("Bytnica", "krośnieński", "Lubusz Voivodeship")
    assert card["Implementing unit"] == "Urząd Gminy Bytnica"
    assert card["Population"] == "12,345"
    assert card["Contact"] == "Anna Przykładowa, kierowniczka referatu anna.przykladowa@example.org Tel. +48 68 000 00 01"
    assert card["Submitted by"] == "Związek Gmin Lubuskich"
    assert {"Added to the library", "Last updated", "Website"} <= set(card)
    assert [tag.get_text() for tag in soup.select(".practice__head .practice-tags li")] == ["Energy efficiency"]
    assert soup.select_one(".practice__head .practice-tags a")["href"] == "/en/good-practices/?category=energia"
    assert "Gmina wspólnie z sąsiadami" in soup.select_one("#summary-heading").find_next("p").get_text()
    assert soup.select_one(".practice__body h3").get_text() == "Problem"
    attachment = soup.select_one(".practice-attachments li")
    assert attachment.a["href"] == document.url
    assert " ".join(attachment.get_text().split()) == "Regulamin przewozów (PDF, 2.0 KB)"
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in soup.select(".columns__main table tbody tr")]
    assert rows == [
        ["Bytnica", "Rural municipality (gmina wiejska)", "0802032", "Związek Gmin Lubuskich"],
        ["Krosno Odrzańskie", "Urban-rural municipality (gmina miejsko-wiejska)", "0802063", "not in a member association"],
    ]
    assert soup.select_one(".columns__main table tbody tr td a")["href"] == "/en/czlonkowie/zgl/"
    location = soup.select_one(".practice-location svg")
    assert location["role"] == "img"
    assert location.title.get_text() == "Map: Wspólny transport na żądanie in Bytnica, krośnieński, Lubusz Voivodeship"
    assert len(location.select(".practice-map__area--highlighted")) == 1
    assert len(location.select(".practice-map__marker")) == 1
    assert not location.select("a")
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"] == "Wspólny transport na żądanie"
    assert soup.find("meta", property="og:description")["content"].startswith("Gmina wspólnie z sąsiadami")


@pytest.mark.parametrize(
    ("language", "label", "population"),
    [("pl", "Liczba mieszkańców", "12\xa0345"), ("cs", "Počet obyvatel", "12\xa0345"), ("en", "Population", "12,345")],
)
def test_practice_page_writes_the_population_as_its_language_does(client, pages, language, label, population):
    # Polish and Czech group thousands with a non-breaking space (Django's intcomma), so a number never breaks across lines.
    practice = GoodPracticePageFactory(parent=pages[language]["practices"], population=12345)
    soup = _soup(client.get(practice.url))
    card = {term.get_text(strip=True): term.find_next_sibling("dd").get_text() for term in soup.select(".practice__card dt")}
    assert card[label] == population


def test_practice_page_without_attachments_or_local_governments_says_so(client, library_en):
    practice = GoodPracticePageFactory(parent=library_en)
    soup = _soup(client.get(practice.url))
    assert soup.select_one("#attachments-heading").find_next("p").get_text() == "This practice has no attachments."
    assert soup.select_one("#local-governments-heading").find_next("p").get_text() == "No local government is named for this practice."


# --- The list, its filters and the map ------------------------------------------------------------------


def test_library_lists_newest_first_and_maps_every_region_with_its_count(client, three):
    soup = _soup(client.get(LIBRARY["en"]))
    assert [link.get_text(strip=True) for link in soup.select(".practice-item__title a")] == [
        "Sdílený energetik v Plzni",
        "Asystent seniora w Opolu",
        "Oszczędne latarnie w Bytnicy",
    ]
    assert soup.select_one("#results-heading").get_text() == "3 good practices"
    regions = _regions(soup)
    assert len(regions) == 30
    assert {code: region["count"] for code, region in regions.items() if region["count"] != "0"} == {
        "PL-08": "1",
        "PL-16": "1",
        "CZ-32": "1",
    }
    assert regions["PL-08"]["href"] == "/en/good-practices/?region=PL-08"
    assert regions["PL-08"]["label"] == regions["PL-08"]["title"] == "Lubusz Voivodeship: 1 good practice"
    assert regions["CZ-10"]["label"] == "Prague: 0 good practices"
    assert sorted(_points(soup)) == [
        ("Asystent seniora w Opolu (Opole)", "/en/good-practices/asystent-seniora-w-opolu/"),
        ("Oszczędne latarnie w Bytnicy (Bytnica)", "/en/good-practices/oszczedne-latarnie-w-bytnicy/"),
        ("Sdílený energetik v Plzni (Plzeň)", "/en/good-practices/sdileny-energetik-v-plzni/"),
    ]
    assert [(link.get_text(), link["href"]) for link in soup.select(".practice-map__list a")] == [
        ("Lubusz Voivodeship", "/en/good-practices/?region=PL-08"),
        ("Opole Voivodeship", "/en/good-practices/?region=PL-16"),
        ("Plzeň Region", "/en/good-practices/?region=CZ-32"),
    ]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("category=energia", ["Sdílený energetik v Plzni", "Oszczędne latarnie w Bytnicy"]),
        ("category=uslugi-spoleczne", ["Sdílený energetik v Plzni", "Asystent seniora w Opolu"]),
        ("region=PL-16", ["Asystent seniora w Opolu"]),
        ("region=CZ-32", ["Sdílený energetik v Plzni"]),
        ("kind=gmina_wiejska", ["Oszczędne latarnie w Bytnicy"]),
        ("kind=statutarni_mesto", ["Sdílený energetik v Plzni"]),
        ("category=energia&region=PL-08&kind=gmina_wiejska", ["Oszczędne latarnie w Bytnicy"]),
        ("category=uslugi-spoleczne&region=PL-08", []),
    ],
)
def test_library_filters_by_category_region_and_kind(client, three, query, titles):
    assert _titles(client.get(f"{LIBRARY['en']}?{query}")) == titles


def test_library_map_counts_follow_the_other_filters_and_mark_the_chosen_region(client, three):
    soup = _soup(client.get(LIBRARY["en"] + "?category=energia&region=PL-08"))
    regions = _regions(soup)
    assert {code: region["count"] for code, region in regions.items() if region["count"] != "0"} == {"PL-08": "1", "CZ-32": "1"}
    assert regions["PL-08"]["current"] == "true" and regions["CZ-32"]["current"] is None
    assert regions["CZ-32"]["href"] == "/en/good-practices/?category=energia&region=CZ-32"
    assert _points(soup) == [("Oszczędne latarnie w Bytnicy (Bytnica)", "/en/good-practices/oszczedne-latarnie-w-bytnicy/")]


def test_library_bad_filters_are_summarised_and_the_rest_still_applies(client, three):
    soup = _soup(client.get(LIBRARY["en"] + "?category=nope&region=XX-99&kind=gmina_wiejska"))
    summary = soup.select_one(".form-errors")
    assert summary["role"] == "alert"
    assert [(link["href"], link.get_text()) for link in summary.select("a")] == [
        ("#id_category", "Category: There is no such category; choose one from the list."),
        ("#id_region", "Region: “XX-99” is not a region of Poland or Czechia; choose one from the list."),
    ]
    assert [link.get_text(strip=True) for link in soup.select(".practice-item__title a")] == ["Oszczędne latarnie w Bytnicy"]


def test_library_says_when_nothing_matches_and_when_nothing_is_published(client, library, three):
    soup = _soup(client.get(LIBRARY["en"] + "?region=PL-02"))
    assert soup.select_one(".practice-none").get_text(" ", strip=True) == "No good practice matches these filters. Show all good practices"
    GoodPracticePage.objects.all().delete()
    soup = _soup(client.get(LIBRARY["en"]))
    assert soup.select_one(".practice-none").get_text(strip=True) == "No good practice has been published yet."
    assert len(_regions(soup)) == 30 and _points(soup) == []


def test_library_paginates_ten_practices_a_page(client, library):
    for number in range(12):
        GoodPracticePageFactory(parent=library, title=f"Praktyka numer {number:02d}")
    first = _titles(client.get(LIBRARY["pl"]))
    second = _titles(client.get(LIBRARY["pl"] + "?page=2"))
    assert len(first) == 10 and len(second) == 2
    assert sorted(first + second) == [f"Praktyka numer {number:02d}" for number in range(12)]
    assert len(_points(_soup(client.get(LIBRARY["pl"] + "?page=2")))) == 12  # the map shows every match


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_library_queries_stay_the_same_from_one_practice_to_many(client, library, categories, django_assert_max_num_queries):
    lubuskie = LocalGovernmentFactory(code="0802032", name="Bytnica")
    GoodPracticePageFactory(parent=library, categories=[categories["energy"]], local_governments=[lubuskie])
    client.get(LIBRARY["pl"])  # warm the site's caches
    one = _queries(client, LIBRARY["pl"] + "?kind=gmina_wiejska")
    for _number in range(14):
        GoodPracticePageFactory(
            parent=library, categories=list(categories.values()), local_governments=[lubuskie], association=AssociationFactory()
        )
    many = _queries(client, LIBRARY["pl"] + "?kind=gmina_wiejska")
    assert many == one
    with django_assert_max_num_queries(24):
        client.get(LIBRARY["pl"] + "?kind=gmina_wiejska")


def test_practice_page_queries_are_bounded(client, library, categories, django_assert_max_num_queries):
    units = [LocalGovernmentFactory() for _ in range(5)]
    for unit in units:
        LocalGovernmentMembershipFactory(local_government=unit)
    practice = GoodPracticePageFactory(parent=library, categories=list(categories.values()), local_governments=units)
    client.get(practice.url)
    with django_assert_max_num_queries(23):
        client.get(practice.url)


def test_library_and_practice_translated_into_each_language(client, pages, library):
    practice = GoodPracticePageFactory(
        parent=library,
        title="Asystent seniora w Opolu",
        region="PL-16",
        town="Opole",
        county="Opole",
        unit_kind=LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS,
        latitude=Decimal("50.67510"),
        longitude=Decimal("17.92130"),
    )
    for language, title in (("cs", "Asistent seniora v Opolí"), ("en", "A senior assistant in Opole")):
        translated = practice.copy_for_translation(pages[language]["practices"].locale)
        translated.title, translated.slug = title, "asistent"
        translated.save_revision().publish()
    assert _titles(client.get(LIBRARY["pl"])) == ["Asystent seniora w Opolu"]
    assert _titles(client.get(LIBRARY["cs"])) == ["Asistent seniora v Opolí"]
    assert _titles(client.get(LIBRARY["en"])) == ["A senior assistant in Opole"]
    for language, region in (("pl", "opolskie"), ("cs", "Opolské vojvodství"), ("en", "Opole Voivodeship")):
        soup = _soup(client.get(LIBRARY[language] + ("asystent-seniora-w-opolu/" if language == "pl" else "asistent/")))
        assert region in soup.select_one(".practice__place").get_text(), language
        assert _regions(_soup(client.get(LIBRARY[language])))["PL-16"]["count"] == "1"


# --- What the public must never see --------------------------------------------------------------------


# How a search hit names the place, region and kind of the practice in Bytnica, in each language.
BYTNICA_IN_SEARCH = {
    "pl": "Bytnica · lubuskie · Gmina wiejska",
    "cs": "Bytnica · Lubušské vojvodství · Venkovská gmina (Polsko)",
    "en": "Bytnica · Lubusz Voivodeship · Rural municipality (gmina wiejska)",
}


@pytest.mark.parametrize("language", ["pl", "cs", "en"])
def test_drafts_and_private_practices_never_reach_list_map_page_search_feed_or_sitemap(client, three, hidden, language):
    library = LIBRARY[language]
    soup = _soup(client.get(library + "?category=energia"))
    titles = [link.get_text(strip=True) for link in soup.select(".practice-item__title a")]
    assert titles == ["Sdílený energetik v Plzni", "Oszczędne latarnie w Bytnicy"]
    assert _regions(soup)["PL-08"]["count"] == "1"
    assert not any("Kryształ" in label for label, _href in _points(soup))
    assert "Kryształ" not in soup.select_one("#filters-heading").parent.get_text()

    assert client.get(hidden["draft"].url).status_code == 404
    assert client.get(hidden["private"].url).status_code == 302  # to the login page

    assert "Kryształ" not in _soup(client.get(SEARCH[language] + "?q=kryształowa")).get_text()
    found = _soup(client.get(SEARCH[language] + "?q=latarnie"))
    hit = found.select_one(".search-result")
    assert hit.a.get_text(strip=True) == "Oszczędne latarnie w Bytnicy"
    assert hit.a["href"] == library + "oszczedne-latarnie-w-bytnicy/"
    assert BYTNICA_IN_SEARCH[language] in hit.get_text()

    feed = ET.fromstring(client.get(library + "feed/").content)
    assert [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")] == [
        "Sdílený energetik v Plzni",
        "Asystent seniora w Opolu",
        "Oszczędne latarnie w Bytnicy",
    ]

    locations = [url.find(f"{SITEMAP}loc").text for url in ET.fromstring(client.get("/sitemap.xml").content).findall(f"{SITEMAP}url")]
    practice_urls = sorted(location for location in locations if location.startswith(f"http://localhost{library}"))
    assert practice_urls == [
        f"http://localhost{library}",
        f"http://localhost{library}asystent-seniora-w-opolu/",
        f"http://localhost{library}oszczedne-latarnie-w-bytnicy/",
        f"http://localhost{library}sdileny-energetik-v-plzni/",
    ]


# --- Who writes and who publishes ------------------------------------------------------------------------


def _authors() -> list[str]:
    return sorted(Group.objects.get(name=practices.PRACTICE_AUTHORS_GROUP).user_set.values_list("username", flat=True))


def test_editor_role_puts_the_person_among_the_authors_and_ending_it_takes_them_out(library):
    first, second = AssociationFactory(), AssociationFactory()
    editor, staff, administrator = UserFactory(username="redaktor"), UserFactory(username="pracownik"), UserFactory(username="admin-zg")
    role = member_services.role_grant(user=editor, association=first, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    other = member_services.role_grant(user=editor, association=second, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    member_services.role_grant(user=staff, association=first, kind=RoleKind.STAFF, starts_on=dt.date(2024, 1, 1))
    member_services.role_grant(user=administrator, association=first, kind=RoleKind.ADMINISTRATOR, starts_on=dt.date(2024, 1, 1))
    assert _authors() == ["admin-zg", "redaktor"]
    assert editor.has_perm("wagtailadmin.access_admin") and not staff.has_perm("wagtailadmin.access_admin")

    member_services.role_end(role=role, ends_on=dt.date(2024, 6, 1))
    assert _authors() == ["admin-zg", "redaktor"]  # still an editor of the second association
    member_services.role_end(role=other, ends_on=dt.date(2024, 6, 1))
    assert _authors() == ["admin-zg"]
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached on the instance
    assert not editor.has_perm("wagtailadmin.access_admin")


def test_authors_may_add_under_every_library_but_not_publish_and_the_secretariat_may_publish(pages):
    authors = Group.objects.get(name=practices.PRACTICE_AUTHORS_GROUP)
    secretariat = Group.objects.get(name=SECRETARIAT_GROUP)
    for language in ("pl", "cs", "en"):
        library = pages[language]["practices"]
        assert sorted(authors.page_permissions.filter(page=library).values_list("permission__codename", flat=True)) == ["add_page"]
        assert sorted(secretariat.page_permissions.filter(page=library).values_list("permission__codename", flat=True)) == [
            "add_page",
            "change_page",
            "publish_page",
        ]
        workflow = library.get_workflow()
        assert workflow.name == practices.REVIEW_WORKFLOW
        assert [task.specific.groups.get().name for task in workflow.tasks] == [SECRETARIAT_GROUP]
    assert pages["pl"]["news"].get_workflow().name != practices.REVIEW_WORKFLOW
    practices.practice_publishing_ensure()  # again: nothing doubles
    assert authors.page_permissions.count() == 3 and secretariat.page_permissions.count() == 9


def _practice_form(association, **changes) -> dict:
    category = PracticeCategory.objects.get_or_create(slug="energia", defaults={"name_pl": "Efektywność energetyczna"})[0]
    return practice_admin_form(association=association, categories=[category], **changes)


@pytest.fixture
def editor_client(library):
    association = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    editor = UserFactory(username="zgl.redaktor")
    member_services.role_grant(user=editor, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    LocalGovernmentFactory(code="0802032", name="Bytnica")
    client = Client()
    client.force_login(editor)
    return client, editor, association


def _add_url(library) -> str:
    return reverse("wagtailadmin_pages:add", args=["cms", "goodpracticepage", library.pk])


def test_association_editor_submits_a_practice_to_the_secretariats_review(editor_client, library):
    client, editor, association = editor_client
    response = client.post(_add_url(library), _practice_form(association))
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = GoodPracticePage.objects.get(slug="wspolne-zakupy-energii-dla-szkol")
    assert not practice.live and practice.owner == editor and practice.association == association
    assert practice.workflow_in_progress
    assert practice.current_workflow_task.name == practices.REVIEW_TASK
    assert list(practice.local_governments.values_list("code", flat=True)) == ["0802032"]
    assert client.get(LIBRARY["pl"] + "wspolne-zakupy-energii-dla-szkol/").status_code == 404


def test_association_editor_cannot_publish(editor_client, library):
    client, _editor, association = editor_client
    form = _practice_form(association)
    del form["action-submit"]
    form["action-publish"] = "Publish"
    response = client.post(_add_url(library), form)
    assert response.status_code == 302
    practice = GoodPracticePage.objects.get(slug="wspolne-zakupy-energii-dla-szkol")
    assert not practice.live and practice.live_revision is None and not practice.workflow_in_progress
    assert not practice.permissions_for_user(_editor).can_publish()


def test_association_editor_submits_only_for_their_association_and_existing_codes(editor_client, library):
    client, _editor, _association = editor_client
    response = client.post(_add_url(library), _practice_form(AssociationFactory(), local_governments="0802032, 9999999"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"association", "local_governments"}
    assert "9999999" in errors["local_governments"][0]
    assert not GoodPracticePage.objects.exists()


def test_secretariat_approves_the_review_and_the_practice_is_published(editor_client, library, secretariat, client):
    editor_http, _editor, association = editor_client
    editor_http.post(_add_url(library), _practice_form(association))
    practice = GoodPracticePage.objects.get(slug="wspolne-zakupy-energii-dla-szkol")
    task_state = practice.current_workflow_task_state
    assert task_state.task.specific.user_can_access_editor(practice, secretariat)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[practice.pk, "approve", task_state.pk]),
        {"comment": "Dziękujemy, publikujemy."},
    )
    assert response.status_code in (200, 302)
    practice.refresh_from_db()
    assert practice.live and not practice.workflow_in_progress
    assert _titles(Client().get(LIBRARY["pl"])) == ["Wspólne zakupy energii dla szkół"]


def test_secretariat_can_publish_directly(library, secretariat, client):
    association = AssociationFactory()
    LocalGovernmentFactory(code="0802032", name="Bytnica")
    form = _practice_form(association)
    del form["action-submit"]
    form["action-publish"] = "Publish"
    response = client.post(_add_url(library), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GoodPracticePage.objects.get(slug="wspolne-zakupy-energii-dla-szkol").live


# --- Site setup and the demo -----------------------------------------------------------------------------


def test_practices_section_comes_before_news_in_a_new_site_and_an_upgraded_one():
    content = _content()
    expected = [key for key in SECTIONS if key in content["pl"]]
    assert expected.index("practices") == expected.index("news") - 1
    without = copy.deepcopy(content)
    for language in without:
        without[language].pop("practices")
    site_setup(content=without)
    assert not GoodPracticeIndexPage.objects.exists()
    added = site_sections_ensure(content=content)
    assert sorted(page.url for page in added) == sorted(LIBRARY.values())
    for language, title in (("pl", "Aktualności"), ("cs", "Aktuality"), ("en", "News")):
        home = HomePage.objects.get(locale__language_code=language)
        children = [child.specific_class for child in home.get_children()]
        assert children.index(GoodPracticeIndexPage) == [child.title for child in home.get_children()].index(title) - 1
    assert GoodPracticeIndexPage.objects.get(locale__language_code="cs").title == "Dobrá praxe"
    assert GoodPracticeIndexPage.objects.get(locale__language_code="en").get_workflow().name == practices.REVIEW_WORKFLOW


def test_demo_practices_load_once_with_translations_attachments_and_one_in_review(library):
    AssociationFactory(slug="zgl")
    assert DemoPractices(today=dt.date.today()).load() == len(PRACTICES) == 12
    counts = (
        GoodPracticePage.objects.count(),
        GoodPracticePage.objects.live().count(),
        PracticeCategory.objects.count(),
        Document.objects.count(),
        GoodPracticeAttachment.objects.count(),
    )
    assert counts == (34, 33, 7, 11, 33)
    assert GoodPracticePage.objects.filter(locale__language_code="pl", live=False).get().workflow_in_progress
    assert DemoPractices(today=dt.date.today()).load() == 0
    assert (
        GoodPracticePage.objects.count(),
        GoodPracticePage.objects.live().count(),
        PracticeCategory.objects.count(),
        Document.objects.count(),
        GoodPracticeAttachment.objects.count(),
    ) == counts


def test_load_demo_builds_the_library_with_authors_and_is_safe_to_rerun():
    call_command("load_demo")
    assert GoodPracticeIndexPage.objects.count() == 3
    assert GoodPracticePage.objects.live().filter(locale__language_code="pl").count() == 11
    with_units = GoodPracticePage.objects.filter(locale__language_code="pl", local_governments__isnull=False).distinct()
    assert with_units.count() == 10
    assert _authors() == ["ozs.admin", "ozs.redaktor", "sopr.redaktor", "ssw.redaktor", "zgl.admin", "zgl.redaktor", "zgpz.redaktor"]
    assert GoodPracticePage.objects.get(live=False).association.slug == "zgpz"
    first = (GoodPracticePage.objects.count(), Document.objects.count(), GoodPracticeAttachment.objects.count())
    call_command("load_demo")
    assert (GoodPracticePage.objects.count(), Document.objects.count(), GoodPracticeAttachment.objects.count()) == first


def test_secretariat_keeps_the_categories_in_the_admin_but_cannot_delete_them(secretariat, client):
    response = client.post(
        "/admin/practices/categories/new/", {"slug": "dialog", "name_pl": "Dialog społeczny", "name_cs": "", "name_en": ""}
    )
    assert response.status_code == 302
    category = PracticeCategory.objects.get(slug="dialog")
    assert client.get("/admin/practices/categories/").status_code == 200
    assert client.get(f"/admin/practices/categories/delete/{category.pk}/").status_code in (302, 403)
    assert PracticeCategory.objects.filter(slug="dialog").exists()
    outsider = Client()
    outsider.force_login(UserFactory(username="redaktor"))
    assert outsider.get("/admin/practices/categories/").status_code == 302
