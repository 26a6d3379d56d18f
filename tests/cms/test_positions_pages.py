"""The public face of joint positions: the list with filters and search, each position's page, the draft
acts with public stances, the Atom feed and the sitemap. Leak tests first create what could leak."""

import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import factory
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.enums import RoleKind
from members.services import role_grant
from positions import services as position_services
from positions.enums import AdoptionRule, Decision, IdentifierKind, PositionStatus, Stance
from positions.models import Comment, Signature
from tests.factories import (
    AssociationFactory,
    DraftActFactory,
    DraftActIdentifierFactory,
    PositionFactory,
    TopicFactory,
    UserFactory,
    published_position_make,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LANGUAGES = ["pl", "cs", "en"]


class SignatureFactory(factory.django.DjangoModelFactory):
    """A decision on the position's current text, as `signature_record` leaves it."""

    class Meta:
        model = Signature

    position = factory.SubFactory(PositionFactory)
    version = factory.LazyAttribute(lambda signature: signature.position.current_version)
    association = factory.SubFactory(AssociationFactory)
    signer = factory.SubFactory(UserFactory)
    signer_name = factory.Sequence(lambda n: f"Prezes Testowy {n}")
    signer_function = "Prezes Zarządu"
    decision = Decision.SIGNED
    text_sha256 = factory.LazyAttribute(lambda signature: signature.version.sha256)


def _get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


@pytest.fixture
def world(federation):
    """Public positions, and beside them everything that must never reach the public pages."""
    zgl, ozs = federation["presiding"], federation["following"]
    smo = AssociationFactory(name="Svaz měst a obcí Libereckého kraje", short_name="SMO", slug="smo", country="CZ")
    zgp = AssociationFactory(name="Związek Gmin Pomorskich", short_name="ZGP", slug="zgp")
    water = TopicFactory(
        slug="gospodarka-wodna", name_pl="Gospodarka wodna", name_cs="Vodní hospodářství", name_en="Water management", lead_association=zgl
    )
    finance = TopicFactory(
        slug="finanse", name_pl="Finanse lokalne", name_cs="Místní finance", name_en="Local finance", lead_association=ozs
    )
    bill = DraftActFactory(title="Projekt ustawy o retencji wód", stance=Stance.SUPPORT_WITH_AMENDMENTS, stance_is_public=True)
    DraftActIdentifierFactory(draft_act=bill, kind=IdentifierKind.SEJM_PRINT, value="2188", url="https://www.sejm.gov.pl/druk/2188")
    DraftActIdentifierFactory(draft_act=bill, kind=IdentifierKind.GOVERNMENT_LIST, value="UD123")
    hidden_bill = DraftActFactory(title="Projekt rozporządzenia o opłatach śmieciowych", stance=Stance.OPPOSE, stance_is_public=False)

    adopted_on = federation["past"].starts_on + dt.timedelta(days=20)
    old = published_position_make(
        lead_association=zgl,
        reference_number=4,
        adopted_on=dt.date(2025, 5, 20),
        status=PositionStatus.SUPERSEDED,
        title="Stanowisko w sprawie małej retencji",
        topic=water,
        published_at=dt.datetime(2025, 5, 21, 10, 0, tzinfo=dt.UTC),
    )
    current = published_position_make(
        lead_association=zgl,
        reference_number=7,
        adopted_on=adopted_on,
        title="Stanowisko w sprawie retencji korytowej",
        topic=water,
        term=federation["past"],
        forum="Zarząd Federacji",
        addressees="Minister Infrastruktury\nSejmowa Komisja Samorządu Terytorialnego",
        adoption_rule=AdoptionRule.AT_LEAST,
        adoption_minimum=1,
        supersedes=old,
        published_at=dt.datetime.combine(adopted_on, dt.time(12, 0), tzinfo=dt.UTC),
        text__points=[
            {"text": "Federacja popiera budowę zbiorników retencyjnych.", "subpoints": []},
            {"text": "Federacja wnosi o:", "subpoints": ["finansowanie z budżetu państwa,", "uproszczenie procedur."]},
        ],
        text__justification="Susze coraz częściej dotykają gmin.",
    )
    current.draft_acts.add(bill)
    SignatureFactory(position=current, association=zgl)
    SignatureFactory(position=current, association=ozs, decision=Decision.ABSTAINED, reservation="Zastrzeżenie do punktu 2.")
    SignatureFactory(
        position=current,
        association=smo,
        decision=Decision.DECLINED,
        reservation="Sprzeciw SMO wobec punktu 1.",
        resolution_file="positions/resolutions/2026/uchwala-smo-sprzeciw.pdf",
    )
    finance_position = published_position_make(
        lead_association=ozs,
        reference_number=8,
        adopted_on=adopted_on,
        title="Stanowisko w sprawie dochodów gmin",
        topic=finance,
        published_at=dt.datetime.combine(adopted_on, dt.time(13, 0), tzinfo=dt.UTC),
    )
    SignatureFactory(position=finance_position, association=ozs)

    draft = PositionFactory(lead_association=zgl, title="Stanowisko w sprawie retencji wód opadowych", topic=water, slug="2026-95-szkic")
    draft.draft_acts.add(bill, hidden_bill)
    correction = PositionFactory(lead_association=zgl, title="Korekta stanowiska o korytach rzek", supersedes=current)
    consultation = PositionFactory(
        lead_association=zgl, status=PositionStatus.CONSULTATION, title="Stanowisko w sprawie cyfryzacji urzędów"
    )
    consultation.draft_acts.add(bill)
    for position, text in ((consultation, "Uwaga poufna: skreślić punkt 2"), (current, "Uwaga wewnętrzna do punktu 1")):
        Comment.objects.create(position=position, version=position.current_version, association=ozs, text=text)
    final = PositionFactory(
        lead_association=zgl, status=PositionStatus.FINAL, title="Stanowisko w sprawie ochrony zabytków", slug="2026-97-final"
    )
    signing = PositionFactory(
        lead_association=zgl, status=PositionStatus.SIGNING, title="Stanowisko w sprawie transportu zbiorowego", slug="2026-98-podpisy"
    )
    SignatureFactory(position=signing, association=zgl)
    SignatureFactory(
        position=signing,
        association=zgp,
        decision=Decision.DECLINED,
        reservation="Odmowa ZGP.",
        resolution_file="positions/resolutions/2026/uchwala-zgp-odmowa.pdf",
    )
    withdrawn = PositionFactory(
        lead_association=zgl, status=PositionStatus.WITHDRAWN, title="Stanowisko w sprawie opłat targowych", slug="2026-99-wycofane"
    )
    return SimpleNamespace(
        pages=federation["pages"],
        zgl=zgl,
        ozs=ozs,
        smo=smo,
        zgp=zgp,
        water=water,
        finance=finance,
        bill=bill,
        hidden_bill=hidden_bill,
        old=old,
        current=current,
        finance_position=finance_position,
        public=[current, finance_position, old],
        hidden=[draft, correction, consultation, final, signing, withdrawn],
        term=federation["past"],
    )


# Whatever the public pages show, none of this: titles of unpublished positions, comments, declined
# associations and their reservations, resolution files, a draft act whose stance is not public.
def _secrets(world) -> list[str]:
    return [
        *(position.title for position in world.hidden),
        "Uwaga poufna",
        "Uwaga wewnętrzna",
        "Svaz měst a obcí",
        "SMO",
        "Związek Gmin Pomorskich",
        "ZGP",
        "Sprzeciw SMO",
        "Odmowa ZGP",
        "uchwala-",
        "resolutions/",
        world.hidden_bill.title,
    ]


def _public_urls(world) -> list[str]:
    urls = []
    for language in LANGUAGES:
        index = world.pages[language]["positions"].url
        urls += [
            index,
            index + "?q=retencji",
            index + "?q=opadowych",
            index + "?q=cyfryzacji",
            index + f"?draft_act={world.bill.pk}",
            index + "projekty/",
            index + "feed/",
            *(f"{index}{position.slug}/" for position in world.public),
        ]
    return urls + ["/sitemap.xml"]


@pytest.fixture
def other_editor(world):
    """An editor of a member association that does not lead the positions: they see internals in the
    workspace, never on the public site."""
    user = UserFactory(username="ozs.redaktor", first_name="Ewa", last_name="Nowak")
    role_grant(user=user, association=world.ozs, kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    client = Client()
    client.force_login(user)
    return client


# --- Leaks ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["anonymous", "other_editor"])
def test_public_position_pages_never_show_internal_records(request, client, world, viewer):
    visitor = request.getfixturevalue("other_editor") if viewer == "other_editor" else client
    for url in _public_urls(world):
        html = _get(visitor, url)
        leaked = [secret for secret in _secrets(world) if secret in html]
        assert leaked == [], url


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["anonymous", "other_editor"])
def test_unpublished_position_is_not_found(request, client, world, viewer):
    visitor = request.getfixturevalue("other_editor") if viewer == "other_editor" else client
    index = world.pages["pl"]["positions"].url
    for slug in ("2026-95-szkic", "2026-96-uwagi", "2026-97-final", "2026-98-podpisy", "2026-99-wycofane", "nie-ma-takiego"):
        assert visitor.get(f"{index}{slug}/").status_code == 404, slug


@pytest.mark.django_db
def test_position_index_lists_public_positions_only(client, world):
    html = _get(client, world.pages["en"]["positions"].url)
    assert "3 positions" in html
    titles = [world.finance_position.title, world.current.title, world.old.title]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)  # newest adoption first, then the higher number
    assert html.count('class="status-badge status-badge--superseded"') == 1
    assert html.index(world.old.title) < html.index("superseded", html.index(world.old.title))
    for reference in ("FT/2025/04", f"FT/{world.current.adopted_on.year}/07"):
        assert reference in html


