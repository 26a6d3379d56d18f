"""The members' workspace for positions, through the test client: who sees what, who may act, and that a
refusal keeps what the person typed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from federation.i18n import short_date
from positions import services
from positions.enums import CommentWeight, Decision, PositionStatus, Settlement
from positions.models import Comment, Position, PositionVersion, Signature
from tests.factories import POINTS, DraftActFactory, DraftActIdentifierFactory, PositionFactory

ONE_DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the view's language follows the URL prefix."""
    with translation.override("en"):
        yield


@pytest.fixture
def private_storage(tmp_path):
    """Resolution files go to a temporary directory instead of the project's private_media/."""
    storage = Signature._meta.get_field("resolution_file").storage
    saved = storage.__dict__.copy()
    storage._location = str(tmp_path)
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path
    storage.__dict__.clear()
    storage.__dict__.update(saved)


def url(name, *args, **query):
    address = reverse(f"positions:{name}", args=args)
    return address + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def login(client, user):
    client.force_login(user)
    return client


def in_consultation(fed, **kwargs):
    return PositionFactory(
        lead_association=fed.zgl, status=PositionStatus.CONSULTATION, consultation_deadline=fed.today + 10 * ONE_DAY, **kwargs
    )


def in_signing(fed):
    position = PositionFactory(lead_association=fed.zgl, title="Stanowisko w sprawie oświaty")
    services.position_transition(position=position, to=PositionStatus.FINAL, by=fed.people.zgl_editor)
    services.position_transition(
        position=position, to=PositionStatus.SIGNING, by=fed.people.ozs_admin, signing_deadline=fed.today + 14 * ONE_DAY
    )
    return Position.objects.select_related("current_version").get(pk=position.pk)


def text(response) -> str:
    return response.content.decode()


# --- Who gets in ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "edit", "versions", "comments"])
def test_position_pages_for_anonymous_redirect_to_login(client, fed, draft, name):
    response = client.get(url(name, draft.pk))

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next=/en/workspace/positions/{draft.pk}/{'' if name == 'detail' else name + '/'}"


def test_position_list_for_anonymous_redirects_to_login(client, db):
    response = client.get(url("list"))

    assert (response.status_code, response["Location"]) == (302, "/en/accounts/login/?next=/en/workspace/positions/")


@pytest.mark.parametrize("name", ["detail", "versions", "comments"])
def test_position_pages_on_a_draft_are_404_for_an_outsider(client, fed, draft, name):
    assert login(client, fed.people.outsider).get(url(name, draft.pk)).status_code == 404


@pytest.mark.parametrize("name", ["detail", "versions", "comments"])
def test_position_pages_on_a_draft_are_404_for_another_associations_editor(client, fed, draft, name):
    assert login(client, fed.people.smo_editor).get(url(name, draft.pk)).status_code == 404


@pytest.mark.parametrize("name", ["detail", "versions", "comments"])
def test_position_pages_in_consultation_open_to_another_associations_editor(client, fed, name):
    position = in_consultation(fed)

    assert login(client, fed.people.smo_editor).get(url(name, position.pk)).status_code == 200


def test_position_detail_of_a_draft_open_to_the_lead_associations_staff(client, fed, draft):
    assert login(client, fed.people.zgl_staff).get(url("detail", draft.pk)).status_code == 200


def test_position_detail_of_a_published_position_is_404_for_an_outsider_in_the_workspace(client, fed):
    """The public page shows it; the workspace (comments, versions, signatures) is for members' people."""
    position = PositionFactory(
        lead_association=fed.zgl,
        status=PositionStatus.PUBLISHED,
        reference="FT/2026/01",
        reference_year=2026,
        reference_number=1,
        adopted_on=fed.today,
    )

    assert login(client, fed.people.outsider).get(url("detail", position.pk)).status_code == 404


