"""factory_boy factories for every record; tests build their data with these."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from events.enums import EventKind, EventStatus
from events.models import Event
from members.enums import Country, LegalForm, LocalGovernmentKind, RoleKind
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Role, Topic
from positions.enums import IdentifierKind, Jurisdiction, PositionStatus, Procedure, Stance
from positions.models import ConsultationRound, DraftAct, DraftActIdentifier, Position, PositionVersion
from positions.text import text_sha256
from presidency.models import RotationPlace, Term, Trio


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Związek Gmin Regionu {n}")
    short_name = factory.Sequence(lambda n: f"ZGR{n}")
    slug = factory.Sequence(lambda n: f"zgr-{n}")
    legal_form = LegalForm.ASSOCIATION
    country = Country.POLAND
    region = "lubuskie"
    joined_on = dt.date(2013, 10, 29)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_pl = factory.Sequence(lambda n: f"Temat {n}")
    name_cs = factory.Sequence(lambda n: f"Téma {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    lead_association = factory.SubFactory(AssociationFactory)


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    """A Polish rural gmina with a valid, unique TERC code (powiat numbers 01–50, type digit 2)."""

    class Meta:
        model = LocalGovernment

    code = factory.Sequence(lambda n: f"08{n % 50 + 1:02d}{n // 50 % 100:02d}2")
    country = Country.POLAND
    name = factory.Sequence(lambda n: f"Gmina {n}")
    kind = LocalGovernmentKind.RURAL_GMINA
    population = 5000


class LocalGovernmentMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernmentMembership

    local_government = factory.SubFactory(LocalGovernmentFactory)
    association = factory.SubFactory(AssociationFactory)
    joined_on = dt.date(2015, 1, 1)


class RoleFactory(factory.django.DjangoModelFactory):
    """A bare Role row (no permissions): use `members.services.role_grant` where permissions matter."""

    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory)
    kind = RoleKind.STAFF
    starts_on = dt.date(2020, 1, 1)


class TrioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trio

    name = factory.Sequence(lambda n: f"Trio {n}")


class TermFactory(factory.django.DjangoModelFactory):
    """A bare Term row; schedule rules are exercised through `presidency.services`."""

    class Meta:
        model = Term

    association = factory.SubFactory(AssociationFactory)
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 6, 30)


class RotationPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RotationPlace

    association = factory.SubFactory(AssociationFactory)
    position = factory.Sequence(lambda n: n + 1)


# --- Positions ------------------------------------------------------------------------------------------


class DraftActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftAct

    title = factory.Sequence(lambda n: f"Projekt ustawy o zmianie ustawy o dochodach jednostek samorządu terytorialnego ({n})")
    jurisdiction = Jurisdiction.POLAND
    originating_body = "Ministerstwo Finansów"
    stance = Stance.SUPPORT_WITH_AMENDMENTS


class DraftActIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftActIdentifier

    draft_act = factory.SubFactory(DraftActFactory)
    kind = IdentifierKind.SEJM_PRINT
    value = factory.Sequence(lambda n: f"{2100 + n}")


class ConsultationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationRound

    draft_act = factory.SubFactory(DraftActFactory)
    procedure = Procedure.PL_CONSULTATION
    received_on = dt.date(2026, 11, 2)
    calendar_days = 30
    deadline = dt.date(2026, 12, 2)


POINTS = [
    {"text": "Federacja popiera kierunek zmian w finansowaniu zadań oświatowych.", "subpoints": []},
    {
        "text": "Federacja wnosi o:",
        "subpoints": ["zwiększenie części oświatowej subwencji o 10%,", "waloryzację stawek na ucznia co roku."],
    },
    {"text": "Zmiany powinny wejść w życie od 1 stycznia 2027 r.", "subpoints": []},
]


class PositionFactory(factory.django.DjangoModelFactory):
    """A Position row with its first version of the text (status as given, default draft).

    Transitions, signatures and reference numbers are exercised through `positions.services`; this only
    sets the stage.
    """

    class Meta:
        model = Position
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Stanowisko w sprawie finansowania oświaty {n}")
    lead_association = factory.SubFactory(AssociationFactory)

    @factory.post_generation
    def text(position, create, extracted, **kwargs):
        if not create:
            return
        points = kwargs.get("points", POINTS)
        version = PositionVersion.objects.create(
            position=position,
            number=1,
            title=position.title,
            points=points,
            justification=kwargs.get("justification", "Uzasadnienie stanowiska."),
            sha256=text_sha256(
                title=position.title, preamble="", points=points, justification=kwargs.get("justification", "Uzasadnienie stanowiska.")
            ),
        )
        position.current_version = version
        position.save(update_fields=["current_version"])


def published_position_make(
    *, lead_association, reference_number: int, adopted_on=dt.date(2026, 3, 12), status=PositionStatus.PUBLISHED, **kwargs
):
    """A published position as the publish service leaves it (reference, slug, date), for public-page tests."""
    return PositionFactory(
        lead_association=lead_association,
        status=status,
        reference=f"FT/{adopted_on.year}/{reference_number:02d}",
        reference_year=adopted_on.year,
        reference_number=reference_number,
        slug=f"{adopted_on.year}-{reference_number:02d}-stanowisko",
        adopted_on=adopted_on,
        adopted_place="Nowa Sól",
        **kwargs,
    )


# --- Events ---------------------------------------------------------------------------------------------


def _in_days(days: int, hour: int = 10):
    from django.utils import timezone

    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    """A published seminar in two weeks, 10:00–14:00 Warsaw time, 30 places, registration open now.

    Organisers are set with `organisers=[...]` (post-generation)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.SEMINAR
    title = factory.Sequence(lambda n: f"Seminarium: finanse samorządu {n}")
    slug = factory.Sequence(lambda n: f"seminarium-{n}")
    starts_at = factory.LazyFunction(lambda: _in_days(14, 10))
    ends_at = factory.LazyFunction(lambda: _in_days(14, 14))
    venue = "Urząd Marszałkowski"
    address = "ul. Podgórna 7, 65-057 Zielona Góra"
    capacity = 30
    status = EventStatus.PUBLISHED

    @factory.post_generation
    def organisers(event, create, extracted, **kwargs):
        if create and extracted:
            event.organisers.set(extracted)