@pytest.mark.django_db
def test_search_finds_only_public_positions(client, world):
    index = world.pages["en"]["positions"].url
    html = _get(client, index + "?q=retencji")
    assert world.current.title in html and world.old.title in html
    assert world.finance_position.title not in html
    assert "Stanowisko w sprawie retencji wód opadowych" not in html
    html = _get(client, index + "?q=opadowych")  # a word of the draft's title only
    assert '<h2 id="results-heading" class="results-count">0 positions</h2>' in html
    assert "No adopted position matches these filters." in html
    assert '<ol class="position-list"' not in html


@pytest.mark.django_db
def test_search_reads_the_text_of_the_points(client, world):
    html = _get(client, world.pages["en"]["positions"].url + "?q=zbiorników")
    assert world.current.title in html
    assert world.old.title not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=finanse", ["finance_position"]),
        ("topic=gospodarka-wodna", ["current", "old"]),
        ("year=2025", ["old"]),
        ("association=ozs", ["current", "finance_position"]),
        ("association=zgl", ["current"]),
        ("draft_act={bill}", ["current"]),
        ("term={term}", ["current"]),
        ("topic=gospodarka-wodna&q=korytowej", ["current"]),
    ],
)
def test_position_index_filters(client, world, query, expected):
    html = _get(client, world.pages["en"]["positions"].url + "?" + query.format(bill=world.bill.pk, term=world.term.pk))
    shown = [name for name in ("current", "finance_position", "old") if getattr(world, name).title in html]
    assert shown == expected