def test_position_detail_of_a_published_position_links_its_pdf(client, fed):
    position = PositionFactory(
        lead_association=fed.zgl,
        status=PositionStatus.PUBLISHED,
        reference="FT/2026/01",
        reference_year=2026,
        reference_number=1,
        slug="2026-01-stanowisko",
        adopted_on=fed.today,
    )

    response = login(client, fed.people.smo_editor).get(url("detail", position.pk))

    assert '<a href="/pdf/positions/2026-01-stanowisko.pdf" type="application/pdf">' in text(response)
    assert response.context["moves"] == []


def test_position_pages_answer_in_czech_under_cs(client, fed, draft):
    response = login(client, fed.people.zgl_editor).get(f"/cs/workspace/positions/{draft.pk}/")

    assert response.status_code == 200
    assert '<html lang="cs">' in text(response)


# --- The list -------------------------------------------------------------------------------------------


def test_position_list_shows_own_drafts_and_others_in_consultation(client, fed, draft):
    consultation = PositionFactory(lead_association=fed.smo, status=PositionStatus.CONSULTATION, title="Stanowisko SMO w konzultaci")
    PositionFactory(lead_association=fed.smo, title="Cizí koncept SMO")

    response = login(client, fed.people.zgl_editor).get(url("list"))

    assert response.status_code == 200
    assert [position.pk for position in response.context["positions"]] == [consultation.pk, draft.pk]
    assert "Cizí koncept SMO" not in text(response)
    assert reverse("positions:create") in text(response)


def test_position_list_for_a_person_without_a_role_shows_nothing(client, fed):
    in_consultation(fed, title="Stanowisko w konsultacjach")

    response = login(client, fed.people.outsider).get(url("list"))

    assert response.context["positions"] == []
    assert "Stanowisko w konsultacjach" not in text(response)
    assert reverse("positions:create") not in text(response)


def test_position_list_staff_sees_no_new_position_button(client, fed, draft):
    response = login(client, fed.people.zgl_staff).get(url("list"))

    assert [position.pk for position in response.context["positions"]] == [draft.pk]
    assert reverse("positions:create") not in text(response)


def test_position_list_query_count_does_not_grow_with_positions(client, fed, django_assert_num_queries):
    login(client, fed.people.zgl_editor)
    in_consultation(fed)
    client.get(url("list"))  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as one:
        client.get(url("list"))
    for _ in range(5):
        in_consultation(fed, topic=None)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url("list"))
    assert len(response.context["positions"]) == 6


# --- Creating -------------------------------------------------------------------------------------------

NOTATION = """Federacja popiera kierunek zmian.

Federacja wnosi o:
- zwiększenie subwencji,
- waloryzację stawek.

Zmiany powinny wejść w życie od 2027 r."""


def _create_data(fed, **overrides):
    data = {
        "lead_association": fed.zgl.pk,
        "title": "Stanowisko w sprawie finansowania oświaty",
        "adoption_rule": "all",
        "points": NOTATION,
        "co_drafters": [fed.ozs.pk],
        "forum": "Zarząd Federacji",
    }
    data.update(overrides)
    return data


def test_position_create_saves_the_points_from_the_notation(client, fed):
    draft_act = DraftActFactory()
    response = login(client, fed.people.zgl_editor).post(url("create"), _create_data(fed, draft_acts=[draft_act.pk]))

    position = Position.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", position.pk)
    assert (position.lead_association, position.forum, list(position.co_drafters.all()), list(position.draft_acts.all())) == (
        fed.zgl,
        "Zarząd Federacji",
        [fed.ozs],
        [draft_act],
    )
    assert position.current_version.points == [
        {"text": "Federacja popiera kierunek zmian.", "subpoints": []},
        {"text": "Federacja wnosi o:", "subpoints": ["zwiększenie subwencji,", "waloryzację stawek."]},
        {"text": "Zmiany powinny wejść w życie od 2027 r.", "subpoints": []},
    ]


