"""Draft acts and the positions list in the Wagtail admin (the secretariat's door)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from federation.models import ActivityLogEntry
from members.enums import RoleKind
from positions.enums import DraftActStage, IdentifierKind, Jurisdiction, PositionStatus, Procedure, Stance
from positions.models import ConsultationRound, DraftAct
from tests.factories import (
    AssociationFactory,
    ConsultationRoundFactory,
    DraftActFactory,
    PositionFactory,
    TopicFactory,
    UserFactory,
    published_position_make,
)
from tests.positions.conftest import person

pytestmark = pytest.mark.django_db

DRAFT_ACTS_URL = "/admin/positions/draft-acts/"
POSITIONS_URL = "/admin/positions/positions/"


def round_row(**fields):
    row = {
        "procedure": Procedure.CZ_INTERDEPARTMENTAL,
        "received_on": "2026-04-02",
        "working_days": "",
        "calendar_days": "",
        "deadline": "",
        "deadline_shortened": "",
        "our_ref": "",
        "their_ref": "",
        "outcome": "",
        "taken_into_account": "",
        "outcome_note": "",
    }
    row.update(fields)
    return row


def draft_act_data(*, identifiers=(), rounds=(), **fields):
    data = {
        "title": "Návrh zákona, kterým se mění zákon o rozpočtovém určení daní",
        "jurisdiction": Jurisdiction.CZECHIA,
        "stage": DraftActStage.CONSULTATION,
        "originating_body": "Ministerstvo financí",
        "topic": "",
        "lead_association": "",
        "stance": Stance.SUPPORT_WITH_AMENDMENTS,
        "stance_is_public": "on",
        "summary": "Změna podílu obcí na sdílených daních.",
        "identifiers": inline_formset(list(identifiers)),
        "rounds": inline_formset(list(rounds)),
    }
    data.update(fields)
    return nested_form_data(data)


def test_admin_czech_draft_act_round_deadline_counts_czech_working_days(client, secretariat):
    sopr = AssociationFactory(short_name="SOPR", country="CZ")
    topic = TopicFactory(name_pl="Finanse samorządowe", lead_association=sopr)
    response = client.post(
        DRAFT_ACTS_URL + "new/",
        draft_act_data(
            topic=topic.pk,
            identifiers=[{"kind": IdentifierKind.EKLEP, "value": "KORNDB7K9QEZ", "url": "https://odok.gov.cz/"}],
            rounds=[round_row(working_days="15", their_ref="MF-21453/2026/1201-2")],
        ),
    )
    assert response.status_code == 302
    draft_act = DraftAct.objects.get()
    # The lead association is proposed from the topic.
    assert draft_act.lead_association == sopr
    assert [(i.kind, i.value) for i in draft_act.identifiers.all()] == [(IdentifierKind.EKLEP, "KORNDB7K9QEZ")]
    consultation_round = draft_act.rounds.get()
    # Received Thu 2 Apr 2026. Not counted: Good Friday 3 Apr, the weekend 4–5 Apr, Easter Monday 6 Apr.
    # 7–10 Apr are days 1–4, 13–17 Apr days 5–9, 20–24 Apr days 10–14, Mon 27 Apr day 15.
    assert consultation_round.deadline == dt.date(2026, 4, 27)
    assert consultation_round.their_ref == "MF-21453/2026/1201-2"
    assert ActivityLogEntry.objects.filter(action="positions.draft_act.created", actor=secretariat).count() == 1


def test_admin_polish_round_deadline_counts_calendar_days_on_edit(client, secretariat):
    draft_act = DraftActFactory(jurisdiction=Jurisdiction.POLAND)
    response = client.post(
        f"{DRAFT_ACTS_URL}edit/{draft_act.pk}/",
        draft_act_data(
            title=draft_act.title,
            jurisdiction=Jurisdiction.POLAND,
            rounds=[round_row(procedure=Procedure.PL_CONSULTATION, received_on="2026-12-10", calendar_days="21")],
        ),
    )
    assert response.status_code == 302
    # Calendar days ignore holidays: 10 Dec + 21 days = 31 Dec 2026.
    assert ConsultationRound.objects.get(draft_act=draft_act).deadline == dt.date(2026, 12, 31)


def test_admin_round_without_deadline_or_period_is_refused_and_input_kept(client, secretariat):
    response = client.post(
        DRAFT_ACTS_URL + "new/",
        draft_act_data(
            title="Projekt ustawy o zmianie ustawy o planowaniu i zagospodarowaniu przestrzennym",
            rounds=[round_row(procedure=Procedure.PL_CONSULTATION, their_ref="DPR-III.0210.4.2026")],
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("pl"):
        message = gettext("Give the deadline, or the period from which it is counted.")
    assert message in html
    assert "Projekt ustawy o zmianie ustawy o planowaniu i zagospodarowaniu przestrzennym" in html
    assert "DPR-III.0210.4.2026" in html
    assert DraftAct.objects.count() == 0


def test_admin_draft_acts_are_refused_to_a_member_editor_with_admin_access(client):
    # A member's editor who also edits the public pages (Wagtail's Moderators) reaches the admin, but not
    # the draft acts: those are the secretariat's.
    editor = person(AssociationFactory(), RoleKind.EDITOR, "zgl.redaktor")
    editor.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get(DRAFT_ACTS_URL)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(DRAFT_ACTS_URL + "new/", draft_act_data())
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get(POSITIONS_URL).status_code == 302
    assert DraftAct.objects.count() == 0


def test_admin_draft_acts_redirect_an_anonymous_visitor_to_login(client):
    response = client.get(DRAFT_ACTS_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_admin_draft_act_list_shows_next_deadline_filters_and_searches(client, secretariat, today):
    czech = DraftActFactory(title="Návrh vyhlášky o odpadech", jurisdiction=Jurisdiction.CZECHIA)
    ConsultationRoundFactory(draft_act=czech, received_on=today - dt.timedelta(days=40), deadline=today - dt.timedelta(days=20))
    ConsultationRoundFactory(draft_act=czech, received_on=today, deadline=dt.date(2099, 3, 17))
    DraftActFactory(title="Projekt ustawy o dochodach JST", jurisdiction=Jurisdiction.POLAND)
    html = client.get(DRAFT_ACTS_URL + "?jurisdiction=CZ").content.decode()
    assert "Návrh vyhlášky o odpadech" in html
    assert "Projekt ustawy o dochodach JST" not in html
    assert "17 marca 2099" in html
    html = client.get(DRAFT_ACTS_URL + "?q=odpadech").content.decode()
    assert "Návrh vyhlášky o odpadech" in html
    assert "Projekt ustawy o dochodach JST" not in html


def test_admin_draft_act_list_queries_do_not_grow_with_rows(client, secretariat, django_assert_num_queries):
    def make():
        draft_act = DraftActFactory(lead_association=AssociationFactory())
        ConsultationRoundFactory(draft_act=draft_act)

    make()
    client.get(DRAFT_ACTS_URL)  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as one:
        assert client.get(DRAFT_ACTS_URL).status_code == 200
    for _ in range(6):
        make()
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(DRAFT_ACTS_URL).status_code == 200


def test_admin_positions_list_links_to_workspace_and_offers_no_editing(client, secretariat):
    lead = AssociationFactory(short_name="ZGL", name="Związek Gmin Lubuskich")
    published = published_position_make(lead_association=lead, reference_number=7, title="Stanowisko w sprawie subwencji oświatowej")
    draft = PositionFactory(lead_association=lead, title="Projekt stanowiska w sprawie taryf za wodę")
    response = client.get(POSITIONS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/workspace/positions/{published.pk}/"' in html
    assert f'href="/workspace/positions/{draft.pk}/"' in html
    assert "FT/2026/07" in html
    assert "Związek Gmin Lubuskich" in html
    assert f"{POSITIONS_URL}new/" not in html
    assert f"{POSITIONS_URL}edit/{draft.pk}/" not in html
    assert client.get(f"{POSITIONS_URL}new/").status_code in (302, 403)
    assert client.get(f"{POSITIONS_URL}edit/{draft.pk}/").status_code in (302, 403)
    client.post(f"{POSITIONS_URL}delete/{published.pk}/")
    published.refresh_from_db()
    assert published.status == PositionStatus.PUBLISHED


def test_admin_positions_list_is_read_only_even_for_a_superuser(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    position = PositionFactory(lead_association=AssociationFactory())
    assert client.get(POSITIONS_URL).status_code == 200
    assert client.get(f"{POSITIONS_URL}edit/{position.pk}/").status_code in (302, 403)


def test_admin_positions_list_queries_do_not_grow_with_rows(client, secretariat, django_assert_num_queries):
    PositionFactory(lead_association=AssociationFactory())
    client.get(POSITIONS_URL)
    with CaptureQueriesContext(connection) as one:
        assert client.get(POSITIONS_URL).status_code == 200
    for _ in range(6):
        PositionFactory(lead_association=AssociationFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(POSITIONS_URL).status_code == 200