@pytest.mark.django_db
def test_position_index_filter_choices_are_public_facts_only(client, world):
    html = _get(client, world.pages["en"]["positions"].url)
    start = html.index('<form class="filters"')
    form = html[start : html.index("</form>", start)]
    assert '<option value="finanse">Local finance</option>' in form
    assert '<option value="gospodarka-wodna">Water management</option>' in form
    assert '<option value="2025">2025</option>' in form
    assert '<option value="zgl">Związek Gmin Lubuskich</option>' in form
    assert '<option value="ozs">Opolski Związek Samorządów</option>' in form
    assert f'<option value="{world.bill.pk}">{world.bill.title}</option>' in form
    assert "Transport publiczny" not in form  # a topic without an adopted position


@pytest.mark.django_db
def test_position_index_unknown_choice_shows_an_error_and_keeps_the_rest(client, world):
    html = _get(client, world.pages["en"]["positions"].url + "?topic=nie-ma&year=2025")
    assert 'class="errorlist' in html
    assert world.old.title in html and world.current.title not in html


@pytest.mark.django_db
def test_position_index_paginates_and_keeps_filters(client, world):
    for number in range(10, 35):
        published_position_make(lead_association=world.zgl, reference_number=number, adopted_on=dt.date(2024, 1, 1), topic=world.finance)
    index = world.pages["en"]["positions"].url
    html = _get(client, index + "?topic=finanse")
    assert "26 positions" in html
    assert html.count('<li class="position-item') == 20
    assert 'href="?topic=finanse&amp;page=2"' in html
    html = _get(client, index + "?topic=finanse&page=2")
    assert html.count('<li class="position-item') == 6