def test_position_create_offers_only_associations_where_the_user_is_editor(client, fed):
    response = login(client, fed.people.zgl_editor).get(url("create"))

    assert list(response.context["form"].fields["lead_association"].queryset) == [fed.zgl]


def test_position_create_for_another_association_is_refused_and_keeps_the_text(client, fed):
    response = login(client, fed.people.zgl_editor).post(url("create"), _create_data(fed, lead_association=fed.smo.pk))

    assert response.status_code == 200
    assert Position.objects.count() == 0
    assert response.context["form"].errors["lead_association"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert "Federacja popiera kierunek zmian." in text(response)


def test_position_create_refusal_from_the_service_shows_its_message_beside_the_field(client, fed):
    response = login(client, fed.people.zgl_editor).post(url("create"), _create_data(fed, adoption_rule="at_least"))

    assert response.status_code == 200
    assert Position.objects.count() == 0
    assert response.context["form"].errors == {"adoption_minimum": ["Say how many associations must sign."]}
    assert 'role="alert"' in text(response)
    assert "Stanowisko w sprawie finansowania oświaty" in text(response)


def test_position_create_is_403_for_staff(client, fed):
    assert login(client, fed.people.zgl_staff).get(url("create")).status_code == 403


# --- The position's page --------------------------------------------------------------------------------


def test_position_detail_numbers_points_and_letters_sub_points(client, fed, draft):
    identifier = DraftActIdentifierFactory(value="2188")
    draft.draft_acts.add(identifier.draft_act)

    response = login(client, fed.people.zgl_editor).get(url("detail", draft.pk))

    page = text(response)
    assert [point["number"] for point in response.context["points"]] == [1, 2, 3]
    assert [sub["label"] for sub in response.context["points"][1]["subpoints"]] == ["a", "b"]
    assert '<span class="points__number" aria-hidden="true">b)</span> <span>waloryzację stawek na ucznia co roku.</span>' in page
    assert "Sejm print 2188" in page
    assert draft.current_version.sha256 in page


def test_position_detail_offers_the_moves_the_user_may_make(client, fed, draft):
    editor = login(client, fed.people.zgl_editor).get(url("detail", draft.pk))
    staff = login(client, fed.people.zgl_staff).get(url("detail", draft.pk))

    assert [move["to"] for move in editor.context["moves"]] == [PositionStatus.CONSULTATION, PositionStatus.FINAL, PositionStatus.WITHDRAWN]
    assert list(editor.context["moves"][0]["form"].fields) == ["consultation_deadline"]
    assert staff.context["moves"] == []


def test_position_transition_opens_consultation(client, fed, draft):
    deadline = fed.today + 7 * ONE_DAY
    response = login(client, fed.people.zgl_editor).post(
        url("transition", draft.pk), {"to": "consultation", "to-consultation-consultation_deadline": deadline.isoformat()}
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.status, draft.consultation_deadline) == (PositionStatus.CONSULTATION, deadline)


def test_position_transition_without_a_deadline_shows_why_on_the_page(client, fed, draft):
    response = login(client, fed.people.zgl_editor).post(url("transition", draft.pk), {"to": "consultation"})

    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (200, PositionStatus.DRAFT)
    assert response.context["moves"][0]["form"].errors == {"consultation_deadline": ["Set a date after today by which members comment."]}
    assert "Set a date after today by which members comment." in text(response)


def test_position_transition_keeps_the_typed_place_when_publishing_is_refused(client, fed):
    position = in_signing(fed)

    response = login(client, fed.people.ozs_admin).post(
        url("transition", position.pk), {"to": "published", "to-published-adopted_place": "Nowa Sól"}
    )

    position.refresh_from_db()
    assert (response.status_code, position.status) == (200, PositionStatus.SIGNING)
    [publish] = [move for move in response.context["moves"] if move["to"] == PositionStatus.PUBLISHED]
    assert publish["form"].non_field_errors() == ["The adoption rule is not met yet: signed by 0 of 4; 4 have not answered yet."]
    assert 'value="Nowa Sól"' in text(response)


def test_position_transition_by_staff_is_403_and_changes_nothing(client, fed, draft):
    response = login(client, fed.people.zgl_staff).post(
        url("transition", draft.pk), {"to": "consultation", "to-consultation-consultation_deadline": (fed.today + 7 * ONE_DAY).isoformat()}
    )

    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (403, PositionStatus.DRAFT)
    assert "You may not make this position “consultation among members”." in text(response)


def test_position_transition_is_404_for_an_outsider(client, fed, draft):
    response = login(client, fed.people.outsider).post(url("transition", draft.pk), {"to": "withdrawn", "to-withdrawn-reason": "x"})

    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (404, PositionStatus.DRAFT)


# --- Signing --------------------------------------------------------------------------------------------


def test_position_sign_records_the_decision_on_the_text_seen(client, fed, private_storage):
    position = in_signing(fed)

    response = login(client, fed.people.zgl_signatory).post(
        url("sign", position.pk),
        {
            "association": fed.zgl.pk,
            "decision": Decision.SIGNED,
            "mandate_body": "Zarząd ZGL",
            "mandate_date": fed.today.isoformat(),
            "text_sha256": position.current_version.sha256,
            "resolution_file": SimpleUploadedFile("uchwala.pdf", b"%PDF-1.4 uchwala", content_type="application/pdf"),
        },
    )

    signature = Signature.objects.get()
    assert response.status_code == 302
    assert (signature.association, signature.decision, signature.text_sha256, signature.signer_function) == (
        fed.zgl,
        Decision.SIGNED,
        position.current_version.sha256,
        "Prezes Zarządu",
    )
    assert signature.resolution_file.name.startswith("positions/resolutions/")
    assert (private_storage / signature.resolution_file.name).read_bytes() == b"%PDF-1.4 uchwala"


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (MINIMAL_PDF, None),
        (
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "The file is not a PDF document. Save it as PDF and upload it again.",
        ),
        (MINIMAL_PDF + b"0" * (20 * 1024 * 1024), "The file is too large: it may be at most 20.0\xa0MB."),
    ],
    ids=["pdf", "html-named-pdf", "over-20-mb"],
)
def test_position_sign_keeps_only_a_pdf_resolution_of_at_most_20_mb(client, fed, private_storage, content, error):
    position = in_signing(fed)

    response = login(client, fed.people.zgl_signatory).post(
        url("sign", position.pk),
        {
            "association": fed.zgl.pk,
            "decision": Decision.SIGNED,
            "text_sha256": position.current_version.sha256,
            "resolution_file": SimpleUploadedFile("uchwala.pdf", content, content_type="application/pdf"),
        },
    )

    stored = [path.read_bytes() for path in private_storage.rglob("*") if path.is_file()]
    if error is None:
        assert (response.status_code, Signature.objects.count(), stored) == (302, 1, [content])
    else:
        assert (response.status_code, Signature.objects.count(), stored) == (200, 0, [])
        assert response.context["sign_form"].errors["resolution_file"] == [error]
        assert error in text(response)


