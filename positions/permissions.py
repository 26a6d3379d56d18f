"""Who may do what with a joint position. Views, templates and services all ask here.

Rights rest on the django-guardian object permissions each association's role groups hold on the
association (granted by `members.services.role_grant`): editors act for their association, signatories
sign for it. The presiding association's rights follow from its term's dates (`presidency.permissions`).
"""

from members.permissions import (
    ACT_AS_EDITOR,
    SIGN_ON_BEHALF,
    VIEW_INTERNAL,
    associations_for,
    can_act_as_editor,
    can_sign_for,
    holds,
    is_secretariat,
)
from positions.enums import EDITABLE_STATUSES, PUBLIC_STATUSES, PositionStatus
from presidency.permissions import can_act_for_presidency


def drafting_associations(position) -> list:
    """The lead association and the co-drafters: they write the text."""
    return [position.lead_association, *position.co_drafters.all()]


def can_view(user, position) -> bool:
    """Published and superseded positions are public. A first draft is seen by the drafting associations'
    people; from consultation on, by the people of every member association; always by the secretariat."""
    if position.status in PUBLIC_STATUSES:
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_secretariat(user):
        return True
    if position.status == PositionStatus.DRAFT:
        # A first draft stays with the associations writing it until they open consultation.
        return any(holds(user, VIEW_INTERNAL, association) for association in drafting_associations(position))
    return associations_for(user, VIEW_INTERNAL).exists()


def can_create(user) -> bool:
    """Editors of any member association start a position (their association leads it)."""
    return bool(user and user.is_authenticated and associations_for(user, ACT_AS_EDITOR).exists())


def can_edit_text(user, position) -> bool:
    """Editors of the lead and co-drafting associations, while the text may still change."""
    if position.status not in EDITABLE_STATUSES:
        return False
    return any(can_act_as_editor(user, association) for association in drafting_associations(position))


def can_lead(user, position) -> bool:
    """Editors of the lead association steer the draft: open consultation, settle comments, fix the text."""
    return can_act_as_editor(user, position.lead_association)


def can_comment(user, position) -> bool:
    """Editors of every member association comment while the position is in consultation."""
    return position.status == PositionStatus.CONSULTATION and commenting_associations(user).exists()


def commenting_associations(user):
    """The associations `user` may comment for (as an editor)."""
    return associations_for(user, ACT_AS_EDITOR)


def can_settle(user, position) -> bool:
    return position.status in (PositionStatus.CONSULTATION, PositionStatus.FINAL) and can_lead(user, position)


def can_sign(user, position, association=None) -> bool:
    """Only an association's signatories sign for it, and only while signing is open."""
    if position.status != PositionStatus.SIGNING:
        return False
    if association is not None:
        return can_sign_for(user, association)
    return signing_associations(user).exists()


def signing_associations(user):
    return associations_for(user, SIGN_ON_BEHALF)


def can_open_signing(user, position) -> bool:
    """The presiding association during its term, or the secretariat."""
    return position.status == PositionStatus.FINAL and (is_secretariat(user) or can_act_for_presidency(user))


def can_close_signing(user, position) -> bool:
    """Take a position back from signing to its final text (e.g. to fix it before asking again)."""
    return position.status == PositionStatus.SIGNING and (is_secretariat(user) or can_act_for_presidency(user))


def can_publish(user, position) -> bool:
    return position.status == PositionStatus.SIGNING and (is_secretariat(user) or can_act_for_presidency(user))


def can_withdraw(user, position) -> bool:
    if position.status not in EDITABLE_STATUSES:
        return False
    return is_secretariat(user) or can_lead(user, position) or can_act_for_presidency(user)


def can_see_internal(user) -> bool:
    """Comments, declined signatures, resolution files and unpublished versions: members' people only."""
    return bool(user and user.is_authenticated and (is_secretariat(user) or associations_for(user, VIEW_INTERNAL).exists()))
