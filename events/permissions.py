"""Who may do what with events. Views, templates and services ask here.

Organisers act through their association's roles (editors and administrators, via django-guardian object
permissions); the federation's own meetings belong to the presiding association during its term.
"""

from events.enums import FEDERATION_MEETINGS, Audience, EventStatus
from members.permissions import ACT_AS_EDITOR, MANAGE_ASSOCIATION, VIEW_INTERNAL, associations_for, can_act_as_editor, holds, is_secretariat
from presidency.dates import local_day
from presidency.permissions import can_act_for_presidency


def can_create(user, kind: str) -> bool:
    if is_secretariat(user):
        return True
    if kind in FEDERATION_MEETINGS:
        return can_act_for_presidency(user)
    return bool(user and user.is_authenticated and associations_for(user, ACT_AS_EDITOR).exists())


def can_manage(user, event) -> bool:
    """Edit, publish, see the participants, check in, issue certificates: editors and administrators of
    an organising association; for the federation's meetings, the association whose term the meeting
    belongs to, while that term is in force; always the secretariat."""
    if is_secretariat(user):
        return True
    if event.kind in FEDERATION_MEETINGS:
        term = event.term
        return term is not None and term.includes(local_day()) and acts_for(user, term.association)
    return any(acts_for(user, association) for association in event.organisers.all())


def acts_for(user, association) -> bool:
    return can_act_as_editor(user, association) or holds(user, MANAGE_ASSOCIATION, association)


def is_member_person(user) -> bool:
    return bool(user and user.is_authenticated and (is_secretariat(user) or associations_for(user, VIEW_INTERNAL).exists()))


def can_view(user, event) -> bool:
    """Published events are public, except invited-only ones: those are for the people of member
    associations (and the organisers); invitees reach them through their invitation link."""
    if can_manage(user, event):
        return True
    if event.status == EventStatus.DRAFT:
        return False
    if event.audience == Audience.INVITED:
        return is_member_person(user)
    return True


def can_see_participants(user, event) -> bool:
    return can_manage(user, event)