def test_position_sign_on_a_changed_text_records_nothing_and_keeps_the_input(client, fed):
    position = in_signing(fed)
    stale = position.current_version.sha256
    services.version_save(position=position, base_number=1, title=position.title, points=POINTS[:2], by=fed.people.zgl_editor)

    response = login(client, fed.people.zgl_signatory).post(
        url("sign", position.pk),
        {"association": fed.zgl.pk, "decision": Decision.ABSTAINED, "reservation": "Zastrzeżenie do pkt 2.", "text_sha256": stale},
    )

    assert (response.status_code, Signature.objects.count()) == (200, 0)
    assert response.context["sign_form"].non_field_errors() == [
        "The text changed since you opened it (now version 2). Read it again before you sign."
    ]
    assert "Zastrzeżenie do pkt 2." in text(response)


def test_position_sign_by_an_editor_is_403(client, fed):
    position = in_signing(fed)

    response = login(client, fed.people.zgl_editor).post(
        url("sign", position.pk), {"association": fed.zgl.pk, "decision": Decision.SIGNED, "text_sha256": position.current_version.sha256}
    )

    assert (response.status_code, Signature.objects.count()) == (403, 0)


def test_position_detail_while_signing_shows_the_code_the_form_and_the_result(client, fed):
    position = in_signing(fed)
    services.signature_record(
        position=position,
        association=fed.smo,
        decision=Decision.SIGNED,
        by=fed.people.smo_signatory,
        text_sha256=position.current_version.sha256,
    )

    response = login(client, fed.people.zgl_signatory).get(url("detail", position.pk))

    page = text(response)
    assert f'<input type="hidden" name="text_sha256" value="{position.current_version.sha256}"' in page
    assert f"<code>{position.current_version.sha256}</code>" in page
    assert "signed by 1 of 4; 3 have not answered yet" in page
    assert [(row["association"].short_name, row["state"]) for row in response.context["signing_rows"]] == [
        ("OZS", "not answered yet"),
        ("SMO", "signs"),
        ("ZGL", "not answered yet"),
        ("ZGP", "not answered yet"),
    ]
    assert list(response.context["sign_form"].fields["association"].queryset) == [fed.zgl]


