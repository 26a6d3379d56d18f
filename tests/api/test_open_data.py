"""The open-data files (CSV) and the open-data page: exact content, formula-safe cells, nothing that is not
public, fixed query counts, ETags; the page in each language."""

import csv
import hashlib
import io

import pytest
from django.urls import reverse

from positions.enums import Decision
from positions.models import Position
from tests.api.conftest import SignatureFactory
from tests.factories import AssociationFactory, TopicFactory, published_position_make

HOST = "http://testserver"


@pytest.fixture(autouse=True)
def _pages(site):
    """Addresses of positions and events are on the pages of the site."""


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_positions_csv_lists_public_positions_in_order_of_adoption(client, world):
    old, position = world.old, world.position
    assert _rows(client.get("/open-data/positions.csv")) == [
        [
            "reference",
            "title",
            "topic_pl",
            "topic_cs",
            "topic_en",
            "lead_association",
            "adopted_on",
            "adopted_place",
            "status",
            "sha256",
            "url",
            "pdf_url",
        ],
        [
            "FT/2025/01",
            "Stanowisko w sprawie retencji wody",
            "",
            "",
            "",
            "Svaz měst a obcí Libereckého kraje",
            "2025-05-20",
            "Nowa Sól",
            "superseded",
            old.current_version.sha256,
            f"{HOST}/stanowiska/2025-01-stanowisko/",
            f"{HOST}/pdf/positions/2025-01-stanowisko.pdf",
        ],
        [
            "FT/2026/02",
            "Stanowisko w sprawie finansowania oświaty",
            "Finanse lokalne",
            "Místní finance",
            "",
            "Związek Gmin Lubuskich",
            "2026-03-12",
            "Nowa Sól",
            "published",
            position.current_version.sha256,
            f"{HOST}/stanowiska/2026-02-stanowisko/",
            f"{HOST}/pdf/positions/2026-02-stanowisko.pdf",
        ],
    ]


def test_signatures_csv_lists_public_signatures_by_position_then_association(client, world):
    today = world.today.isoformat()
    old_hash, hash_ = world.old.current_version.sha256, world.position.current_version.sha256
    assert _rows(client.get("/open-data/signatures.csv")) == [
        ["position_reference", "association", "decision", "signed_on", "signer_name", "signer_function", "text_sha256"],
        ["FT/2025/01", "Svaz měst a obcí Libereckého kraje", "signed", today, "Jan Novák", "Předseda", old_hash],
        ["FT/2026/02", "Svaz měst a obcí Libereckého kraje", "abstained", today, "Jan Novák", "Předseda", hash_],
        ["FT/2026/02", "Związek Gmin Lubuskich", "signed", today, "Anna Lis", "Prezes Zarządu", hash_],
    ]


def test_csv_files_are_utf8_without_a_byte_order_mark(client, world):
    content = client.get("/open-data/positions.csv").content
    assert content.startswith(b"reference,")
    assert "Nowa Sól".encode() in content


def test_csv_files_never_carry_what_is_not_public(client, world):
    content = client.get("/open-data/positions.csv").content.decode() + client.get("/open-data/signatures.csv").content.decode()
    secrets = ["Tajne stanowisko", "tajne-", "Piotr Sprzeciw", "Dawny Podpis", "Podpis Projektu", "declined", "Związek Sprzeciwu"]
    assert [secret for secret in secrets if secret in content] == []


def test_csv_cells_that_start_like_a_formula_are_written_as_text(client, world):
    Position.objects.filter(pk=world.position.pk).update(title='=HYPERLINK("http://evil.example")', adopted_place="+48 Sól")
    world.signed.signer_function = "@SUM(A1)"
    world.signed.save(update_fields=["signer_function"])
    positions = _rows(client.get("/open-data/positions.csv"))
    signatures = _rows(client.get("/open-data/signatures.csv"))
    assert (positions[2][1], positions[2][7]) == ('\'=HYPERLINK("http://evil.example")', "'+48 Sól")
    assert signatures[3][5] == "'@SUM(A1)"


@pytest.mark.parametrize("url", ["/open-data/positions.csv", "/open-data/signatures.csv"])
def test_csv_files_have_a_strong_etag_and_answer_304(client, world, url):
    response = client.get(url)
    etag = response.headers["ETag"]
    assert etag == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert (response.headers["Cache-Control"], response.headers["Access-Control-Allow-Origin"]) == ("public, max-age=60", "*")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{url.rsplit("/", 1)[1]}"'
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert (not_modified.status_code, not_modified.content) == (304, b"")


def test_csv_files_are_read_only(client, world):
    assert client.post("/open-data/positions.csv").status_code == 405


def _adopted(count):
    topic = TopicFactory()
    for number in range(count):
        position = published_position_make(lead_association=AssociationFactory(), reference_number=number + 1, topic=topic)
        SignatureFactory(position=position)
        SignatureFactory(position=position, decision=Decision.ABSTAINED)
        SignatureFactory(position=position, decision=Decision.DECLINED)


@pytest.mark.parametrize("count", [1, 30])
def test_positions_csv_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _adopted(count)
    # The positions, then the positions page of the site for the addresses (six queries, as in the API).
    with django_assert_num_queries(7):
        assert len(_rows(client.get("/open-data/positions.csv"))) == count + 1


@pytest.mark.parametrize("count", [1, 30])
def test_signatures_csv_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _adopted(count)
    with django_assert_num_queries(1):
        assert len(_rows(client.get("/open-data/signatures.csv"))) == 2 * count + 1


# --- The open-data page ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "language"),
    [("", "pl"), ("/cs", "cs"), ("/en", "en")],
)
def test_open_data_page_lists_files_columns_api_feeds_and_licence_in_each_language(client, world, site, prefix, language):
    url = reverse("open_data") if language == "pl" else f"{prefix}/open-data/"
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    for link in (
        'href="/open-data/positions.csv"',
        'href="/open-data/signatures.csv"',
        'href="/api/v1/openapi.json"',
        f'href="{prefix}/api/v1/docs"',
        'href="/calendar/events.ics"',
        'rel="service-desc"',
    ):
        assert link in content
    positions_page = site[language]["positions"].url
    news_page = site[language]["news"].url
    assert f'href="{positions_page}feed/"' in content
    assert f'href="{news_page}feed/"' in content
    for column in ("reference", "topic_cs", "pdf_url", "position_reference", "signer_function", "text_sha256"):
        assert f"<code>{column}</code>" in content
    assert 'id="licence"' in content


def test_open_data_page_in_english_says_reuse_is_free_with_attribution(client, world):
    content = client.get("/en/open-data/").content.decode()
    assert "You may copy, publish, combine and adapt them freely, for any purpose including commercial use" in content
    assert "provided you name the source: “Test Federation”" in content


def test_open_data_page_offers_the_other_languages(client, world):
    content = client.get("/en/open-data/").content.decode()
    assert 'hreflang="cs" href="http://testserver/cs/open-data/"' in content
    assert 'hreflang="pl" href="http://testserver/open-data/"' in content
