"""Property-based tests of signing: random sequences of decisions by random associations and people on
positions in random states, with new versions of the text and signing closed and reopened in between.

An oracle says, for every call, whether it must be recorded or refused (and with which error type); the
database must then hold exactly the decisions the oracle holds, one per association and version, and the
adoption result must count exactly those on the current text."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from hypothesis import given, settings
from hypothesis import strategies as st

from members.models import Association
from positions import selectors, services
from positions.enums import EDITABLE_STATUSES, Decision, PositionStatus
from positions.models import Position, PositionVersion, Signature
from tests.factories import PositionFactory, published_position_make
from tests.properties import PROPERTY_SETTINGS, Refused, api_answers, nasty_text, page_answers, raw_query, refusal, rolled_back

ONE_DAY = dt.timedelta(days=1)
STATUSES = [
    PositionStatus.DRAFT,
    PositionStatus.CONSULTATION,
    PositionStatus.FINAL,
    PositionStatus.SIGNING,
    PositionStatus.SIGNING,
    PositionStatus.SIGNING,
    PositionStatus.WITHDRAWN,
]
# What the signing form lets through: at most 255 characters, no NUL (Django's CharField refuses it).
form_text = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=255)

sign = st.tuples(
    st.just("sign"),
    st.integers(0, 1),  # position
    st.integers(0, 3),  # association
    st.sampled_from(["own signatory"] * 4 + ["other signatory", "editor", "outsider"]),
    st.sampled_from([*Decision.values] * 4 + ["maybe", ""]),
    st.sampled_from(["current"] * 5 + ["stale", "garbage"]),
    st.sampled_from([None] * 5 + [-30, 0, 5]),  # resolution date, in days from today
    form_text,
    form_text,
)
other = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 1), st.sampled_from([0, 0, 0, -1])),
    st.tuples(st.just("close"), st.integers(0, 1)),
    st.tuples(st.just("open"), st.integers(0, 1)),
)
# Mostly decisions; now and then a new version of the text, or signing closed or reopened.
operation = st.integers(min_value=0, max_value=9).flatmap(lambda draw: sign if draw < 8 else other)


class World:
    """The fixture's associations and people, and what the oracle expects the database to hold."""

    def __init__(self, fed, statuses, zgp_left):
        if zgp_left:
            Association.objects.filter(pk=fed.zgp.pk).update(left_on=fed.today)
        self.fed = fed
        self.associations = list(Association.objects.filter(pk__in=[a.pk for a in fed.all]).order_by("joined_on"))
        people = fed.people
        self.signatories = [people.zgl_signatory, people.ozs_signatory, people.smo_signatory, people.zgp_signatory]
        self.editors = [people.zgl_editor, people.ozs_editor, people.smo_editor, people.zgp_editor]
        self.positions = [
            PositionFactory(
                lead_association=fed.zgl,
                status=status,
                signing_deadline=fed.today + 14 * ONE_DAY if status == PositionStatus.SIGNING else None,
            )
            for status in statuses
        ]
        self.decisions: dict[tuple[int, int], str] = {}  # (version pk, association pk) -> decision
        self.edits = 0

    def position(self, index) -> Position:
        return Position.objects.select_related("current_version").get(pk=self.positions[index].pk)

    def run(self, step):
        kind = step[0]
        if kind == "sign":
            self.sign(*step[1:])
        elif kind == "edit":
            self.edit(*step[1:])
        else:
            self.move(*step)

    def sign(self, index, which, signer_kind, decision, sha, resolution_days, reservation, mandate_body):
        position = self.position(index)
        association = self.associations[which]
        signer = {
            "own signatory": self.signatories[which],
            "other signatory": self.signatories[(which + 1) % 4],
            "editor": self.editors[which],
            "outsider": self.fed.people.outsider,
        }[signer_kind]
        version = position.current_version
        earlier = PositionVersion.objects.filter(position=position, number=version.number - 1).first()
        text_sha256 = {"current": version.sha256, "stale": earlier.sha256 if earlier else "0" * 64, "garbage": "0" * 64}[sha]
        mandate_date = None if resolution_days is None else self.fed.today + dt.timedelta(days=resolution_days)

        if decision not in Decision.values or (mandate_date and mandate_date > self.fed.today):
            expected = ValidationError
        elif position.status != PositionStatus.SIGNING:
            expected = ValidationError
        elif signer_kind != "own signatory":
            expected = PermissionDenied
        elif not association.is_member_on(self.fed.today) or text_sha256 != version.sha256:
            expected = ValidationError
        elif (version.pk, association.pk) in self.decisions:
            expected = ValidationError
        else:
            expected = None

        result = refusal(
            lambda: services.signature_record(
                position=position,
                association=association,
                decision=decision,
                by=signer,
                text_sha256=text_sha256,
                reservation=reservation,
                mandate_body=mandate_body,
                mandate_date=mandate_date,
            )
        )
        if expected is None:
            assert not isinstance(result, Refused), result
            assert (result.version_id, result.association_id, result.decision, result.text_sha256) == (
                version.pk,
                association.pk,
                decision,
                version.sha256,
            )
            self.decisions[(version.pk, association.pk)] = decision
        else:
            assert isinstance(result, Refused) and result.kind is expected, (expected, result)

    def edit(self, index, base_offset):
        position = self.position(index)
        self.edits += 1
        points = [{"text": f"Federacja wnosi o zmianę nr {self.edits}.", "subpoints": []}]
        current_number = position.current_version.number
        base_number = current_number + base_offset
        result = refusal(
            lambda: services.version_save(
                position=position, base_number=base_number, title=position.title, points=points, by=self.fed.people.zgl_editor
            )
        )
        if position.status in EDITABLE_STATUSES and base_offset == 0:
            assert not isinstance(result, Refused), result
            assert result.number == current_number + 1
        else:
            # A stale base is refused with VersionConflict, a ValidationError that carries the newer text.
            assert isinstance(result, Refused) and issubclass(result.kind, ValidationError), result

    def move(self, kind, index):
        position = self.position(index)
        source, to = {
            "close": (PositionStatus.SIGNING, PositionStatus.FINAL),
            "open": (PositionStatus.FINAL, PositionStatus.SIGNING),
        }[kind]
        status = position.status  # the service updates `position` when it succeeds
        result = refusal(
            lambda: services.position_transition(
                position=position, to=to, by=self.fed.people.ozs_admin, signing_deadline=self.fed.today + 7 * ONE_DAY
            )
        )
        if status == source:
            assert not isinstance(result, Refused), result
            assert Position.objects.get(pk=position.pk).status == to
        elif (status, to) in services.TRANSITIONS:
            # A draft becomes the final text by its lead association, not by the presidency.
            assert isinstance(result, Refused) and result.kind is PermissionDenied, result
        else:
            assert isinstance(result, Refused) and result.kind is ValidationError, result

    def assert_holds(self):
        twice = Signature.objects.values("version", "association").annotate(count=Count("pk")).filter(count__gt=1)
        assert not twice.exists()
        rows = Signature.objects.select_related("version")
        assert {(s.version_id, s.association_id): s.decision for s in rows} == self.decisions
        for signature in rows:
            assert signature.position_id == signature.version.position_id
            assert signature.text_sha256 == signature.version.sha256
        eligible = [a for a in self.associations if a.is_member_on(self.fed.today)]
        for index in range(len(self.positions)):
            position = self.position(index)
            result = selectors.adoption_result(position=position, today=self.fed.today)
            on_current = {pk: decision for (version, pk), decision in self.decisions.items() if version == position.current_version_id}
            counted = {a.pk: on_current[a.pk] for a in eligible if a.pk in on_current}
            for decided, decision in (
                (result.signed, Decision.SIGNED),
                (result.abstained, Decision.ABSTAINED),
                (result.declined, Decision.DECLINED),
            ):
                assert sorted(s.association_id for s in decided) == sorted(pk for pk, d in counted.items() if d == decision)
            assert {a.pk for a in result.waiting} == {a.pk for a in eligible} - set(counted)
            assert len(result.signed) + len(result.abstained) + len(result.declined) + len(result.waiting) == len(eligible)