def test_signature_resolution_is_downloaded_by_members_only(client, fed, private_storage):
    position = in_signing(fed)
    signature = services.signature_record(
        position=position,
        association=fed.zgl,
        decision=Decision.SIGNED,
        by=fed.people.zgl_signatory,
        text_sha256=position.current_version.sha256,
        resolution_file=SimpleUploadedFile("uchwala.pdf", b"%PDF-1.4 uchwala"),
    )
    address = url("resolution", position.pk, signature.pk)

    member = login(client, fed.people.smo_editor).get(address)
    assert member.status_code == 200
    assert b"".join(member.streaming_content) == b"%PDF-1.4 uchwala"
    assert member["Content-Disposition"] == 'attachment; filename="uchwala.pdf"'
    assert member["X-Content-Type-Options"] == "nosniff"
    assert login(client, fed.people.outsider).get(address).status_code == 404


# --- Editing the text -----------------------------------------------------------------------------------


def _text_data(position, base_number, **overrides):
    data = {
        "action": "text",
        "base_number": base_number,
        "title": position.title,
        "points": "Punkt pierwszy.\n\nPunkt drugi:\n- litera a,\n- litera b.",
        "justification": "Uzasadnienie.",
        "change_note": "Nowe brzmienie",
    }
    data.update(overrides)
    return data


def test_position_edit_saves_a_new_version(client, fed, draft):
    response = login(client, fed.people.ozs_editor).post(url("edit", draft.pk), _text_data(draft, 1))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.current_version.number, draft.current_version.change_note, draft.current_version.created_by) == (
        2,
        "Nowe brzmienie",
        fed.people.ozs_editor,
    )
    assert draft.current_version.points[1] == {"text": "Punkt drugi:", "subpoints": ["litera a,", "litera b."]}


def test_position_edit_conflict_keeps_the_users_text_and_saves_nothing(client, fed, draft):
    services.version_save(
        position=draft, base_number=1, title=draft.title, points=[{"text": "Ich punkt.", "subpoints": []}], by=fed.people.ozs_editor
    )

    response = login(client, fed.people.zgl_editor).post(
        url("edit", draft.pk), _text_data(draft, 1, points="Mój punkt, którego nie wolno zgubić.")
    )

    page = text(response)
    assert response.status_code == 409
    assert PositionVersion.objects.filter(position=draft).count() == 2
    assert "Mój punkt, którego nie wolno zgubić." in page
    assert "while you were editing version 1. Your text is kept below" in page
    assert response.context["text_form"]["base_number"].value() == 2
    assert [(row["kind"], row["old_label"], row["new_label"]) for row in response.context["conflict"]["rows"]][1] == ("changed", "1.", "1.")
    assert "<del>" in page and "<ins>" in page


