import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from federation.models import ActivityLogEntry
from members.services import association_leave, association_save
from presidency import services
from presidency.models import Term
from tests.factories import AssociationFactory, RotationPlaceFactory, TermFactory, TrioFactory

D = dt.date
DAYS = dt.timedelta
TODAY = D(2026, 3, 15)


def _proposed(proposal):
    return [(item.association.short_name, item.starts_on, item.ends_on) for item in proposal]


def _schedule():
    return [
        (term.association.short_name, term.starts_on, term.ends_on)
        for term in Term.objects.select_related("association").order_by("starts_on")
    ]


def _row(term):
    return Term.objects.filter(pk=term.pk).values().get()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def history(members):
    """A past term of ZGP and the current term (on TODAY) of ZGL, each with content of its own."""
    past = TermFactory(
        association=members.zgp, starts_on=D(2025, 7, 1), ends_on=D(2025, 12, 31), programme="ZGP programme", handover_note="To ZGL"
    )
    current = TermFactory(
        association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30), programme="ZGL programme", priorities="Roads\nSchools"
    )
    return past, current


def _plan(count, today=TODAY):
    return services.schedule_apply(proposal=services.schedule_propose(count=count, today=today), today=today)


# --- Proposal ---------------------------------------------------------------------------------------------


def test_schedule_propose_default_follows_order_of_accession(members, history):
    proposal = services.schedule_propose(count=5, today=TODAY)

    assert _proposed(proposal) == [
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGP", D(2027, 7, 1), D(2027, 12, 31)),
        ("ZGL", D(2028, 1, 1), D(2028, 6, 30)),
        ("OZS", D(2028, 7, 1), D(2028, 12, 31)),
    ]
    assert [item.gap_before for item in proposal] == [False] * 5
    assert [item.replaces for item in proposal] == [None] * 5


def test_schedule_propose_writes_nothing(members, history):
    services.schedule_propose(count=3, today=TODAY)

    assert _schedule() == [("ZGP", D(2025, 7, 1), D(2025, 12, 31)), ("ZGL", D(2026, 1, 1), D(2026, 6, 30))]


def test_schedule_propose_agreed_order_replaces_accession(members, history):
    for position, association in enumerate([members.smo, members.zgp, members.zgl, members.ozs], start=1):
        RotationPlaceFactory(association=association, position=position)

    proposal = services.schedule_propose(count=4, today=TODAY)

    assert _proposed(proposal) == [
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGP", D(2027, 7, 1), D(2027, 12, 31)),
        ("ZGL", D(2028, 1, 1), D(2028, 6, 30)),
    ]


def test_schedule_propose_partly_agreed_order_puts_agreed_places_first(members, history):
    RotationPlaceFactory(association=members.smo, position=1)

    proposal = services.schedule_propose(count=4, today=TODAY)

    # Rotation: SMO (agreed), then ZGL, OZS, ZGP by accession; the current term is ZGL's.
    assert _proposed(proposal) == [
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
        ("ZGP", D(2027, 1, 1), D(2027, 6, 30)),
        ("SMO", D(2027, 7, 1), D(2027, 12, 31)),
        ("ZGL", D(2028, 1, 1), D(2028, 6, 30)),
    ]


def test_schedule_propose_after_handover_on_6_july_runs_to_half_year_end(members):
    TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 7, 6))

    proposal = services.schedule_propose(count=2, today=TODAY)

    assert _proposed(proposal) == [("OZS", D(2026, 7, 7), D(2026, 12, 31)), ("SMO", D(2027, 1, 1), D(2027, 6, 30))]


def test_schedule_propose_after_ended_term_starts_tomorrow_with_gap(members):
    TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))

    proposal = services.schedule_propose(count=2, today=D(2026, 8, 10))

    assert [(*row, item.gap_before) for row, item in zip(_proposed(proposal), proposal, strict=True)] == [
        ("OZS", D(2026, 8, 11), D(2026, 12, 31), True),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30), False),
    ]