@pytest.mark.django_db
def test_position_index_query_count_is_constant(client, world):
    def make(number):
        position = published_position_make(
            lead_association=world.ozs,
            reference_number=number,
            adopted_on=dt.date(2024, 1, 1) + dt.timedelta(days=number),
            topic=world.finance if number % 2 == 0 else TopicFactory(lead_association=world.zgl),
            term=world.term,
        )
        position.draft_acts.add(DraftActFactory())
        SignatureFactory(position=position, association=world.ozs)

    index = world.pages["pl"]["positions"].url
    urls = [index, index + f"?q=stanowisko&topic=finanse&year=2024&association=ozs&term={world.term.pk}"]
    make(10)
    for url in urls:
        _queries(client, url)  # warm per-process caches (site root, locales)
    one = {url: _queries(client, url) for url in urls}
    for number in range(11, 40):
        make(number)
    assert {url: _queries(client, url) for url in urls} == one
    assert "15 positions" in _get(client, world.pages["en"]["positions"].url + urls[1][len(index) :])


# --- The position's page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_position_page_shows_the_adopted_text(client, world):
    position = world.current
    html = _get(client, f"{world.pages['en']['positions'].url}{position.slug}/")
    assert f'<h1 id="position-title">{position.title}</h1>' in html
    assert f"FT/{position.adopted_on.year}/07" in html
    assert "Zarząd Federacji" in html
    assert "Nowa Sól" in html
    text = html[html.index('<ol class="points">') : html.index("</ol>\n          ")]
    assert text.index("1.") < text.index("Federacja popiera budowę") < text.index("2.") < text.index("Federacja wnosi o:")
    assert text.index("a)</span> <span>finansowanie z budżetu państwa,") < text.index("b)</span> <span>uproszczenie procedur.")
    assert "Susze coraz częściej dotykają gmin." in html
    assert "<li>Minister Infrastruktury</li>" in html and "<li>Sejmowa Komisja Samorządu Terytorialnego</li>" in html
    assert 'Sejm print: <a href="https://www.sejm.gov.pl/druk/2188" rel="external">2188</a>' in html
    assert "government legislative list number: UD123" in html
    assert world.bill.title in html
    assert "Opolski Związek Samorządów (" in html  # the presidency under which it was adopted


@pytest.mark.django_db
def test_position_page_shows_signatures_and_abstentions_but_never_an_objection(client, world):
    html = _get(client, f"{world.pages['en']['positions'].url}{world.current.slug}/")
    table = html[html.index('<table class="table signatures"') : html.index("</table>")]
    assert table.index("Opolski Związek Samorządów") < table.index("Związek Gmin Lubuskich")
    assert "abstains" in table and "Zastrzeżenie do punktu 2." in table and "signs" in table
    assert "Svaz" not in table and "declines" not in table
    # ZGL, OZS, SMO and ZGP were members on the day of adoption; SMO's objection is not named.
    assert "Adopted: signed by 1 of 4; OZS abstains, with a reservation." in html


@pytest.mark.django_db
def test_position_page_links_pdf_and_verification(client, world):
    version = world.current.current_version
    html = _get(client, f"{world.pages['en']['positions'].url}{world.current.slug}/")
    assert f'href="/pdf/positions/{world.current.slug}.pdf"' in html
    assert f'href="/en/verify/{version.sha256}/"' in html
    assert f"<code>{version.sha256}</code>" in html