@settings(PROPERTY_SETTINGS, max_examples=50)
@given(
    statuses=st.lists(st.sampled_from(STATUSES), min_size=2, max_size=2),
    zgp_left=st.booleans(),
    operations=st.lists(operation, min_size=4, max_size=16),
)
def test_signing_keeps_one_decision_per_association_and_version(fed, statuses, zgp_left, operations):
    with rolled_back():
        world = World(fed, statuses, zgp_left)
        for step in operations:
            world.run(step)
            world.assert_holds()


# --- Through the web ----------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(
    params=st.dictionaries(st.sampled_from(["q", "topic", "year", "term", "draft_act", "association", "page"]), nasty_text, max_size=4),
    raw=raw_query,
)
def test_position_list_answers_any_filter_without_a_server_error(client, fed, site_pages, params, raw):
    with rolled_back():
        published_position_make(lead_association=fed.zgl, reference_number=1)
        index = site_pages["en"]["positions"].url
        page_answers(client.get(index, params))
        page_answers(client.get(f"{index}?q={raw}&year={raw}&association={raw}"))


@PROPERTY_SETTINGS
@given(query=nasty_text, kind=st.one_of(st.none(), nasty_text, st.sampled_from(["positions", "events"])), page=nasty_text, raw=raw_query)
def test_search_answers_any_query_without_a_server_error(client, fed, site_pages, query, kind, page, raw):
    with rolled_back():
        published_position_make(lead_association=fed.zgl, reference_number=1)
        params = {"q": query, "page": page, **({"kind": kind} if kind is not None else {})}
        response = client.get("/search/", params, HTTP_ACCEPT_LANGUAGE="en")
        page_answers(response)
        assert response.status_code == 200
        page_answers(client.get(f"/search/?q={raw}&kind={raw}"))


API_LISTS = {
    "/api/v1/positions": ["q", "year", "topic", "association", "status", "limit", "offset"],
    "/api/v1/draft-acts": ["topic", "jurisdiction", "limit", "offset"],
    "/api/v1/associations": ["q", "country", "membership", "limit", "offset"],
    "/api/v1/local-governments": ["q", "code", "country", "association", "limit", "offset"],
}


@PROPERTY_SETTINGS
@given(
    path=st.sampled_from(sorted(API_LISTS)),
    data=st.data(),
    raw=raw_query,
)
def test_api_lists_answer_any_filter_without_a_server_error(client, fed, path, data, raw):
    with rolled_back():
        published_position_make(lead_association=fed.zgl, reference_number=1)
        params = data.draw(st.dictionaries(st.sampled_from(API_LISTS[path]), nasty_text, max_size=4))
        api_answers(client.get(path, params, HTTP_ACCEPT_LANGUAGE="en"))
        names = API_LISTS[path]
        api_answers(client.get(f"{path}?{names[0]}={raw}&{names[-1]}={raw}"))