def test_schedule_propose_keeps_dates_of_planned_terms(members, history):
    planned = TermFactory(association=members.zgp, starts_on=D(2026, 7, 1), ends_on=D(2027, 2, 14))

    proposal = services.schedule_propose(count=2, today=TODAY)

    assert _proposed(proposal) == [("OZS", D(2026, 7, 1), D(2027, 2, 14)), ("SMO", D(2027, 2, 15), D(2027, 6, 30))]
    assert [item.replaces for item in proposal] == [planned, None]


def test_schedule_propose_skips_member_not_yet_joined(members, history):
    members.ozs.joined_on = D(2026, 7, 2)
    members.ozs.save()

    proposal = services.schedule_propose(count=2, today=TODAY)

    assert _proposed(proposal) == [("SMO", D(2026, 7, 1), D(2026, 12, 31)), ("ZGP", D(2027, 1, 1), D(2027, 6, 30))]


def test_schedule_propose_zero_terms_refused(members, history):
    with pytest.raises(ValidationError):
        services.schedule_propose(count=0, today=TODAY)


def test_schedule_propose_without_any_term_refused(members):
    with pytest.raises(ValidationError):
        services.schedule_propose(count=2, today=TODAY)


# --- Applying a proposal ----------------------------------------------------------------------------------


def test_schedule_apply_leaves_past_and_current_terms_unchanged(members, history):
    past, current = history
    before = [_row(past), _row(current)]
    stale = TermFactory(association=members.smo, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31), programme="SMO programme")

    terms = services.schedule_apply(proposal=services.schedule_propose(count=3, today=TODAY), today=TODAY)

    assert [_row(past), _row(current)] == before
    assert _schedule() == [
        ("ZGP", D(2025, 7, 1), D(2025, 12, 31)),
        ("ZGL", D(2026, 1, 1), D(2026, 6, 30)),
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGP", D(2027, 7, 1), D(2027, 12, 31)),
    ]
    assert terms[0].pk == stale.pk
    assert _row(stale)["programme"] == ""
    assert ActivityLogEntry.objects.filter(action="presidency.schedule.applied").count() == 1


def test_schedule_apply_same_association_keeps_term_content(members, history):
    planned = TermFactory(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31), programme="OZS programme")

    _plan(2)

    assert _row(planned)["programme"] == "OZS programme"


def test_schedule_apply_keeps_programme_edited_after_the_proposal_was_made(members, history):
    planned = TermFactory(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))
    proposal = services.schedule_propose(count=2, today=TODAY)
    # Meanwhile the incoming presidency publishes its programme.
    services.term_update_content(term=Term.objects.get(pk=planned.pk), programme="Program OZS", priorities="Oświata", handover_note="")

    services.schedule_apply(proposal=proposal, today=TODAY)

    assert (_row(planned)["programme"], _row(planned)["priorities"]) == ("Program OZS", "Oświata")


def test_schedule_apply_refused_when_a_planned_term_vanished_since_the_proposal(members, history):
    planned = TermFactory(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))
    proposal = services.schedule_propose(count=2, today=TODAY)
    Term.objects.filter(pk=planned.pk).delete()

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.schedule_apply(proposal=proposal, today=TODAY)
    with translation.override("en"):
        assert error.value.messages == ["The planned schedule changed since this proposal was made; propose again."]
    assert _schedule()[-1] == ("ZGL", D(2026, 1, 1), D(2026, 6, 30))


def test_schedule_apply_drops_planned_terms_beyond_proposal(members, history):
    _plan(3)

    _plan(1)

    assert _schedule() == [
        ("ZGP", D(2025, 7, 1), D(2025, 12, 31)),
        ("ZGL", D(2026, 1, 1), D(2026, 6, 30)),
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
    ]


def test_schedule_apply_proposal_touching_current_term_refused(members, history):
    past, current = history
    before = [_row(past), _row(current)]
    proposal = [services.ProposedTerm(association=members.ozs, starts_on=TODAY, ends_on=D(2026, 12, 31))]

    with pytest.raises(ValidationError):
        services.schedule_apply(proposal=proposal, today=TODAY)

    assert [_row(past), _row(current)] == before
    assert Term.objects.count() == 2


# --- Membership changes -----------------------------------------------------------------------------------


