import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.services import news_publish
from tests.factories import AssociationFactory, LocalGovernmentMembershipFactory, TermFactory

LANGUAGES = ["pl", "cs", "en"]
PAGE_KEYS = ["home", "members", "presidency", "news", "about", "contact"]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_public_page_renders_in_its_language(client, federation, language, key):
    page = federation["pages"][language][key]
    html = _get(client, page.url)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{page.title}</h1>" in html or key == "home"
    assert 'href="#main"' in html and '<main id="main"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_association_page_renders_in_each_language(client, federation, language):
    members = federation["pages"][language]["members"]
    html = _get(client, f"{members.url}zgl/")
    assert f'<html lang="{language}">' in html
    assert "Związek Gmin Lubuskich" in html
    assert "Gmina Bytnica" in html
    assert {"pl": "Transport publiczny", "cs": "Veřejná doprava", "en": "Public transport"}[language] in html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "thousands"), [("pl", "\xa0"), ("cs", "\xa0"), ("en", ",")])
def test_association_page_writes_populations_as_its_language_does(client, federation, language, thousands):
    # Polish and Czech group thousands with a non-breaking space (Django's intcomma), English with a comma.
    LocalGovernmentMembershipFactory(
        association=federation["presiding"], local_government__name="Gmina Zabór", local_government__population=12345
    )
    html = _get(client, f"{federation['pages'][language]['members'].url}zgl/")
    rows = BeautifulSoup(html, "html.parser").select("section[aria-labelledby=municipalities] tbody tr")
    populations = {row.th.get_text(): row.select_one("td.num").get_text() for row in rows}
    assert populations == {"Gmina Bytnica": f"5{thousands}000", "Gmina Zabór": f"12{thousands}345"}


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "thousands"), [("pl", "\xa0"), ("cs", "\xa0"), ("en", ",")])
def test_members_page_counts_local_governments_as_its_language_writes_numbers(client, federation, language, thousands):
    LocalGovernmentMembershipFactory.create_batch(1200, association=federation["presiding"])
    html = _get(client, federation["pages"][language]["members"].url)
    counts = {row.th.a.get_text(): row.select_one("td.num").get_text() for row in BeautifulSoup(html, "html.parser").select("tbody tr")}
    assert counts[federation["presiding"].name] == f"1{thousands}201"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_item_renders_in_each_language(client, federation, language):
    item = news_publish(
        index=federation["pages"][language]["news"],
        title=f"Wiadomość {language}",
        date=dt.date(2026, 11, 2),
        summary="Krótko.",
        body="<p>Treść.</p>",
    )
    html = _get(client, item.url)
    assert f"<h1>Wiadomość {language}</h1>" in html


@pytest.mark.django_db
def test_unknown_association_is_not_found(client, federation):
    assert client.get(f"{federation['pages']['pl']['members'].url}nie-ma-takiego/").status_code == 404


@pytest.mark.django_db
def test_home_shows_current_and_next_presidency(client, federation):
    html = _get(client, federation["pages"]["en"]["home"].url)
    current = html.index("Presiding now")
    following = html.index("Next presidency")
    assert current < html.index("Związek Gmin Lubuskich") < following < html.index("Opolski Związek Samorządów", following)
    assert 'href="/en/czlonkowie/zgl/"' in html


@pytest.mark.django_db
def test_presidency_page_lists_current_upcoming_and_past(client, federation):
    html = _get(client, federation["pages"]["en"]["presidency"].url)
    current, upcoming, past = html.index("Current presidency"), html.index("Upcoming presidencies"), html.index("Past presidencies")
    assert current < html.index("Związek Gmin Lubuskich") < upcoming < html.index("Opolski Związek Samorządów", upcoming) < past
    assert html.index("Opolski Związek Samorządów", past) > past


@pytest.mark.django_db
def test_language_switcher_links_to_translated_pages(client, federation):
    pages = federation["pages"]
    html = _get(client, pages["pl"]["members"].url + "zgl/")
    for language in ("cs", "en"):
        assert f'href="{pages[language]["members"].url}zgl/" lang="{language}"' in html
    assert 'href="/czlonkowie/zgl/" lang="pl" hreflang="pl" aria-current="true"' in html


@pytest.mark.django_db
def test_former_member_is_listed_apart(client, federation):
    AssociationFactory(name="Związek Gmin Mazurskich", slug="zgm", joined_on=dt.date(2013, 10, 29), left_on=dt.date(2016, 5, 31))
    html = _get(client, federation["pages"]["en"]["members"].url)
    assert html.index("Former members") < html.index("Związek Gmin Mazurskich")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_members_list_query_count_is_constant(client, federation):
    url = federation["pages"]["pl"]["members"].url
    _queries(client, url)  # warm per-process caches (site root, locales)
    one = _queries(client, url)
    for _ in range(49):
        association = AssociationFactory()
        LocalGovernmentMembershipFactory(association=association)
    assert _queries(client, url) == one


@pytest.mark.django_db
def test_home_query_count_is_constant(client, federation):
    url = federation["pages"]["pl"]["home"].url
    _queries(client, url)
    one = _queries(client, url)
    AssociationFactory.create_batch(49)
    assert _queries(client, url) == one


@pytest.mark.django_db
def test_association_local_governments_query_count_is_constant(client, federation):
    url = federation["pages"]["pl"]["members"].url + "zgl/"
    _queries(client, url)
    one = _queries(client, url)
    for _ in range(49):
        LocalGovernmentMembershipFactory(association=federation["presiding"])
    assert _queries(client, url) == one


@pytest.mark.django_db
def test_presidency_page_query_count_is_constant(client, federation):
    url = federation["pages"]["pl"]["presidency"].url
    _queries(client, url)
    one = _queries(client, url)
    start = federation["past"].starts_on
    for _ in range(49):
        ends_on = start - dt.timedelta(days=1)
        start = ends_on - dt.timedelta(days=180)
        TermFactory(association=AssociationFactory(joined_on=dt.date(2000, 1, 1)), starts_on=start, ends_on=ends_on)
    assert _queries(client, url) == one


@pytest.mark.django_db
def test_news_index_query_count_is_constant(client, federation):
    index = federation["pages"]["pl"]["news"]
    news_publish(index=index, title="Pierwsza", date=dt.date(2026, 1, 1), summary="S.", body="<p>B.</p>")
    _queries(client, index.url)
    one = _queries(client, index.url)
    for number in range(2, 51):
        news_publish(
            index=index, title=f"Wiadomość {number}", date=dt.date(2026, 1, 1) + dt.timedelta(days=number), summary="S.", body="<p>B.</p>"
        )
    assert _queries(client, index.url) == one


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "pl", "Nie znaleziono strony"), ("/cs", "cs", "Stránka nebyla nalezena"), ("/en", "en", "Page not found")],
)
def test_missing_page_shows_site_404_in_its_language(client, federation, prefix, language, heading):
    response = client.get(f"{prefix}/nie-ma-takiej-strony/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
