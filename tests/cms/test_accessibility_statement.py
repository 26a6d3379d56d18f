"""The accessibility statement page: the Polish "deklaracja dostępności" (Act of 4 April 2019, with the
element ids the Ministry of Digital Affairs' technical conditions define) and the Czech "prohlášení
o přístupnosti" (Act No. 99/2019 Coll.), in the language of the page, built from the demo content.

Fixed texts are compared with the catalogue's translation of their English source (`gettext` in the
page's language), so the assertions stay exact before and after the Polish and Czech catalogues."""

import copy
import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext, pgettext

from cms.demo.accessibility import ACCESSIBILITY_SECTION
from cms.models import AccessibilityStatementPage
from cms.services import site_setup
from tests.conftest import SITE_CONTENT

LANGUAGES = ["pl", "cs", "en"]
# The ids of the Polish statement's template; each appears exactly once.
POLISH_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-zakres",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-data-przeglad",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-aplikacje",
    "a11y-architektura",
    "a11y-komunikacja",
]
ACT_PL = "the Act of 4 April 2019 on the digital accessibility of websites and mobile applications of public bodies"


def _(language: str, message: str, context: str = "") -> str:
    with translation.override(language):
        return pgettext(context, message) if context else gettext(message)


def _soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _text(element) -> str:
    return " ".join(element.get_text().split())


def _statement(soup) -> BeautifulSoup:
    return soup.find("article", class_="statement")


@pytest.fixture
def statements(db):
    """The site in three languages with the demo statements: Polish law in Polish and English, Czech law in Czech."""
    content = copy.deepcopy(SITE_CONTENT)
    for language in LANGUAGES:
        content[language]["accessibility"] = ACCESSIBILITY_SECTION[language]
    federation = {
        "name_pl": "Federacja Testowa",
        "name_cs": "Testovací federace",
        "name_en": "Test Federation",
        "street_address": "ul. Samorządowa 12",
        "postal_code": "65-001",
        "city": "Zielona Góra",
    }
    return site_setup(content=content, federation=federation)


def _update(page: AccessibilityStatementPage, **fields) -> None:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


# --- Poland ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
def test_polish_statement_has_the_sections_of_the_template_in_order(client, statements, language):
    statement = _statement(_soup(client, statements[language]["accessibility"].url))
    assert _text(statement.h1) == ACCESSIBILITY_SECTION[language]["title"]
    assert [_text(h2) for h2 in statement.find_all("h2")] == [
        _(language, "Digital accessibility status"),
        _(language, "Content that is not accessible"),
        _(language, "Preparation of the accessibility statement and its updates"),
        _(language, "Facilities, limitations and other information"),
        _(language, "Keyboard shortcuts", "accessibility statement"),
        _(language, "Feedback and contact details"),
        _(language, "Handling of requests and complaints concerning accessibility"),
        _(language, "Other information"),
    ]
    assert [_text(h3) for h3 in statement.find_all("h3")] == [
        _(language, "Non-compliance with the annex to the Act"),
        _(language, "Content not covered by the Act"),
        _(language, "Mobile applications"),
        _(language, "Architectural accessibility"),
        _(language, "Information and communication accessibility"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
def test_polish_statement_carries_each_id_of_the_template_once(client, statements, language):
    soup = _soup(client, statements[language]["accessibility"].url)
    assert {identifier: len(soup.find_all(id=identifier)) for identifier in POLISH_IDS} == dict.fromkeys(POLISH_IDS, 1)
    assert soup.find(id="a11y-podmiot").get_text() == ACCESSIBILITY_SECTION[language]["entity_name"]
    assert soup.find(id="a11y-url")["href"] == f"http://localhost{statements[language]['home'].url}"
    assert soup.find(id="a11y-osoba").get_text() == "Agnieszka Wróblewska"
    assert soup.find(id="a11y-email")["href"] == "mailto:dostepnosc@pros.example.org"
    assert soup.find(id="a11y-telefon")["href"] == "tel:+48680000000"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "published", "updated", "prepared", "reviewed"),
    [
        ("pl", "2 marca 2026", "2 listopada 2026", "2 marca 2026", "16 listopada 2026"),
        ("en", "2 March 2026", "2 November 2026", "2 March 2026", "16 November 2026"),
    ],
)
def test_polish_statement_dates_are_times_written_in_the_page_language(
    client, statements, language, published, updated, prepared, reviewed
):
    soup = _soup(client, statements[language]["accessibility"].url)
    dates = {
        "a11y-data-publikacja": ("2026-03-02", published),
        "a11y-data-aktualizacja": ("2026-11-02", updated),
        "a11y-data-sporzadzenie": ("2026-03-02", prepared),
        "a11y-data-przeglad": ("2026-11-16", reviewed),
    }
    for identifier, (iso, written) in dates.items():
        element = soup.find(id=identifier)
        assert (element.name, element["datetime"], element.get_text()) == ("time", iso, written)
    assert _text(soup.find(id="a11y-data-publikacja").parent) == f"{_(language, 'Date of publication of the website:')} {published}"