def test_schedule_replan_member_joined_enters_rotation_at_end(members, history):
    planned = _plan(5)
    AssociationFactory(name="Związek Gmin Dolnośląskich", short_name="ZGD", joined_on=D(2026, 3, 1))

    replanned = services.schedule_replan(today=TODAY)

    assert _schedule()[2:] == [
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGP", D(2027, 7, 1), D(2027, 12, 31)),
        ("ZGD", D(2028, 1, 1), D(2028, 6, 30)),
        ("ZGL", D(2028, 7, 1), D(2028, 12, 31)),
    ]
    assert [term.pk for term in replanned] == [term.pk for term in planned]


def test_schedule_replan_member_leaving_loses_future_terms(members, history):
    past, current = history
    _plan(4)
    before = [_row(past), _row(current)]
    association_leave(association=members.ozs, left_on=D(2026, 9, 1))

    services.schedule_replan(today=TODAY)

    assert _schedule()[2:] == [
        ("SMO", D(2026, 7, 1), D(2026, 12, 31)),
        ("ZGP", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGL", D(2027, 7, 1), D(2027, 12, 31)),
        ("SMO", D(2028, 1, 1), D(2028, 6, 30)),
    ]
    assert [_row(past), _row(current)] == before


def test_schedule_replan_member_leaving_after_its_term_keeps_it(members, history):
    _plan(3)
    association_leave(association=members.ozs, left_on=D(2027, 1, 1))

    services.schedule_replan(today=TODAY)

    assert _schedule()[2:] == [
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGP", D(2027, 7, 1), D(2027, 12, 31)),
    ]


@pytest.fixture
def planned_around_today(members, today):
    """The real today: ZGL presides; OZS, SMO, ZGP and ZGL follow with irregular, planned dates."""
    TermFactory(association=members.zgl, starts_on=today - DAYS(10), ends_on=today + DAYS(5))
    spans = [(6, 100), (101, 200), (201, 300), (301, 400)]
    for association, (first, last) in zip([members.ozs, members.smo, members.zgp, members.zgl], spans, strict=True):
        TermFactory(
            association=association,
            starts_on=today + DAYS(first),
            ends_on=today + DAYS(last),
            programme=f"{association.short_name} programme",
        )
    return [(today + DAYS(first), today + DAYS(last)) for first, last in spans]


def test_association_save_new_member_replans_schedule_on_commit(members, planned_around_today, today, django_capture_on_commit_callbacks):
    joining = AssociationFactory.build(name="Związek Gmin Dolnośląskich", short_name="ZGD", slug="zgd", joined_on=today)

    with django_capture_on_commit_callbacks(execute=True):
        association_save(association=joining)

    assert _schedule()[1:] == [(name, *span) for name, span in zip(["OZS", "SMO", "ZGP", "ZGD"], planned_around_today, strict=True)]
    assert Term.objects.get(starts_on=planned_around_today[3][0]).programme == ""


def test_association_leave_replans_schedule_on_commit(members, planned_around_today, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        association_leave(association=members.ozs, left_on=today + DAYS(30))

    assert _schedule()[1:] == [(name, *span) for name, span in zip(["SMO", "ZGP", "ZGL", "SMO"], planned_around_today, strict=True)]
    assert _schedule()[0] == ("ZGL", today - DAYS(10), today + DAYS(5))


# --- Moving a handover ------------------------------------------------------------------------------------


@pytest.fixture
def three_terms(members):
    return (
        TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30)),
        TermFactory(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31)),
        TermFactory(association=members.smo, starts_on=D(2027, 1, 1), ends_on=D(2027, 6, 30)),
    )


