"""The PDF of an adopted position (rendered once, stored, served as stored) and the public verification page."""

import datetime as dt
import hashlib
import re
import shutil
import socket
import subprocess
import threading
import zlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from cms.models import FederationSettings
from federation.pdf import render_pdf
from positions import pdf, services
from positions.enums import AdoptionRule, Decision, IdentifierKind, PositionStatus
from positions.models import Position, PositionDocument
from tests.factories import (
    AssociationFactory,
    DraftActFactory,
    DraftActIdentifierFactory,
    PositionFactory,
    published_position_make,
)

ONE_DAY = dt.timedelta(days=1)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

TITLE = "Zażółć gęślą jaźń – stanowisko w sprawie finansowania zadań oświatowych"
POINTS = [
    {"text": "Federacja popiera kierunek zmian w finansowaniu zadań oświatowych.", "subpoints": []},
    {
        "text": "Federacja wnosi o:",
        "subpoints": ["zwiększenie części oświatowej subwencji o 10%,", "waloryzację stawek na ucznia co roku."],
    },
    {"text": "Zmiany powinny wejść w życie od 1 stycznia 2027 r.", "subpoints": []},
]
JUSTIFICATION = "Samorządy od lat dopłacają do zadań oświatowych z dochodów własnych.\n\nProjekt nie uwzględnia „kosztów stałych” szkół."

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext comes from poppler-utils: run `make test`")


# --- Building a published position through the services ------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WAGTAILADMIN_BASE_URL = "https://federacja.example.pl"


@pytest.fixture
def letterhead(site_pages):
    FederationSettings.objects.update(street_address="ul. Piłsudskiego 12", postal_code="67-100", city="Nowa Sól", email="biuro@ft.example")
    return site_pages


def _signing(position, fed, *, deadline=None):
    services.position_transition(position=position, to=PositionStatus.FINAL, by=fed.people.zgl_editor)
    services.position_transition(
        position=position, to=PositionStatus.SIGNING, by=fed.people.ozs_admin, signing_deadline=deadline or fed.today + 14 * ONE_DAY
    )
    return Position.objects.select_related("current_version").get(pk=position.pk)


def _decide(position, association, user, decision=Decision.SIGNED, reservation=""):
    return services.signature_record(
        position=position,
        association=association,
        decision=decision,
        by=user,
        text_sha256=position.current_version.sha256,
        reservation=reservation,
    )


def _publish(position, fed, capture, **kwargs):
    with capture(execute=True):  # the PDF task runs after commit, as in production
        services.position_transition(
            position=position, to=PositionStatus.PUBLISHED, by=fed.people.ozs_admin, adopted_place="Nowa Sól", **kwargs
        )
    return Position.objects.select_related("current_version").get(pk=position.pk)


def _adopt(fed, capture, *, title=TITLE, points=POINTS, decisions=None, rule=AdoptionRule.ALL_MEMBERS, minimum=None):
    """A position led by ZGL on a Sejm print, signed as `decisions` says, published: its PDF is stored."""
    draft_act = DraftActFactory(title="Rządowy projekt ustawy o zmianie ustawy o systemie oświaty")
    DraftActIdentifierFactory(draft_act=draft_act, kind=IdentifierKind.SEJM_PRINT, value="2184-A")
    position = services.position_create(
        lead_association=fed.zgl,
        title=title,
        points=points,
        preamble="Federacja, działając w imieniu zrzeszonych samorządów, przedstawia następujące stanowisko.",
        justification=JUSTIFICATION,
        by=fed.people.zgl_editor,
        draft_acts=[draft_act],
        addressees="Minister Edukacji\nSejmowa Komisja Samorządu Terytorialnego",
        forum="Zarząd Federacji",
        adoption_rule=rule,
        adoption_minimum=minimum,
    )
    position = _signing(position, fed)
    people = fed.people
    decisions = decisions or {}
    for association, user in [
        (fed.zgl, people.zgl_signatory),
        (fed.ozs, people.ozs_signatory),
        (fed.smo, people.smo_signatory),
        (fed.zgp, people.zgp_signatory),
    ]:
        decision = decisions.get(association.short_name, Decision.SIGNED)
        if decision is not None:
            _decide(position, association, user, decision, reservation="Nie popieramy pkt 3." if decision == Decision.ABSTAINED else "")
    return _publish(position, fed, capture)