@pytest.mark.django_db
def test_superseded_and_superseding_positions_link_both_ways(client, world):
    index = world.pages["en"]["positions"].url
    old = _get(client, f"{index}{world.old.slug}/")
    assert "This position has been superseded by" in old
    assert f'href="{index}{world.current.slug}/">{world.current.reference} {world.current.title}</a>' in old
    current = _get(client, f"{index}{world.current.slug}/")
    assert f'Supersedes: <a href="{index}{world.old.slug}/">' in current
    assert "Superseded by:" not in current  # the correction superseding it is still a draft


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_position_page_renders_in_each_language(client, world, language):
    index = world.pages[language]["positions"]
    html = _get(client, f"{index.url}{world.current.slug}/")
    assert f'<html lang="{language}">' in html
    assert world.current.title in html
    assert f'href="{world.pages["cs"]["positions"].url}{world.current.slug}/" lang="cs"' in html


@pytest.mark.django_db
def test_position_page_has_open_graph_and_feed_links(client, world):
    index = world.pages["en"]["positions"].url
    html = _get(client, f"{index}{world.current.slug}/")
    head = html[: html.index("</head>")]
    assert '<meta property="og:type" content="article">' in head
    assert f'<meta property="og:title" content="{world.current.reference} {world.current.title}">' in head
    assert f'<meta property="og:url" content="http://testserver{index}{world.current.slug}/">' in head
    assert f'<link rel="alternate" type="application/atom+xml" title="Adopted positions (Atom feed)" href="{index}feed/">' in head
    index_head = _get(client, index)
    assert f'type="application/atom+xml" title="Adopted positions (Atom feed)" href="{index}feed/"' in index_head


@pytest.mark.django_db
def test_position_page_query_count_does_not_grow_with_signatures(client, world):
    url = f"{world.pages['pl']['positions'].url}{world.current.slug}/"
    _queries(client, url)
    one = _queries(client, url)
    for _ in range(20):
        SignatureFactory(position=world.current, association=AssociationFactory(joined_on=dt.date(2000, 1, 1)))
        world.current.draft_acts.add(DraftActFactory())
    assert _queries(client, url) == one


# --- Draft acts -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_draft_acts_page_shows_public_stances_with_public_positions(client, world):
    html = _get(client, world.pages["en"]["positions"].url + "projekty/")
    assert world.bill.title in html
    assert "Our stance: support with amendments" in html
    assert "in consultation" in html and "Poland" in html
    assert 'Sejm print: <a href="https://www.sejm.gov.pl/druk/2188" rel="external">2188</a>' in html
    assert world.current.title in html
    assert world.hidden_bill.title not in html


@pytest.mark.django_db
def test_draft_acts_page_query_count_is_constant(client, world):
    url = world.pages["pl"]["positions"].url + "projekty/"
    _queries(client, url)
    one = _queries(client, url)
    for number in range(30):
        bill = DraftActFactory(stance_is_public=True, topic=world.finance, lead_association=world.ozs)
        DraftActIdentifierFactory(draft_act=bill)
        published_position_make(lead_association=world.zgl, reference_number=100 + number, topic=world.water).draft_acts.add(bill)
    assert _queries(client, url) == one


# --- Feed, sitemap, home --------------------------------------------------------------------------------