def test_term_move_handover_later_shortens_outgoing_term(three_terms):
    services.term_move_handover(term=three_terms[1], new_start=D(2026, 7, 7), today=TODAY)

    assert _schedule() == [
        ("ZGL", D(2026, 1, 1), D(2026, 7, 6)),
        ("OZS", D(2026, 7, 7), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
    ]
    assert ActivityLogEntry.objects.get(action="presidency.term.handover_moved").data == {"from": "2026-07-01", "to": "2026-07-07"}


def test_term_move_handover_earlier_shortens_outgoing_term(three_terms):
    services.term_move_handover(term=three_terms[1], new_start=D(2026, 6, 20), today=TODAY)

    assert _schedule() == [
        ("ZGL", D(2026, 1, 1), D(2026, 6, 19)),
        ("OZS", D(2026, 6, 20), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
    ]


def test_term_move_handover_between_planned_terms_later(three_terms):
    services.term_move_handover(term=three_terms[2], new_start=D(2027, 1, 15), today=TODAY)

    assert _schedule() == [
        ("ZGL", D(2026, 1, 1), D(2026, 6, 30)),
        ("OZS", D(2026, 7, 1), D(2027, 1, 14)),
        ("SMO", D(2027, 1, 15), D(2027, 6, 30)),
    ]


def test_term_move_handover_after_gap_moves_only_the_term(members):
    TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    later = TermFactory(association=members.ozs, starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31), gap_before=True)

    services.term_move_handover(term=later, new_start=D(2026, 8, 1), today=TODAY)

    assert _schedule() == [("ZGL", D(2026, 1, 1), D(2026, 6, 30)), ("OZS", D(2026, 8, 1), D(2026, 12, 31))]


@pytest.mark.parametrize(
    ("index", "new_start", "message"),
    [
        (0, D(2026, 3, 20), "The handover to Związek Gmin Lubuskich already took place on 1 January 2026 and cannot be moved."),
        (1, TODAY, "A handover can only be moved to a day after today."),
        (1, D(2026, 3, 1), "A handover can only be moved to a day after today."),
        (1, D(2027, 1, 1), "The new handover date must fall before the end of the term (31 December 2026)."),
        (2, D(2026, 7, 1), "The new handover date must fall after the start of the previous term (1 July 2026)."),
    ],
)
def test_term_move_handover_impossible_date_refused(three_terms, english, index, new_start, message):
    before = _schedule()

    with pytest.raises(ValidationError) as error:
        services.term_move_handover(term=three_terms[index], new_start=new_start, today=TODAY)

    assert error.value.messages == [message]
    assert _schedule() == before


def test_schedule_propose_after_moved_handover_keeps_moved_date(members, three_terms):
    services.term_move_handover(term=three_terms[1], new_start=D(2026, 7, 7), today=TODAY)

    _plan(3)

    assert _schedule() == [
        ("ZGL", D(2026, 1, 1), D(2026, 7, 6)),
        ("OZS", D(2026, 7, 7), D(2026, 12, 31)),
        ("SMO", D(2027, 1, 1), D(2027, 6, 30)),
        ("ZGP", D(2027, 7, 1), D(2027, 12, 31)),
    ]


# --- Creating a term --------------------------------------------------------------------------------------


def test_term_create_follows_previous_term(members, history):
    term = services.term_create(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31), programme="Transport")

    assert _row(term) | {"id": None} == {
        "id": None,
        "association_id": members.ozs.pk,
        "starts_on": D(2026, 7, 1),
        "ends_on": D(2026, 12, 31),
        "gap_before": False,
        "programme": "Transport",
        "priorities": "",
        "handover_note": "",
        "trio_id": None,
    }
    assert ActivityLogEntry.objects.get(action="presidency.term.created").object_id == str(term.pk)


def test_term_create_overlapping_term_refused_naming_other_association(members, history, english):
    with pytest.raises(ValidationError) as error:
        services.term_create(association=members.ozs, starts_on=D(2026, 6, 30), ends_on=D(2026, 12, 31))

    assert error.value.messages == ["These dates overlap the term of Związek Gmin Lubuskich (1 January 2026 – 30 June 2026)."]
    assert Term.objects.count() == 2


def test_term_create_unmarked_gap_refused(members, history, english):
    with pytest.raises(ValidationError) as error:
        services.term_create(association=members.ozs, starts_on=D(2026, 7, 7), ends_on=D(2026, 12, 31))

    assert error.value.messages == [
        "The previous term (Związek Gmin Lubuskich) ends on 30 June 2026, so this one should begin on 1 July 2026. "
        "If the federation decided on a gap, tick “gap before this term”."
    ]
    assert Term.objects.count() == 2