def _stored(position) -> PositionDocument:
    return PositionDocument.objects.get(version_id=position.current_version_id)


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout


def _inflated(content: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, XMP metadata) inflated, to look for markers."""
    out = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(out)


@pytest.fixture
def adopted(fed, letterhead, django_capture_on_commit_callbacks):
    """Adopted by all four: ZGP abstains with a reservation."""
    return _adopt(fed, django_capture_on_commit_callbacks, decisions={"ZGP": Decision.ABSTAINED})


# --- The stored PDF -------------------------------------------------------------------------------------


def test_publishing_stores_the_pdf_with_its_hash_and_size(adopted):
    document = _stored(adopted)
    content = document.file.read()
    assert document.file.name == f"positions/pdf/{adopted.adopted_on.year}/{adopted.slug}.pdf"
    assert (document.size, document.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert content.startswith(b"%PDF-")


def test_a_czech_federations_pdf_writes_its_dates_as_czech_does(adopted, settings):
    settings.LANGUAGE_CODE = "cs"

    html = pdf.position_html(version=adopted.current_version)

    day = adopted.adopted_on
    assert f"Nowa Sól, {day.day}. {day.month}. {day.year}" in html
    signed = re.findall(r'<td class="col-date">([^<]+)</td>', html)
    assert len(signed) == 4
    assert all(re.fullmatch(r"\d{1,2}\. \d{1,2}\. \d{4}", value) for value in signed), signed


def test_pdf_text_has_the_letterhead_reference_text_signatories_and_verification(adopted, fed, tmp_path):
    document = _stored(adopted)
    text = _text(document.file.read(), tmp_path)
    flat = re.sub(r"\s+", " ", text)
    version = adopted.current_version

    assert "Federacja Testowa" in flat
    assert "ul. Piłsudskiego 12, 67-100 Nowa Sól" in flat
    assert adopted.reference in flat
    assert f"Nowa Sól, {adopted.adopted_on:%d.%m.%Y}" in flat
    assert "Zarząd Federacji" in flat
    assert "Minister Edukacji" in flat
    assert "2184-A" in flat
    assert "Zażółć gęślą jaźń" in flat
    assert "a) zwiększenie części oświatowej subwencji o 10%," in flat
    assert "b) waloryzację stawek na ucznia co roku." in flat
    assert "„kosztów stałych”" in flat
    for association in fed.all:
        assert association.name in flat
    for user in (fed.people.zgl_signatory, fed.people.ozs_signatory, fed.people.smo_signatory, fed.people.zgp_signatory):
        assert user.get_full_name() in flat
    assert "Předseda" in flat
    assert "Nie popieramy pkt 3." in flat
    assert version.sha256 in flat
    assert f"https://federacja.example.pl/verify/{version.sha256}/" in re.sub(r"\s+", "", text)
    assert fed.ozs.name in flat  # the presidency


def test_pdf_pages_are_numbered_strona_x_z_n(adopted, tmp_path):
    text = _text(_stored(adopted).file.read(), tmp_path)
    pages = text.count("\f")
    assert pages >= 1
    numbers = re.findall(r"Strona (\d+) z (\d+)", text)
    assert numbers == [(str(n), str(pages)) for n in range(1, pages + 1)]


def test_pdf_is_tagged_pdf_ua_with_the_language_and_title(adopted):
    content = _inflated(_stored(adopted).file.read())
    assert b"/StructTreeRoot" in content
    assert b"pdfuaid" in content
    assert b"/Lang (pl)" in content


def test_pdf_leaves_out_a_declined_signature(fed, letterhead, django_capture_on_commit_callbacks, tmp_path):
    position = _adopt(fed, django_capture_on_commit_callbacks, decisions={"ZGP": Decision.DECLINED}, rule=AdoptionRule.AT_LEAST, minimum=3)
    text = re.sub(r"\s+", " ", _text(_stored(position).file.read(), tmp_path))
    assert fed.smo.name in text
    assert fed.zgp.name not in text
    assert "ZGP" not in text
    assert fed.people.zgp_signatory.get_full_name() not in text


def test_pdf_lists_tacit_consent_under_the_tacit_rule(fed, letterhead, django_capture_on_commit_callbacks, tmp_path):
    position = services.position_create(
        lead_association=fed.zgl, title=TITLE, points=POINTS, by=fed.people.zgl_editor, adoption_rule=AdoptionRule.TACIT_CONSENT
    )
    position = _signing(position, fed, deadline=fed.today + 2 * ONE_DAY)
    _decide(position, fed.ozs, fed.people.ozs_signatory)
    position = _publish(position, fed, django_capture_on_commit_callbacks, today=fed.today + 3 * ONE_DAY)

    text = re.sub(r"\s+", " ", _text(_stored(position).file.read(), tmp_path))
    with translation.override("pl"):
        tacit = gettext("tacit consent")
    assert text.count(tacit) == 3
    for association in (fed.zgl, fed.smo, fed.zgp):
        assert association.name in text
    assert fed.people.ozs_signatory.get_full_name() in text


def test_pdf_prints_markup_in_a_point_as_text_and_fetches_nothing(fed, letterhead, django_capture_on_commit_callbacks, tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.settimeout(0.3)
        port = listener.getsockname()[1]
        markup = f'<img src="http://127.0.0.1:{port}/x.png"> <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
        points = [{"text": f"Punkt z obrazkiem {markup}", "subpoints": []}]
        position = _adopt(fed, django_capture_on_commit_callbacks, points=points)

        text = re.sub(r"\s+", " ", _text(_stored(position).file.read(), tmp_path))
        assert f'<img src="http://127.0.0.1:{port}/x.png">' in text
        with pytest.raises(TimeoutError):
            listener.accept()


def test_render_pdf_fetches_no_external_resource_even_from_raw_markup():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.settimeout(0.3)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        content = render_pdf(
            f'<html lang="pl"><head><title>T</title><link rel="stylesheet" href="{url}/a.css"></head>'
            f'<body><img src="{url}/x.png" alt=""><p style="background: url({url}/b.png)">Tekst</p></body></html>'
        )
        assert content.startswith(b"%PDF-")
        with pytest.raises(TimeoutError):
            listener.accept()


def test_document_ensure_twice_keeps_one_file_and_one_row(adopted):
    first = _stored(adopted)
    again = pdf.document_ensure(version_id=adopted.current_version_id)

    assert (again.pk, again.file.name, again.sha256, again.rendered_at) == (first.pk, first.file.name, first.sha256, first.rendered_at)
    assert PositionDocument.objects.count() == 1
    folder = Path(django_settings.MEDIA_ROOT) / "positions" / "pdf" / str(adopted.adopted_on.year)
    assert [path.name for path in folder.iterdir()] == [f"{adopted.slug}.pdf"]


def test_document_ensure_after_an_interrupted_attempt_replaces_its_file(fed):
    """A worker killed after writing the file but before committing the row left a file without a row:
    the next attempt writes over it, so the version still has one file."""
    position = published_position_make(lead_association=fed.zgl, reference_number=5)
    folder = Path(django_settings.MEDIA_ROOT) / "positions" / "pdf" / "2026"
    folder.mkdir(parents=True)
    (folder / f"{position.slug}.pdf").write_bytes(b"%PDF-1.7 half written")

    document = pdf.document_ensure(version_id=position.current_version_id)

    assert document.file.name == f"positions/pdf/2026/{position.slug}.pdf"
    assert [path.name for path in folder.iterdir()] == [f"{position.slug}.pdf"]
    content = (folder / f"{position.slug}.pdf").read_bytes()
    assert (document.size, document.sha256) == (len(content), hashlib.sha256(content).hexdigest())


def test_document_ensure_shortens_a_long_slug_to_a_name_of_its_own(fed):
    slug = "2026-06-" + "stanowisko-w-sprawie-bardzo-dlugiego-tytulu-" * 2
    position = published_position_make(lead_association=fed.zgl, reference_number=6)
    Position.objects.filter(pk=position.pk).update(slug=slug[:80])

    document = pdf.document_ensure(version_id=position.current_version_id)

    suffix = f"-v{position.current_version_id}.pdf"
    assert document.file.name.startswith(f"positions/pdf/2026/{slug[:40]}")
    assert document.file.name.endswith(suffix)
    assert len(document.file.name) <= PositionDocument._meta.get_field("file").max_length


def test_document_ensure_refuses_a_draft_and_an_earlier_version(fed):
    draft = PositionFactory(lead_association=fed.zgl)
    with pytest.raises(ValueError):
        pdf.document_ensure(version_id=draft.current_version_id)

    position = published_position_make(lead_association=fed.zgl, reference_number=7)
    earlier = position.current_version
    later = earlier.__class__.objects.create(
        position=position, number=2, title=earlier.title, points=earlier.points, sha256="f" * 64, justification="Inne."
    )
    Position.objects.filter(pk=position.pk).update(current_version=later)
    with pytest.raises(ValueError):
        pdf.document_ensure(version_id=earlier.pk)
    assert PositionDocument.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_document_ensure_racing_workers_store_one_file(settings, tmp_path):
    lead = AssociationFactory()
    position = published_position_make(lead_association=lead, reference_number=3)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(pdf.document_ensure(version_id=position.current_version_id).pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert PositionDocument.objects.count() == 1
    stored = list((Path(settings.MEDIA_ROOT) / "positions" / "pdf" / "2026").iterdir())
    assert [path.name for path in stored] == [f"{position.slug}.pdf"]


# --- Serving the stored file ----------------------------------------------------------------------------


def test_pdf_view_serves_the_stored_file_with_etag_and_long_cache(client, adopted):
    document = _stored(adopted)
    response = client.get(f"/pdf/positions/{adopted.slug}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{adopted.slug}.pdf"'
    assert response["ETag"] == f'"{document.sha256}"'
    assert response["Cache-Control"] == "public, max-age=86400, immutable"
    assert b"".join(response.streaming_content) == document.file.read()


def test_pdf_view_answers_304_to_the_same_etag(client, adopted):
    document = _stored(adopted)
    response = client.get(f"/pdf/positions/{adopted.slug}.pdf", HTTP_IF_NONE_MATCH=f'"{document.sha256}"')
    assert response.status_code == 304
    assert response["ETag"] == f'"{document.sha256}"'
    assert response.content == b""
    assert client.get(f"/pdf/positions/{adopted.slug}.pdf", HTTP_IF_NONE_MATCH='"0000"').status_code == 200


def test_pdf_view_renders_a_document_the_task_has_not_stored_yet(client, fed):
    position = published_position_make(lead_association=fed.zgl, reference_number=4)
    assert PositionDocument.objects.count() == 0

    response = client.get(f"/pdf/positions/{position.slug}.pdf")

    assert response.status_code == 200
    assert response["ETag"] == f'"{PositionDocument.objects.get().sha256}"'


@pytest.mark.parametrize("status", [PositionStatus.DRAFT, PositionStatus.CONSULTATION, PositionStatus.SIGNING, PositionStatus.WITHDRAWN])
def test_pdf_view_is_404_for_a_position_that_is_not_public(client, fed, status):
    published_position_make(lead_association=fed.zgl, reference_number=1)
    hidden = PositionFactory(lead_association=fed.zgl, status=status, slug="2026-09-tajne-stanowisko")

    response = client.get(f"/pdf/positions/{hidden.slug}.pdf")

    assert response.status_code == 404
    assert PositionDocument.objects.filter(version__position=hidden).count() == 0
    assert b"%PDF" not in response.content


# --- The verification page ------------------------------------------------------------------------------


def test_verify_page_shows_the_adopted_text_and_its_signatories(client, adopted, fed):
    version = adopted.current_version
    response = client.get(f"/en/verify/{version.sha256}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This is the text signed by the member associations and adopted as joint position" in html
    assert adopted.reference in html
    assert version.sha256 in html
    assert "Zażółć gęślą jaźń" in html
    assert "waloryzację stawek na ucznia co roku." in html
    for association in fed.all:
        assert association.name in html
    assert fed.people.smo_signatory.get_full_name() in html
    assert f'href="/pdf/positions/{adopted.slug}.pdf"' in html


def test_verify_page_is_404_for_the_hash_of_a_draft_version(client, fed, letterhead):
    draft = PositionFactory(lead_association=fed.zgl)
    response = client.get(f"/en/verify/{draft.current_version.sha256}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "No adopted text has this code" in html
    assert draft.title not in html


def test_verify_page_is_404_for_an_earlier_version_of_a_published_position(client, fed, letterhead, django_capture_on_commit_callbacks):
    position = services.position_create(lead_association=fed.zgl, title="Wersja robocza", points=POINTS[:1], by=fed.people.zgl_editor)
    first_sha = position.current_version.sha256
    services.version_save(position=position, base_number=1, title=TITLE, points=POINTS, by=fed.people.zgl_editor)
    position = _signing(position, fed)
    for association, user in [
        (fed.zgl, fed.people.zgl_signatory),
        (fed.ozs, fed.people.ozs_signatory),
        (fed.smo, fed.people.smo_signatory),
        (fed.zgp, fed.people.zgp_signatory),
    ]:
        _decide(position, association, user)
    _publish(position, fed, django_capture_on_commit_callbacks)

    assert client.get(f"/en/verify/{first_sha}/").status_code == 404


def test_verify_page_explains_a_malformed_code(client, letterhead):
    response = client.get("/en/verify/not-a-code/")
    assert response.status_code == 404
    assert "This is not a verification code." in response.content.decode()


def test_verify_lookup_redirects_a_pasted_code_and_keeps_a_wrong_one(client, adopted):
    sha = adopted.current_version.sha256
    response = client.get("/en/verify/", {"code": f"  {sha[:32].upper()}\n{sha[32:]} "})
    assert (response.status_code, response["Location"]) == (302, f"/en/verify/{sha}/")

    response = client.get("/en/verify/", {"code": "12345"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="12345"' in html
    assert "A verification code has 64 characters" in html


def test_verify_page_queries_do_not_grow_with_signatories(client, fed, letterhead, django_capture_on_commit_callbacks):
    one = _adopt(
        fed,
        django_capture_on_commit_callbacks,
        title="Jeden podpis",
        rule=AdoptionRule.AT_LEAST,
        minimum=1,
        decisions={"OZS": None, "SMO": None, "ZGP": None},
    )
    four = _adopt(fed, django_capture_on_commit_callbacks, title="Cztery podpisy")

    client.get(f"/verify/{one.current_version.sha256}/")  # warm the site and locale caches
    counts = []
    for position in (one, four):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/verify/{position.current_version.sha256}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_save_pdf_pages_for_review(adopted, tmp_path):
    """Keeps the PDF and its first page as PNG in test-artifacts/ for a human look (and checks they render)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm comes from poppler-utils")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "position.pdf"
    target.write_bytes(_stored(adopted).file.read())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(ARTIFACTS / "position-page")], check=True)
    assert list(ARTIFACTS.glob("position-page-*.png"))