def test_position_edit_after_a_conflict_saves_on_top_of_the_newer_version(client, fed, draft):
    services.version_save(
        position=draft, base_number=1, title=draft.title, points=[{"text": "Ich punkt.", "subpoints": []}], by=fed.people.ozs_editor
    )
    login(client, fed.people.zgl_editor)
    first = client.post(url("edit", draft.pk), _text_data(draft, 1, points="Mój punkt."))

    second = client.post(url("edit", draft.pk), _text_data(draft, first.context["text_form"]["base_number"].value(), points="Mój punkt."))

    draft.refresh_from_db()
    assert second.status_code == 302
    assert (draft.current_version.number, draft.current_version.points) == (3, [{"text": "Mój punkt.", "subpoints": []}])


def test_position_edit_is_403_for_an_editor_of_another_association(client, fed):
    position = in_consultation(fed)

    get = login(client, fed.people.smo_editor).get(url("edit", position.pk))
    post = client.post(url("edit", position.pk), _text_data(position, 1))

    assert (get.status_code, post.status_code) == (403, 403)
    assert PositionVersion.objects.filter(position=position).count() == 1


def test_position_edit_details_by_the_lead(client, fed, draft):
    draft_act = DraftActFactory()

    response = login(client, fed.people.zgl_editor).post(
        url("edit", draft.pk),
        {"action": "details", "forum": "Zarząd", "adoption_rule": "at_least", "adoption_minimum": 3, "draft_acts": [draft_act.pk]},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.forum, draft.adoption_rule, draft.adoption_minimum, list(draft.draft_acts.all()), list(draft.co_drafters.all())) == (
        "Zarząd",
        "at_least",
        3,
        [draft_act],
        [],
    )


def test_position_edit_details_refused_by_the_service_keeps_the_input(client, fed, draft):
    response = login(client, fed.people.zgl_editor).post(
        url("edit", draft.pk), {"action": "details", "forum": "Zarząd Federacji XYZ", "adoption_rule": "at_least"}
    )

    draft.refresh_from_db()
    assert (response.status_code, draft.forum) == (200, "")
    assert response.context["details_form"].errors == {"adoption_minimum": ["Say how many associations must sign."]}
    assert 'value="Zarząd Federacji XYZ"' in text(response)


def test_position_edit_co_drafter_edits_text_but_not_details(client, fed, draft):
    response = login(client, fed.people.ozs_editor).get(url("edit", draft.pk))

    assert response.status_code == 200
    assert (response.context["text_form"] is not None, response.context["details_form"]) == (True, None)


# --- Versions -------------------------------------------------------------------------------------------


def test_version_list_and_compare_show_hashes_and_changes(client, fed, draft):
    points = [POINTS[0], {"text": "Federacja wnosi stanowczo o:", "subpoints": POINTS[1]["subpoints"]}, POINTS[2]]
    version = services.version_save(
        position=draft, base_number=1, title=draft.title, points=points, justification="Uzasadnienie stanowiska.", by=fed.people.zgl_editor
    )
    login(client, fed.people.zgl_editor)

    listing = client.get(url("versions", draft.pk))
    compare = client.get(url("compare", draft.pk, a=1, b=2))

    assert [v.number for v in listing.context["versions"]] == [2, 1]
    assert version.sha256 in text(listing)
    changed = [row for row in compare.context["rows"] if row["kind"] != "same"]
    assert len(changed) == 1
    assert changed[0]["new_label"] == "2."
    assert '<ins><span class="visually-hidden">[added:] </span>stanowczo </ins>' in changed[0]["new_html"]


def test_version_compare_with_a_missing_version_is_404(client, fed, draft):
    assert login(client, fed.people.zgl_editor).get(url("compare", draft.pk, a=1, b=7)).status_code == 404


# --- Comments -------------------------------------------------------------------------------------------