def test_term_create_marked_gap_accepted(members, history):
    services.term_create(association=members.ozs, starts_on=D(2026, 7, 7), ends_on=D(2026, 12, 31), gap_before=True)

    assert _schedule()[2:] == [("OZS", D(2026, 7, 7), D(2026, 12, 31))]


def test_term_create_before_next_term_with_gap_refused(members, history, english):
    with pytest.raises(ValidationError) as error:
        services.term_create(association=members.ozs, starts_on=D(2025, 1, 1), ends_on=D(2025, 6, 1))

    assert error.value.messages == [
        "The next term (Związek Gmin Pomorskich) begins on 1 July 2025, so this one should end on 30 June 2025."
    ]


def test_term_create_association_joining_after_start_refused(members, history, english):
    joining = AssociationFactory(name="Związek Gmin Dolnośląskich", joined_on=D(2026, 7, 2))

    with pytest.raises(ValidationError) as error:
        services.term_create(association=joining, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))

    assert error.value.message_dict == {
        "association": ["Związek Gmin Dolnośląskich joined the federation on 2 July 2026, after this term would begin."]
    }
    assert Term.objects.count() == 2


def test_term_create_association_leaving_on_last_day_refused(members, history, english):
    association_leave(association=members.ozs, left_on=D(2026, 12, 31))

    with pytest.raises(ValidationError) as error:
        services.term_create(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))

    assert error.value.message_dict == {
        "association": ["Opolski Związek Samorządów leaves the federation on 31 December 2026, before this term would end."]
    }
    assert Term.objects.count() == 2


def test_term_create_association_leaving_day_after_term_accepted(members, history):
    association_leave(association=members.ozs, left_on=D(2027, 1, 1))

    services.term_create(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))

    assert _schedule()[2:] == [("OZS", D(2026, 7, 1), D(2026, 12, 31))]


# --- Trios ------------------------------------------------------------------------------------------------


def test_trio_form_three_consecutive_terms(three_terms):
    trio = services.trio_form(terms=[three_terms[2], three_terms[0], three_terms[1]], name="Trio 2026–2027", programme="Water")

    assert (trio.name, trio.programme) == ("Trio 2026–2027", "Water")
    assert [term.pk for term in trio.terms.order_by("starts_on")] == [term.pk for term in three_terms]


def test_trio_form_terms_with_gap_refused(members, three_terms):
    later = TermFactory(association=members.zgp, starts_on=D(2027, 8, 1), ends_on=D(2027, 12, 31), gap_before=True)

    with pytest.raises(ValidationError):
        services.trio_form(terms=[three_terms[1], three_terms[2], later], name="Gap")

    assert Term.objects.filter(trio__isnull=False).count() == 0


@pytest.mark.parametrize("count", [2, 4])
def test_trio_form_not_three_terms_refused(members, three_terms, count):
    fourth = TermFactory(association=members.zgp, starts_on=D(2027, 7, 1), ends_on=D(2027, 12, 31))

    with pytest.raises(ValidationError):
        services.trio_form(terms=[*three_terms, fourth][:count], name="Wrong size")

    assert Term.objects.filter(trio__isnull=False).count() == 0


def test_trio_form_term_already_in_trio_refused(members, three_terms):
    earlier = TrioFactory()
    three_terms[0].trio = earlier
    three_terms[0].save()

    with pytest.raises(ValidationError):
        services.trio_form(terms=list(Term.objects.filter(pk__in=[term.pk for term in three_terms])), name="Again")

    assert list(Term.objects.filter(trio=earlier)) == [three_terms[0]]
    assert list(Term.objects.filter(trio__isnull=False).exclude(trio=earlier)) == []


def test_trio_form_term_taken_by_concurrent_trio_refused(members, three_terms):
    fourth = TermFactory(association=members.zgp, starts_on=D(2027, 7, 1), ends_on=D(2027, 12, 31))
    # Two editors loaded the terms; the first forms a trio before the second submits.
    first = services.trio_form(terms=[Term.objects.get(pk=term.pk) for term in three_terms], name="First")

    with pytest.raises(ValidationError):
        services.trio_form(terms=[three_terms[1], three_terms[2], fourth], name="Second")

    assert [term.pk for term in first.terms.order_by("starts_on")] == [term.pk for term in three_terms]