@pytest.mark.django_db
def test_polish_statement_intro_names_the_body_the_act_and_the_website(client, statements):
    intro = _soup(client, statements["en"]["accessibility"].url).find(id="a11y-wstep")
    assert _text(intro) == (
        f"Accord of Regional Local-Government Organisations undertakes to make its website accessible in accordance with "
        f"{ACT_PL}. This accessibility statement applies to the website Test Federation."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("compliance", "sentence"),
    [
        ("full", f"This website is compliant with {ACT_PL}."),
        ("partial", f"This website is partially compliant with {ACT_PL} due to the non-compliances or exemptions listed below."),
        ("none", f"This website is not compliant with {ACT_PL} due to the non-compliances or exemptions listed below."),
    ],
)
def test_polish_statement_states_the_compliance_status(client, statements, compliance, sentence):
    page = statements["en"]["accessibility"]
    _update(page, compliance=compliance)
    assert _text(_soup(client, page.url).find(id="a11y-status")) == sentence


@pytest.mark.django_db
def test_polish_statement_lists_content_that_is_not_accessible_and_why(client, statements):
    statement = _statement(_soup(client, statements["en"]["accessibility"].url))
    heading = statement.find("h3", string="Non-compliance with the annex to the Act")
    items = [_text(item) for item in heading.find_next("div").find_all("li")]
    assert items[0].startswith("PDFs and other attachments that member associations upload")
    assert items[0].endswith("On request we provide their content in an accessible form.")
    exemptions = statement.find("h3", string="Content not covered by the Act").find_next("div")
    assert "comes from third parties: we neither produce nor fund it, and it is not under our control." in _text(exemptions)
    assert "tagged PDFs conforming to PDF/UA" in _text(statement)


@pytest.mark.django_db
def test_fully_compliant_statement_without_exceptions_has_no_inaccessible_content_section(client, statements):
    page = statements["en"]["accessibility"]
    _update(page, compliance="full", non_accessible_content="", exemptions="")
    headings = [_text(h2) for h2 in _statement(_soup(client, page.url)).find_all("h2")]
    assert "Content that is not accessible" not in headings
    assert headings[0] == "Digital accessibility status"


@pytest.mark.django_db
def test_polish_statement_names_the_method_and_leaves_out_a_review_not_yet_made(client, statements):
    page = statements["en"]["accessibility"]
    soup = _soup(client, page.url)
    assert "The statement was prepared on the basis of a self-assessment carried out by the public body." in _text(soup)
    _update(page, reviewed_on=page.prepared_on, method="external", assessed_by="Fundacja Widzialni")
    soup = _soup(client, page.url)
    assert soup.find(id="a11y-data-przeglad") is None
    assert soup.find(id="a11y-data-sporzadzenie")["datetime"] == "2026-03-02"
    assert soup.find(id="a11y-audytor").get_text() == "Fundacja Widzialni"
    assert "an assessment carried out by an external body: Fundacja Widzialni." in _text(soup)


@pytest.mark.django_db
def test_polish_statement_describes_the_request_and_complaint_procedure(client, statements):
    procedure = _soup(client, statements["en"]["accessibility"].url).find(id="a11y-procedura")
    text = _text(procedure)
    assert "Everyone has the right to request that the digital accessibility of a website" in text
    assert "no later than within 7 days of the day it was made" in text
    assert "may not be later than 2 months from the day the request was made" in text
    assert "may lodge a complaint about the digital accessibility" in text
    assert "After exhausting this procedure, you can also submit an application to the Commissioner for Human Rights." in text
    link = procedure.find("a", href="https://www.rpo.gov.pl/")
    assert _text(link) == "Website of the Commissioner for Human Rights"


@pytest.mark.django_db
def test_polish_statement_has_shortcuts_apps_building_and_communication(client, statements):
    soup = _soup(client, statements["en"]["accessibility"].url)
    statement = _text(_statement(soup))
    assert "This website has no keyboard shortcuts of its own." in statement
    assert (
        _text(soup.find(id="a11y-aplikacje"))
        == "Mobile applications Accord of Regional Local-Government Organisations does not publish any mobile applications."
    )
    architecture = _text(soup.find(id="a11y-architektura"))
    assert architecture.startswith("Architectural accessibility Address of the seat: ul. Samorządowa 12, 65-001 Zielona Góra")
    assert "There is one marked parking space for disabled people" in architecture
    assert _text(soup.find(id="a11y-komunikacja")) == (
        "Information and communication accessibility You can contact us in writing by e-mail at dostepnosc@pros.example.org "
        "or by telephone at +48 68 000 00 00."
    )