def _comment_data(fed, **overrides):
    data = {
        "action": "comment",
        "association": fed.smo.pk,
        "provision": "2.2",
        "weight": CommentWeight.FUNDAMENTAL,
        "text": "Waloryzacja powinna uwzględniać inflację.",
        "proposed_wording": "waloryzację stawek o wskaźnik inflacji,",
        "justification": "Koszty rosną.",
    }
    data.update(overrides)
    return data


def test_comment_submit_on_a_sub_point(client, fed):
    position = in_consultation(fed)

    response = login(client, fed.people.smo_editor).post(url("comments", position.pk), _comment_data(fed))

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("comments", position.pk) + f"#comment-{comment.pk}"
    assert (comment.association, comment.point, comment.subpoint, comment.weight, comment.author) == (
        fed.smo,
        2,
        2,
        CommentWeight.FUNDAMENTAL,
        fed.people.smo_editor,
    )


def test_comment_submit_for_an_association_not_ones_own_is_refused(client, fed):
    position = in_consultation(fed)

    response = login(client, fed.people.smo_editor).post(url("comments", position.pk), _comment_data(fed, association=fed.zgl.pk))

    assert (response.status_code, Comment.objects.count()) == (200, 0)
    assert "Waloryzacja powinna uwzględniać inflację." in text(response)


def test_comment_submit_after_the_deadline_shows_the_services_message(client, fed):
    position = in_consultation(fed)
    Position.objects.filter(pk=position.pk).update(consultation_deadline=fed.today - ONE_DAY)

    response = login(client, fed.people.smo_editor).post(url("comments", position.pk), _comment_data(fed))

    assert (response.status_code, Comment.objects.count()) == (200, 0)
    assert response.context["comment_form"].non_field_errors() == [f"Comments were due by {short_date(fed.today - ONE_DAY)}."]
    assert "Waloryzacja powinna uwzględniać inflację." in text(response)


def test_comment_submit_outside_consultation_is_403(client, fed, draft):
    response = login(client, fed.people.zgl_editor).post(url("comments", draft.pk), _comment_data(fed, association=fed.zgl.pk))

    assert (response.status_code, Comment.objects.count()) == (403, 0)


def test_comment_settle_by_the_lead(client, fed):
    position = in_consultation(fed)
    comment = services.comment_submit(
        position=position, association=fed.smo, by=fed.people.smo_editor, text_="Uwaga.", weight=CommentWeight.FUNDAMENTAL, point=2
    )

    response = login(client, fed.people.zgl_editor).post(
        url("comments", position.pk),
        {"action": "settle", "comment": comment.pk, f"comment-{comment.pk}-settlement": Settlement.ACCEPTED},
    )

    comment.refresh_from_db()
    assert response.status_code == 302
    assert (comment.settlement, comment.settled_by) == (Settlement.ACCEPTED, fed.people.zgl_editor)


def test_comment_settle_rejection_without_reply_keeps_the_choice(client, fed):
    position = in_consultation(fed)
    comment = services.comment_submit(
        position=position, association=fed.smo, by=fed.people.smo_editor, text_="Uwaga.", weight="recommendation"
    )

    response = login(client, fed.people.zgl_editor).post(
        url("comments", position.pk),
        {
            "action": "settle",
            "comment": comment.pk,
            f"comment-{comment.pk}-settlement": Settlement.REJECTED,
            f"comment-{comment.pk}-reply": " ",
        },
    )

    comment.refresh_from_db()
    assert (response.status_code, comment.settlement) == (200, Settlement.PENDING)
    [row] = response.context["rows"]
    assert row["settle_form"].errors == {"reply": ["Say why the comment is not accepted in full."]}
    assert '<option value="rejected" selected>' in text(response)


