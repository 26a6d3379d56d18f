"""Who may do what, as one table: every (action, status, role) cell says ALLOWED, REFUSED or FORM_ERROR.

- ALLOWED: the response is 2xx or a redirect that is not a refusal, and the action's effect is in the
  database (for a read: 200).
- REFUSED: 403 or 404, or a redirect to a login page (anonymous, or no access to the Wagtail admin), or
  Wagtail's own refusal inside the admin (a redirect to the dashboard with "Sorry, you do not have
  permission"); and nothing changed in the database.
- FORM_ERROR: the person may use the page but not for this object (an association they do not act for, an
  event they are not invited to, a kind of event they cannot convene): the form comes back (200) with an
  error, and nothing changed in the database.

"Nothing changed" compares a snapshot of every record an action could touch (positions, versions, comments,
signatures, events, registrations, associations, roles, group memberships, terms, good-practice pages,
workflow states and the activity log) before and after the request.

Every action goes through the real URL (the members' workspace, the public pages, the Wagtail admin) with
`client.force_login`; the world is built once per module (tests/permissions/conftest.py).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from cms.models import GoodPracticePage
from events import services as event_services
from events.enums import EventStatus, RegistrationStatus
from events.models import Event, Registration
from federation.models import ActivityLogEntry
from members.enums import RoleKind
from members.models import Association, Role
from members.permissions import ACT_AS_EDITOR, SIGN_ON_BEHALF, associations_for
from positions.enums import Decision, PositionStatus
from positions.models import Comment, Position, PositionVersion, Signature
from presidency.models import Term
from tests.factories.practices import practice_admin_form

ALLOWED, REFUSED, FORM_ERROR = "ALLOWED", "REFUSED", "FORM_ERROR"

ROLES = [
    "anonymous",
    "no_role",
    "staff_of_lead",
    "editor_of_lead",
    "signatory_of_lead",
    "administrator_of_lead",
    "editor_of_co_drafter",
    "editor_of_other_assoc",
    "signatory_of_other_assoc",
    "presiding_editor",
    "presiding_administrator",
    "past_presiding_editor",
    "next_presiding_administrator",
    "secretariat",
    "superuser",
]

# Groups of roles, named for what they hold.
LEAD_PEOPLE = {"staff_of_lead", "editor_of_lead", "signatory_of_lead", "administrator_of_lead"}
LEAD_EDITORS = {"editor_of_lead", "administrator_of_lead"}  # editors and administrators act as editors
DRAFTERS = LEAD_PEOPLE | {"editor_of_co_drafter"}  # the people of the lead and co-drafting associations
EVERY_EDITOR = LEAD_EDITORS | {
    "editor_of_co_drafter",
    "editor_of_other_assoc",
    "presiding_editor",
    "presiding_administrator",
    "past_presiding_editor",
    "next_presiding_administrator",
}
MEMBERS_PEOPLE = DRAFTERS | EVERY_EDITOR | {"signatory_of_other_assoc"}  # everyone with a role somewhere
SIGNATORIES = {"signatory_of_lead", "signatory_of_other_assoc"}
PRESIDENCY = {"presiding_editor", "presiding_administrator"}  # during the presiding association's term
SECRETARIAT = {"secretariat", "superuser"}  # the superuser passes every secretariat check
EVERYONE = set(ROLES)


def cells(action: str, status: str, *, allowed=(), form_error=()) -> list[tuple[str, str, str, str]]:
    """One row per role: ALLOWED for `allowed`, FORM_ERROR for `form_error`, REFUSED for everyone else."""
    allowed, form_error = set(allowed), set(form_error)
    assert not allowed & form_error and (allowed | form_error) <= EVERYONE, action
    return [(action, status, role, ALLOWED if role in allowed else FORM_ERROR if role in form_error else REFUSED) for role in ROLES]


MATRIX: list[tuple[str, str, str, str]] = [
    # --- Positions (led by ZGL, co-drafted by ZGW) -----------------------------------------------------------
    # A first draft stays with the drafting associations; from consultation on, every member's people read it.
    *cells("view", "draft", allowed=DRAFTERS | SECRETARIAT),
    *cells("view", "consultation", allowed=MEMBERS_PEOPLE | SECRETARIAT),
    # Editors start positions their association leads; the secretariat and the superuser hold no role.
    *cells("create", "own_assoc", allowed=EVERY_EDITOR),
    *cells("create", "for_lead_assoc", allowed=LEAD_EDITORS, form_error=EVERY_EDITOR - LEAD_EDITORS),
    # The text: editors of the lead and co-drafting associations, while it may change; never once published.
    # The superuser holds no role, so writes for no association (`members.permissions.holds`).
    *cells("edit_text", "draft", allowed=LEAD_EDITORS | {"editor_of_co_drafter"}),
    *cells("edit_text", "signing", allowed=LEAD_EDITORS | {"editor_of_co_drafter"}),
    *cells("edit_text", "published"),
    # Comments: editors of every member association, for their own association, in consultation only.
    *cells("comment", "draft"),
    *cells("comment", "consultation", allowed=EVERY_EDITOR),
    *cells("comment", "consultation_for_lead_assoc", allowed=LEAD_EDITORS, form_error=EVERY_EDITOR - LEAD_EDITORS),
    *cells("settle_comment", "consultation", allowed=LEAD_EDITORS),
    # Moves of the draft: the lead association's editors steer it.
    *cells("to_consultation", "draft", allowed=LEAD_EDITORS),
    *cells("to_final", "draft", allowed=LEAD_EDITORS),
    *cells("to_final", "consultation", allowed=LEAD_EDITORS),
    *cells("to_consultation", "final", allowed=LEAD_EDITORS),
    # Open and close signing, publish: the presiding association during its term, or the secretariat.
    *cells("to_signing", "final", allowed=PRESIDENCY | SECRETARIAT),
    *cells("to_final", "signing", allowed=PRESIDENCY | SECRETARIAT),
    *cells("publish", "signing", allowed=PRESIDENCY | SECRETARIAT),
    # A move the workflow does not have (skipping signing; reopening a published position) is refused by
    # the service's ValidationError, shown on the position's page to whoever can see it.
    *cells("to_published", "final", form_error=MEMBERS_PEOPLE | SECRETARIAT),
    # Withdraw: the lead, the presidency (if it can see the position) or the secretariat.
    *cells("withdraw", "draft", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("withdraw", "signing", allowed=LEAD_EDITORS | PRESIDENCY | SECRETARIAT),
    *cells("withdraw", "published", form_error=MEMBERS_PEOPLE | SECRETARIAT),
    # Signing: an association's signatories, for their association, while signing is open.
    *cells("sign", "draft"),
    *cells("sign", "consultation"),
    *cells("sign", "signing", allowed=SIGNATORIES),
    *cells("sign", "published"),
    *cells("decline", "signing", allowed=SIGNATORIES),
    *cells("sign", "signing_for_lead_assoc", allowed={"signatory_of_lead"}, form_error={"signatory_of_other_assoc"}),
    # Another association's resolution: members' people only (positions.permissions.can_see_internal).
    *cells("download_resolution", "signing", allowed=MEMBERS_PEOPLE | SECRETARIAT),
    # Public addresses of positions that are not public: 404 for everyone, signed in or not.
    *cells("public_page", "draft"),
    *cells("public_page", "signing"),
    *cells("public_pdf", "draft"),
    *cells("public_pdf", "signing"),
    *cells("verify_page", "draft"),
    *cells("public_page", "published", allowed=EVERYONE),
    # --- Presidency (Wagtail admin) ----------------------------------------------------------------------------
    *cells("term_create", "next", allowed=SECRETARIAT),
    *cells("term_edit", "current", allowed=SECRETARIAT),
    *cells("term_edit", "next", allowed=SECRETARIAT),
    *cells("schedule_view", "-", allowed=SECRETARIAT),
    # --- Events (organisers' workspace; the seminar is ZGL's) ------------------------------------------------
    *cells("event_create", "own_assoc", allowed=EVERY_EDITOR | SECRETARIAT),
    *cells("event_create", "for_lead_assoc", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("meeting_create", "current_term", allowed=PRESIDENCY | SECRETARIAT, form_error=EVERY_EDITOR - PRESIDENCY),
    *cells("event_edit", "published", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("event_publish", "draft", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("event_cancel", "published", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("meeting_cancel", "current_term", allowed=PRESIDENCY | SECRETARIAT),
    *cells("meeting_cancel", "past_term", allowed=SECRETARIAT),
    *cells("registrations_view", "published", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("registrations_export", "published", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("registration_cancel_by_organiser", "published", allowed=LEAD_EDITORS | SECRETARIAT),
    *cells("registration_cancel_by_organiser", "other_event"),
    # The public registration form and the link in the participant's mail.
    *cells("register", "published", allowed=EVERYONE),
    *cells("register", "draft"),
    *cells("register", "invited_only", form_error=MEMBERS_PEOPLE | SECRETARIAT),
    *cells("cancel_by_link", "valid_token", allowed=EVERYONE),
    *cells("cancel_by_link", "wrong_token"),
    *cells("cancel_by_link", "foreign_token"),
    # --- Members (Wagtail admin) --------------------------------------------------------------------------------
    *cells("association_edit", "-", allowed=SECRETARIAT),
    *cells("role_grant", "-", allowed=SECRETARIAT),
    *cells("role_end", "-", allowed=SECRETARIAT),
    *cells("roles_list", "-", allowed=SECRETARIAT),
    *cells("users_list", "-", allowed={"superuser"}),
    # --- Good practices (Wagtail admin, moderated) -----------------------------------------------------------
    *cells("practice_submit", "own_assoc", allowed=EVERY_EDITOR | SECRETARIAT),
    *cells("practice_submit", "for_lead_assoc", allowed=LEAD_EDITORS | SECRETARIAT, form_error=EVERY_EDITOR - LEAD_EDITORS),
    *cells("practice_publish", "in_review", allowed=SECRETARIAT),
]


# --- What the database holds ------------------------------------------------------------------------------


def snapshot() -> dict:
    """Every record an action in the matrix could change."""
    User = get_user_model()
    return {
        "log": ActivityLogEntry.objects.count(),
        "positions": list(
            Position.objects.order_by("pk").values_list(
                "pk", "status", "title", "current_version_id", "consultation_deadline", "signing_deadline", "reference", "slug"
            )
        ),
        "versions": PositionVersion.objects.count(),
        "co_drafters": list(Position.co_drafters.through.objects.order_by("pk").values_list("position_id", "association_id")),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "settlement", "reply")),
        "signatures": list(Signature.objects.order_by("pk").values_list("pk", "association_id", "decision")),
        "events": list(Event.objects.order_by("pk").values_list("pk", "status", "title", "starts_at", "updated_at")),
        "registrations": list(Registration.objects.order_by("pk").values_list("pk", "status")),
        "associations": list(Association.objects.order_by("pk").values_list("pk", "name", "description", "left_on")),
        "roles": list(Role.objects.order_by("pk").values_list("pk", "user_id", "association_id", "kind", "ends_on")),
        "groups": list(User.groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
        "terms": list(Term.objects.order_by("pk").values_list("pk", "starts_on", "ends_on", "programme", "priorities", "handover_note")),
        "practices": list(GoodPracticePage.objects.order_by("pk").values_list("pk", "slug", "live", "has_unpublished_changes")),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
    }


# --- The actions ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    perform: Callable  # (client, world, role) -> response
    effect: Callable | None = None  # (world, role) -> bool, after the request; None for a read
    setup: Callable | None = None  # (world) -> None, before the snapshot


def _own(world, role, perm=ACT_AS_EDITOR) -> Association:
    """The association `role` acts for with `perm` (the lead association when none)."""
    user = world.users[role]
    found = associations_for(user, perm).order_by("pk").first() if user is not None else None
    return found or world.lead


def _position(pk) -> Position:
    return Position.objects.get(pk=pk)


# Positions ------------------------------------------------------------------------------------------------

POINTS = "Punkt pierwszy.\n\nPunkt drugi:\n- litera a,\n- litera b."


def _create(client, world, role, *, lead):
    data = {"lead_association": lead.pk, "title": f"Nowe stanowisko ({role})", "adoption_rule": "all", "points": POINTS}
    return client.post(reverse("positions:create"), data)


def _edit_text(position_attr):
    def perform(client, world, role):
        position = getattr(world, position_attr)
        data = {"action": "text", "base_number": 1, "title": position.title, "points": POINTS, "justification": "Nowe uzasadnienie."}
        return client.post(reverse("positions:edit", args=[position.pk]), data)

    def effect(world, role):
        return PositionVersion.objects.filter(position=getattr(world, position_attr), number=2).exists()

    return Action(perform, effect)


def _comment(position_attr, *, association=None):
    def pick(world, role):
        return association(world) if association else _own(world, role)

    def perform(client, world, role):
        data = {"action": "comment", "association": pick(world, role).pk, "provision": "1", "weight": "recommendation", "text": "Uwaga."}
        return client.post(reverse("positions:comments", args=[getattr(world, position_attr).pk]), data)

    def effect(world, role):
        return Comment.objects.filter(position=getattr(world, position_attr), association=pick(world, role)).exists()

    return Action(perform, effect)


def _pending_comment(world):
    Comment.objects.create(
        position=world.consultation,
        version=world.consultation.current_version,
        association=world.other,
        author=world.users["editor_of_other_assoc"],
        text="Uwaga do rozstrzygnięcia.",
    )


def _settle(client, world, role):
    comment = Comment.objects.get(position=world.consultation)
    data = {"action": "settle", "comment": comment.pk, f"comment-{comment.pk}-settlement": "accepted", f"comment-{comment.pk}-reply": ""}
    return client.post(reverse("positions:comments", args=[world.consultation.pk]), data)


def _transition(position_attr, to, **fields):
    def perform(client, world, role):
        today = world.today
        values = {
            "consultation_deadline": today + dt.timedelta(days=10),
            "signing_deadline": today + dt.timedelta(days=14),
            "adopted_place": "Opole",
            "reason": "Sprawa nieaktualna.",
        }
        data = {"to": to, **{f"to-{to}-{name}": values[name] for name in fields.get("send", ())}}
        return client.post(reverse("positions:transition", args=[getattr(world, position_attr).pk]), data)

    def effect(world, role):
        return _position(getattr(world, position_attr).pk).status == to

    return Action(perform, effect)


def _sign(position_attr, *, decision=Decision.SIGNED, association=None):
    def pick(world, role):
        return association(world) if association else _own(world, role, SIGN_ON_BEHALF)

    def perform(client, world, role):
        position = getattr(world, position_attr)
        data = {"association": pick(world, role).pk, "decision": decision, "text_sha256": position.current_version.sha256}
        return client.post(reverse("positions:sign", args=[position.pk]), data)

    def effect(world, role):
        return Signature.objects.filter(position=getattr(world, position_attr), association=pick(world, role), decision=decision).exists()

    return Action(perform, effect)


def _get(address: Callable):
    return Action(lambda client, world, role: client.get(address(world)))


def _public_position_page(world, slug):
    return world.pages["pl"]["positions"].url + f"{slug}/"


# Presidency -----------------------------------------------------------------------------------------------


def _term_create(client, world, role):
    starts = world.next_term.ends_on + dt.timedelta(days=1)
    data = {
        "association": world.other.pk,
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=180)).isoformat(),
        "programme": "Program",
        "priorities": "",
        "handover_note": "",
    }
    return client.post(reverse("presidency_terms:add"), data)


def _term_edit(term_attr):
    def perform(client, world, role):
        term = getattr(world, term_attr)
        data = {
            "starts_on": term.starts_on.isoformat(),
            "programme": f"Program ({role})",
            "priorities": "Drogi",
            "handover_note": "Notatka",
        }
        return client.post(reverse("presidency_terms:edit", args=[term.pk]), data)

    def effect(world, role):
        return Term.objects.get(pk=getattr(world, term_attr).pk).programme == f"Program ({role})"

    return Action(perform, effect)


# Events ---------------------------------------------------------------------------------------------------


def _event_data(world, role, **changes) -> dict:
    day = (world.today + dt.timedelta(days=30)).isoformat()
    data = {
        "kind": "seminar",
        "title": f"Seminarium ({role})",
        "description": "Opis.",
        "organisers": [_own(world, role).pk],
        "topic": "",
        "starts_at": f"{day}T10:00",
        "ends_at": f"{day}T14:00",
        "time_zone": "Europe/Warsaw",
        "venue": "Urząd",
        "address": "ul. Podgórna 7, Zielona Góra",
        "online_url": "",
        "language": "pl",
        "speakers": "",
        "capacity": "30",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "audience": "public",
        "fee": "free",
        "fee_amount": "",
        "fee_currency": "PLN",
        "vat_basis": "",
        "accreditation_number": "",
        "hours": "",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "60",
    }
    data.update(changes)
    return data


def _event_create(*, lead: bool = False, meeting: bool = False):
    def changes(world, role):
        if meeting:
            day = (world.today + dt.timedelta(days=20)).isoformat()
            return {
                "kind": "board_sitting",
                "organisers": [],
                "audience": "invited",
                "starts_at": f"{day}T10:00",
                "ends_at": f"{day}T14:00",
            }
        return {"organisers": [world.lead.pk]} if lead else {}

    def perform(client, world, role):
        return client.post(reverse("events:create"), _event_data(world, role, **changes(world, role)))

    def effect(world, role):
        return Event.objects.filter(title=f"Seminarium ({role})").exists()

    return Action(perform, effect)


def _event_edit(client, world, role):
    return client.post(reverse("events:edit", args=[world.seminar.pk]), _event_data(world, role, organisers=[world.lead.pk]))


def _event_status(event_attr, view, status, **data):
    def perform(client, world, role):
        return client.post(reverse(f"events:{view}", args=[getattr(world, event_attr).pk]), data)

    def effect(world, role):
        return Event.objects.get(pk=getattr(world, event_attr).pk).status == status

    return Action(perform, effect)


def _registration_cancel_by_organiser(event_attr):
    def perform(client, world, role):
        registration = world.registrations[0]
        return client.post(reverse("events:registration_cancel", args=[getattr(world, event_attr).pk, registration.pk]))

    def effect(world, role):
        return Registration.objects.get(pk=world.registrations[0].pk).status == RegistrationStatus.CANCELLED

    return Action(perform, effect)


def _email(role) -> str:
    return f"{role.replace('_', '.')}@uczestnik.example.pl"


def _register(event_attr):
    def perform(client, world, role):
        data = {
            "person-TOTAL_FORMS": "1",
            "person-INITIAL_FORMS": "0",
            "person-MIN_NUM_FORMS": "1",
            "person-MAX_NUM_FORMS": "20",
            "person-0-first_name": "Anna",
            "person-0-last_name": "Kowalska",
            "person-0-email": _email(role),
            "person-0-job_title": "",
            "person-0-unit": "",
        }
        return client.post(world.pages["pl"]["events"].url + f"{getattr(world, event_attr).slug}/", data)

    def effect(world, role):
        return Registration.objects.filter(event=getattr(world, event_attr), email=_email(role)).exists()

    return Action(perform, effect)


def _cancel_by_link(token: Callable):
    def perform(client, world, role):
        return client.post(reverse("events_public:cancel", kwargs={"token": token(world.registrations[0])}))

    def effect(world, role):
        return Registration.objects.get(pk=world.registrations[0].pk).status == RegistrationStatus.CANCELLED

    return Action(perform, effect)


def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


# Members --------------------------------------------------------------------------------------------------


def _association_edit(client, world, role):
    lead = Association.objects.get(pk=world.lead.pk)
    fields = [
        "name", "short_name", "slug", "legal_form", "country", "region", "krs", "regon", "nip", "ico",
        "street_address", "postal_code", "city", "website", "email", "phone", "description",
    ]  # fmt: skip
    data = {name: getattr(lead, name) for name in fields}
    data.update(description=f"Opis zmieniony ({role})", logo="", joined_on=lead.joined_on.isoformat(), left_on="")
    return client.post(reverse("members_associations:edit", args=[lead.pk]), data)


def _role_grant(client, world, role):
    data = {
        "user": world.users["no_role"].pk,
        "association": world.lead.pk,
        "kind": RoleKind.EDITOR,
        "title": "",
        "starts_on": world.today.isoformat(),
    }
    return client.post(reverse("members_roles:add"), data)


def _staff_role(world) -> Role:
    return Role.objects.get(user=world.users["staff_of_lead"], association=world.lead)


def _role_end(client, world, role):
    return client.post(reverse("members_roles:edit", args=[_staff_role(world).pk]), {"ends_on": world.today.isoformat()})


# Good practices -------------------------------------------------------------------------------------------


def _practice_slug(role) -> str:
    return f"praktyka-{role.replace('_', '-')}"


def _practice_submit(*, lead: bool = False):
    def perform(client, world, role):
        association = world.lead if lead else _own(world, role)
        data = practice_admin_form(
            association=association,
            categories=[world.category],
            title=f"Praktyka ({role})",
            slug=_practice_slug(role),
            summary="Gminy kupują energię razem.",
        )
        return client.post(reverse("wagtailadmin_pages:add", args=["cms", "goodpracticepage", world.library.pk]), data)

    def effect(world, role):
        page = GoodPracticePage.objects.filter(slug=_practice_slug(role)).first()
        return page is not None and not page.live and page.workflow_in_progress

    return Action(perform, effect)


def _practice_approve(client, world, role):
    page = GoodPracticePage.objects.get(pk=world.in_review.pk)
    task_state = page.current_workflow_task_state
    address = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(address, {"comment": "Publikujemy."})


ACTIONS: dict[tuple[str, str], Action] = {
    # Positions
    ("view", "draft"): _get(lambda w: reverse("positions:detail", args=[w.draft.pk])),
    ("view", "consultation"): _get(lambda w: reverse("positions:detail", args=[w.consultation.pk])),
    ("create", "own_assoc"): Action(
        lambda c, w, r: _create(c, w, r, lead=_own(w, r)), lambda w, r: Position.objects.filter(title=f"Nowe stanowisko ({r})").exists()
    ),
    ("create", "for_lead_assoc"): Action(
        lambda c, w, r: _create(c, w, r, lead=w.lead), lambda w, r: Position.objects.filter(title=f"Nowe stanowisko ({r})").exists()
    ),
    ("edit_text", "draft"): _edit_text("draft"),
    ("edit_text", "signing"): _edit_text("signing"),
    ("edit_text", "published"): _edit_text("published"),
    ("comment", "draft"): _comment("draft"),
    ("comment", "consultation"): _comment("consultation"),
    ("comment", "consultation_for_lead_assoc"): _comment("consultation", association=lambda w: w.lead),
    ("settle_comment", "consultation"): Action(
        _settle, lambda w, r: Comment.objects.get(position=w.consultation).settlement == "accepted", setup=_pending_comment
    ),
    ("to_consultation", "draft"): _transition("draft", PositionStatus.CONSULTATION, send=["consultation_deadline"]),
    ("to_final", "draft"): _transition("draft", PositionStatus.FINAL),
    ("to_final", "consultation"): _transition("consultation", PositionStatus.FINAL),
    ("to_consultation", "final"): _transition("final", PositionStatus.CONSULTATION, send=["consultation_deadline"]),
    ("to_signing", "final"): _transition("final", PositionStatus.SIGNING, send=["signing_deadline"]),
    ("to_final", "signing"): _transition("signing", PositionStatus.FINAL),
    ("publish", "signing"): _transition("signing", PositionStatus.PUBLISHED, send=["adopted_place"]),
    ("to_published", "final"): _transition("final", PositionStatus.PUBLISHED, send=["adopted_place"]),
    ("withdraw", "draft"): _transition("draft", PositionStatus.WITHDRAWN, send=["reason"]),
    ("withdraw", "signing"): _transition("signing", PositionStatus.WITHDRAWN, send=["reason"]),
    ("withdraw", "published"): _transition("published", PositionStatus.WITHDRAWN, send=["reason"]),
    ("sign", "draft"): _sign("draft"),
    ("sign", "consultation"): _sign("consultation"),
    ("sign", "signing"): _sign("signing"),
    ("sign", "published"): _sign("published"),
    ("decline", "signing"): _sign("signing", decision=Decision.DECLINED),
    ("sign", "signing_for_lead_assoc"): _sign("signing", association=lambda w: w.lead),
    ("download_resolution", "signing"): _get(lambda w: reverse("positions:resolution", args=[w.signing.pk, w.signed.pk])),
    ("public_page", "draft"): _get(lambda w: _public_position_page(w, w.draft.slug)),
    ("public_page", "signing"): _get(lambda w: _public_position_page(w, w.signing.slug)),
    ("public_page", "published"): _get(lambda w: _public_position_page(w, w.published.slug)),
    ("public_pdf", "draft"): _get(lambda w: reverse("positions_documents:pdf", kwargs={"slug": w.draft.slug})),
    ("public_pdf", "signing"): _get(lambda w: reverse("positions_documents:pdf", kwargs={"slug": w.signing.slug})),
    ("verify_page", "draft"): _get(lambda w: reverse("positions_public:verify", kwargs={"sha256": w.draft.current_version.sha256})),
    # Presidency
    ("term_create", "next"): Action(_term_create, lambda w, r: Term.objects.filter(association=w.other).exists()),
    ("term_edit", "current"): _term_edit("current_term"),
    ("term_edit", "next"): _term_edit("next_term"),
    ("schedule_view", "-"): _get(lambda w: reverse("presidency_schedule")),
    # Events
    ("event_create", "own_assoc"): _event_create(),
    ("event_create", "for_lead_assoc"): _event_create(lead=True),
    ("meeting_create", "current_term"): _event_create(meeting=True),
    ("event_edit", "published"): Action(_event_edit, lambda w, r: Event.objects.get(pk=w.seminar.pk).title == f"Seminarium ({r})"),
    ("event_publish", "draft"): _event_status("draft_event", "publish", EventStatus.PUBLISHED),
    ("event_cancel", "published"): _event_status("seminar", "cancel", EventStatus.CANCELLED, reason="Choroba prelegenta."),
    ("meeting_cancel", "current_term"): _event_status("meeting", "cancel", EventStatus.CANCELLED, reason="Brak kworum."),
    ("meeting_cancel", "past_term"): _event_status("past_meeting", "cancel", EventStatus.CANCELLED, reason="Brak kworum."),
    ("registrations_view", "published"): _get(lambda w: reverse("events:registrations", args=[w.seminar.pk])),
    ("registrations_export", "published"): _get(lambda w: reverse("events:export", args=[w.seminar.pk, "csv"])),
    ("registration_cancel_by_organiser", "published"): _registration_cancel_by_organiser("seminar"),
    ("registration_cancel_by_organiser", "other_event"): _registration_cancel_by_organiser("meeting"),
    ("register", "published"): _register("seminar"),
    ("register", "draft"): _register("draft_event"),
    ("register", "invited_only"): _register("invited_event"),
    ("cancel_by_link", "valid_token"): _cancel_by_link(event_services.cancel_token),
    ("cancel_by_link", "wrong_token"): _cancel_by_link(lambda registration: _tampered(event_services.cancel_token(registration))),
    ("cancel_by_link", "foreign_token"): _cancel_by_link(event_services.certificate_token),
    # Members
    ("association_edit", "-"): Action(
        _association_edit, lambda w, r: Association.objects.get(pk=w.lead.pk).description == f"Opis zmieniony ({r})"
    ),
    ("role_grant", "-"): Action(_role_grant, lambda w, r: Role.objects.filter(user=w.users["no_role"]).exists()),
    ("role_end", "-"): Action(_role_end, lambda w, r: _staff_role(w).ends_on == w.today),
    ("roles_list", "-"): _get(lambda w: reverse("members_roles:index")),
    ("users_list", "-"): _get(lambda w: reverse("wagtailusers_users:index")),
    # Good practices
    ("practice_submit", "own_assoc"): _practice_submit(),
    ("practice_submit", "for_lead_assoc"): _practice_submit(lead=True),
    ("practice_publish", "in_review"): Action(_practice_approve, lambda w, r: GoodPracticePage.objects.get(pk=w.in_review.pk).live),
}


# --- The test ---------------------------------------------------------------------------------------------


def _refusal_kind(response) -> str | None:
    """How the response refuses, or None if it does not."""
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith((reverse("login"), reverse("wagtailadmin_login"))):
            return "login"
        if location == reverse("wagtailadmin_home"):
            return "admin refusal"
    return None


def test_every_action_of_the_matrix_has_a_row_for_every_role():
    rows = {(action, status) for action, status, _role, _expected in MATRIX}
    assert rows == set(ACTIONS)
    assert len(MATRIX) == len(set((a, s, r) for a, s, r, _e in MATRIX)) == len(ACTIONS) * len(ROLES)


@pytest.mark.parametrize(("action", "status", "role", "expected"), MATRIX, ids=["-".join(row) for row in MATRIX])
def test_permission_matrix(world, db, action, status, role, expected):
    spec = ACTIONS[(action, status)]
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if spec.setup:
        spec.setup(world)
    before = snapshot()

    response = spec.perform(client, world, role)

    after = snapshot()
    changed = sorted(key for key in before if before[key] != after[key])
    refusal = _refusal_kind(response)
    cell = f"{action} on {status} by {role}: expected {expected}, got {response.status_code} ({refusal or 'no refusal'}), changed {changed}"
    if expected == ALLOWED:
        assert refusal is None and response.status_code < 400, cell
        if spec.effect is None:
            assert response.status_code == 200 and not changed, cell
        else:
            assert spec.effect(world, role) and changed, cell
    elif expected == REFUSED:
        assert refusal is not None and not changed, cell
        assert spec.effect is None or not spec.effect(world, role), cell
        if role == "anonymous" and refusal not in ("404",):
            assert refusal == "login", cell
    else:
        assert response.status_code == 200 and not changed, cell
        assert spec.effect is None or not spec.effect(world, role), cell


# --- Direct addresses of a draft in the workspace ----------------------------------------------------------

OUTSIDE_THE_DRAFT = sorted(EVERYONE - DRAFTERS - SECRETARIAT)


def _draft_addresses(world) -> list[tuple[str, str, dict]]:
    pk = world.draft.pk
    return [
        ("get", reverse("positions:detail", args=[pk]), {}),
        ("get", reverse("positions:edit", args=[pk]), {}),
        ("get", reverse("positions:versions", args=[pk]), {}),
        ("get", reverse("positions:compare", args=[pk]) + "?a=1&b=1", {}),
        ("get", reverse("positions:comments", args=[pk]), {}),
        ("get", reverse("positions:comments_export", args=[pk, "pl", "xlsx"]), {}),
        ("get", reverse("positions:comments_export", args=[pk, "cz", "pdf"]), {}),
        ("post", reverse("positions:edit", args=[pk]), {"action": "details", "forum": "Zarząd"}),
        ("post", reverse("positions:transition", args=[pk]), {"to": PositionStatus.WITHDRAWN, "to-withdrawn-reason": "x"}),
        ("post", reverse("positions:comments", args=[pk]), {"action": "comment", "text": "x"}),
        ("post", reverse("positions:sign", args=[pk]), {"decision": Decision.SIGNED}),
    ]


@pytest.mark.parametrize("role", OUTSIDE_THE_DRAFT)
def test_workspace_addresses_of_another_associations_draft_are_refused(world, db, role):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = snapshot()
    answers = {address: getattr(client, method)(address, data) for method, address, data in _draft_addresses(world)}

    refused = {address: _refusal_kind(response) for address, response in answers.items()}
    expected = "login" if role == "anonymous" else "404"
    assert refused == dict.fromkeys(answers, expected), role
    assert snapshot() == before
    listing = client.get(reverse("positions:list"))
    assert world.draft.title not in listing.content.decode(), role


@pytest.mark.parametrize("role", sorted(DRAFTERS | SECRETARIAT))
def test_the_drafting_associations_and_the_secretariat_find_the_draft_in_their_list(world, db, role):
    client = Client()
    client.force_login(world.users[role])

    assert world.draft.title in client.get(reverse("positions:list")).content.decode()


@pytest.mark.parametrize("role", sorted(EVERYONE - LEAD_EDITORS - SECRETARIAT))
def test_the_seminars_participants_reach_no_one_but_its_organisers(world, db, role):
    """Everywhere a person could look in the workspace: the event list, the event, its participants."""
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    pages = [
        client.get(reverse("events:list")),
        client.get(reverse("events:detail", args=[world.seminar.pk])),
        client.get(reverse("events:registrations", args=[world.seminar.pk])),
        client.get(reverse("events:export", args=[world.seminar.pk, "csv"])),
        client.get(world.pages["pl"]["events"].url + f"{world.seminar.slug}/"),
    ]
    for response in pages:
        body = response.content.decode(errors="replace")
        assert "Tajemnicza" not in body and "jadwiga.tajemnicza" not in body, (role, response.status_code)