# --- Czechia --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_czech_statement_has_the_sections_of_the_decree_in_order(client, statements):
    statement = _statement(_soup(client, statements["cs"]["accessibility"].url))
    assert _text(statement.h1) == "Prohlášení o přístupnosti"
    assert [_text(h2) for h2 in statement.find_all("h2")] == [
        _("cs", "Compliance status"),
        _("cs", "Content that is not accessible"),
        _("cs", "Preparation of this accessibility statement"),
        _("cs", "Feedback and contact details"),
        _("cs", "Enforcement procedure"),
        _("cs", "Other information"),
    ]
    assert [_text(h3) for h3 in statement.find_all("h3")] == [
        _("cs", "Non-compliance with Act No. 99/2019 Coll."),
        _("cs", "Content outside the scope of the Act"),
    ]
    assert statement.find(id="a11y-wstep") is None  # the Polish template's ids belong to the Polish statement


@pytest.mark.django_db
def test_czech_statement_intro_cites_act_99_2019_and_the_website(client, statements, settings):
    page = statements["cs"]["accessibility"]
    paragraphs = _statement(_soup(client, page.url)).find_all("p")
    with translation.override("cs"):
        intro = gettext(
            "%(entity)s undertakes to make its website accessible in accordance with Act No. 99/2019 Coll., on the "
            "accessibility of websites and mobile applications and amending Act No. 365/2000 Coll., on public "
            "administration information systems and amending certain other acts, as amended."
        ) % {"entity": "Dohoda regionálních organizací samospráv"}
    assert _text(paragraphs[0]) == intro
    assert paragraphs[1].find("a")["href"] == "http://localhost/cs/"
    assert _text(paragraphs[1].find("a")) == "Testovací federace"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("compliance", "sentence"),
    [
        ("full", "This website is fully compliant with Act No. 99/2019 Coll."),
        (
            "partial",
            "This website is partially compliant with Act No. 99/2019 Coll. due to the non-compliances and exemptions listed below.",
        ),
        ("none", "This website is not compliant with Act No. 99/2019 Coll. The non-compliances and exemptions are listed below."),
    ],
)
def test_czech_statement_states_the_compliance_status(client, statements, compliance, sentence):
    page = statements["cs"]["accessibility"]
    _update(page, compliance=compliance)
    status = _statement(_soup(client, page.url)).find("h2").find_next("p")
    assert _text(status) == _("cs", sentence)


@pytest.mark.django_db
def test_czech_statement_dates_its_preparation_in_czech(client, statements):
    statement = _statement(_soup(client, statements["cs"]["accessibility"].url))
    times = [(time["datetime"], time.get_text()) for time in statement.find_all("time")]
    assert times == [("2026-03-02", "2. března 2026"), ("2026-11-16", "16. listopadu 2026")]
    assert _("cs", "The statement was prepared on the basis of a self-assessment carried out by the obliged entity.") in _text(statement)


@pytest.mark.django_db
def test_czech_statement_gives_contacts_and_the_enforcement_body(client, statements):
    statement = _statement(_soup(client, statements["cs"]["accessibility"].url))
    text = _text(statement)
    assert f"{_('cs', 'Contact person:')} Agnieszka Wróblewska" in text
    assert statement.find("a", href="mailto:dostepnosc@pros.example.org") is not None
    assert (
        _(
            "cs",
            "If you are not satisfied with the answer to your notification or request, you can turn to the supervisory authority, "
            "the Digital and Information Agency.",
        )
        in text
    )
    link = statement.find("a", href="https://www.dia.gov.cz/")
    assert _text(link) == _("cs", "Website of the Digital and Information Agency")


# --- Reaching it ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "url", "title"),
    [
        ("pl", "/deklaracja-dostepnosci/", "Deklaracja dostępności"),
        ("cs", "/cs/prohlaseni-o-pristupnosti/", "Prohlášení o přístupnosti"),
        ("en", "/en/accessibility-statement/", "Accessibility statement"),
    ],
)
def test_footer_links_the_statement_in_the_page_language_not_the_main_menu(client, statements, language, url, title):
    soup = _soup(client, statements[language]["home"].url)
    assert [_text(link) for link in soup.find("footer").find_all("a", href=url)] == [title]
    assert soup.find("nav", class_="main-nav").find("a", href=url) is None
    assert statements[language]["accessibility"].url == url


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_statement_page_links_its_translations(client, statements, language):
    soup = _soup(client, statements[language]["accessibility"].url)
    languages = {link["hreflang"]: link["href"] for link in soup.find("nav", class_="languages").find_all("a")}
    assert languages == {"pl": "/deklaracja-dostepnosci/", "cs": "/cs/prohlaseni-o-pristupnosti/", "en": "/en/accessibility-statement/"}


@pytest.mark.django_db
def test_demo_statements_pass_the_page_validation():
    for language, fields in ACCESSIBILITY_SECTION.items():
        page = AccessibilityStatementPage(**fields)
        page.clean()
        assert page.reviewed_on >= page.prepared_on >= dt.date(2026, 1, 1), language
    assert {language: fields["jurisdiction"] for language, fields in ACCESSIBILITY_SECTION.items()} == {"pl": "PL", "cs": "CZ", "en": "PL"}