def test_comment_settle_by_another_association_is_403(client, fed):
    position = in_consultation(fed)
    comment = services.comment_submit(
        position=position, association=fed.smo, by=fed.people.smo_editor, text_="Uwaga.", weight="recommendation"
    )

    response = login(client, fed.people.smo_editor).post(
        url("comments", position.pk), {"action": "settle", "comment": comment.pk, f"comment-{comment.pk}-settlement": Settlement.ACCEPTED}
    )

    comment.refresh_from_db()
    assert (response.status_code, comment.settlement) == (403, Settlement.PENDING)


def test_comment_list_shows_the_table_and_forms_by_role(client, fed):
    position = in_consultation(fed)
    services.comment_submit(
        position=position,
        association=fed.smo,
        by=fed.people.smo_editor,
        text_="Uwaga do lit. b.",
        weight="fundamental",
        point=2,
        subpoint=2,
    )

    lead = login(client, fed.people.zgl_editor).get(url("comments", position.pk))
    staff = login(client, fed.people.zgl_staff).get(url("comments", position.pk))

    [row] = lead.context["rows"]
    assert (row["provision"], row["comment"].text) == ("2 b)", "Uwaga do lit. b.")
    assert row["settle_form"] is not None and lead.context["comment_form"] is not None
    assert [choice[0] for choice in lead.context["comment_form"].fields["provision"].choices] == ["", "1", "2", "2.1", "2.2", "3"]
    assert (staff.context["rows"][0]["settle_form"], staff.context["comment_form"]) == (None, None)


def test_comment_list_query_count_does_not_grow_with_comments(client, fed, django_assert_num_queries):
    position = in_consultation(fed)

    def comment(n):
        services.comment_submit(
            position=position, association=fed.smo, by=fed.people.smo_editor, text_=f"Uwaga {n}.", weight="recommendation"
        )

    comment(0)
    login(client, fed.people.zgl_editor)
    client.get(url("comments", position.pk))  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as one:
        client.get(url("comments", position.pk))
    for n in range(1, 6):
        comment(n)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url("comments", position.pk))
    assert len(response.context["rows"]) == 6


def test_comment_export_downloads_the_table(client, fed):
    position = in_consultation(fed)
    services.comment_submit(position=position, association=fed.smo, by=fed.people.smo_editor, text_="Uwaga.", weight="recommendation")

    xlsx = login(client, fed.people.smo_editor).get(reverse("positions:comments_export", args=[position.pk, "pl", "xlsx"]))
    pdf = client.get(reverse("positions:comments_export", args=[position.pk, "cz", "pdf"]))

    assert (xlsx.status_code, xlsx["Content-Disposition"]) == (200, f'attachment; filename="uwagi-{position.pk}-pl.xlsx"')
    assert xlsx.content[:2] == b"PK"
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")


def test_comment_export_is_404_for_an_outsider_and_an_unknown_layout(client, fed):
    position = in_consultation(fed)

    assert login(client, fed.people.outsider).get(reverse("positions:comments_export", args=[position.pk, "pl", "xlsx"])).status_code == 404
    assert (
        login(client, fed.people.zgl_editor).get(reverse("positions:comments_export", args=[position.pk, "de", "xlsx"])).status_code == 404
    )


# --- Signing in and out ---------------------------------------------------------------------------------


def test_login_page_signs_in_and_goes_to_the_workspace(client, fed):
    page = client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": "zgl.redaktor", "password": "correct-horse-battery", "next": url("list")})

    assert page.status_code == 200
    assert f'name="next" value="{url("list")}"' in text(page)
    assert (response.status_code, response["Location"]) == (302, url("list"))


def test_login_page_with_a_wrong_password_shows_an_error_summary(client, fed):
    response = client.post(reverse("login"), {"username": "zgl.redaktor", "password": "wrong"})

    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in text(response)


def test_header_shows_the_workspace_and_sign_out_for_a_signed_in_person(client, fed):
    response = login(client, fed.people.zgl_editor).get(url("list"))

    assert f'action="{reverse("logout")}"' in text(response)
    assert client.post(reverse("logout")).status_code == 200
    assert client.get(url("list")).status_code == 302