def _feed(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.find(f"{ATOM}updated").text,
            "summary": entry.find(f"{ATOM}summary").text,
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.mark.django_db
def test_feed_lists_published_positions_newest_first(client, world):
    index = world.pages["en"]["positions"].url
    entries = _feed(client, index + "feed/")
    assert [entry["title"] for entry in entries] == [
        f"{world.finance_position.reference} {world.finance_position.title}",
        f"{world.current.reference} {world.current.title}",
    ]
    assert entries[1]["link"] == f"http://localhost{index}{world.current.slug}/"
    assert entries[1]["updated"] == world.current.published_at.isoformat()
    assert "<li>Federacja popiera budowę zbiorników retencyjnych.</li>" in entries[1]["summary"]


@pytest.mark.django_db
def test_feed_filters_by_topic_and_association(client, world):
    index = world.pages["pl"]["positions"].url
    assert [entry["title"] for entry in _feed(client, index + "feed/?topic=finanse")] == [
        f"{world.finance_position.reference} {world.finance_position.title}"
    ]
    assert [entry["title"] for entry in _feed(client, index + "feed/?association=zgl")] == [
        f"{world.current.reference} {world.current.title}"
    ]
    assert _feed(client, index + "feed/?association=smo") == []  # it objected: not a signatory
    assert client.get(index + "feed/?topic=nie-ma").status_code == 404


@pytest.mark.django_db
def test_sitemap_lists_every_public_position_in_every_language(client, world):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    entries = {
        url.find(f"{SITEMAP}loc").text: getattr(url.find(f"{SITEMAP}lastmod"), "text", None)
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url")
    }
    position_entries = {loc: lastmod for loc, lastmod in entries.items() if "/stanowiska/" in loc and not loc.endswith("/stanowiska/")}
    expected = {}
    for language in LANGUAGES:
        index = world.pages[language]["positions"].url
        assert f"http://localhost{index}" in entries
        for position in world.public:
            expected[f"http://localhost{index}{position.slug}/"] = position.published_at.date().isoformat()
    assert position_entries == expected
    assert "http://localhost/en/czlonkowie/" in entries


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client, world):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_home_shows_the_three_latest_published_positions(client, world):
    for number, day in ((20, 1), (21, 2)):
        published_position_make(
            lead_association=world.zgl, reference_number=number, adopted_on=world.current.adopted_on + dt.timedelta(days=day)
        )
    html = _get(client, world.pages["en"]["home"].url)
    section = html[html.index('id="positions-heading"') : html.index("All positions")]
    assert section.count('<li class="position-item') == 3
    year = world.current.adopted_on.year
    assert section.index(f"FT/{year}/21") < section.index(f"FT/{year}/20") < section.index(world.finance_position.title)
    assert world.current.title not in section
    assert f'href="{world.pages["en"]["positions"].url}"' in html[html.index('id="positions-heading"') :]


@pytest.mark.django_db
def test_home_query_count_is_constant_with_positions(client, world):
    url = world.pages["pl"]["home"].url
    _queries(client, url)
    one = _queries(client, url)
    for number in range(20, 40):
        published_position_make(lead_association=AssociationFactory(), reference_number=number, topic=TopicFactory())
    assert _queries(client, url) == one


# --- Published through the services ---------------------------------------------------------------------


@pytest.mark.django_db
def test_position_published_through_the_services_appears_on_the_site(client, federation, secretariat, today):
    zgl = federation["presiding"]
    editor, signatory = UserFactory(username="zgl.redaktor"), UserFactory(username="zgl.prezes", first_name="Anna", last_name="Lis")
    role_grant(user=editor, association=zgl, kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    role_grant(user=signatory, association=zgl, kind=RoleKind.SIGNATORY, title="Prezes Zarządu", starts_on=dt.date(2020, 1, 1))
    position = position_services.position_create(
        lead_association=zgl,
        title="Stanowisko w sprawie dróg gminnych",
        preamble="Zarząd Federacji, obradując w Zielonej Górze, przyjmuje stanowisko.",
        points=[{"text": "Drogi gminne wymagają stałego finansowania.", "subpoints": []}],
        by=editor,
        adoption_rule=AdoptionRule.AT_LEAST,
        adoption_minimum=1,
    )
    position_services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
    position_services.position_transition(position=position, to=PositionStatus.SIGNING, by=secretariat, signing_deadline=today)
    position_services.signature_record(
        position=position, association=zgl, decision=Decision.SIGNED, by=signatory, text_sha256=position.current_version.sha256
    )
    position_services.position_transition(position=position, to=PositionStatus.PUBLISHED, by=secretariat, adopted_place="Zielona Góra")
    index = federation["pages"]["en"]["positions"].url
    anonymous = Client()
    html = _get(anonymous, f"{index}{position.slug}/")
    assert "Zarząd Federacji, obradując w Zielonej Górze, przyjmuje stanowisko." in html
    assert "Anna Lis" in html and "Prezes Zarządu" in html
    assert position.title in _get(anonymous, index + "?q=drogi")
    assert f"{index}{position.slug}/" in _get(anonymous, "/sitemap.xml")
