"""A small public world for the API and open-data tests, with everything that must never leak beside it."""

import datetime as dt
from types import SimpleNamespace

import factory
import pytest
from django.utils import timezone

from events.enums import Audience, EventKind, EventStatus, Fee
from events.models import AgendaItem
from members.enums import Country, LocalGovernmentKind
from positions.enums import Decision, IdentifierKind, Jurisdiction, PositionStatus, Stance
from positions.models import PositionVersion, Signature
from positions.text import text_sha256
from tests.factories import (
    AssociationFactory,
    DraftActFactory,
    DraftActIdentifierFactory,
    EventFactory,
    LocalGovernmentFactory,
    LocalGovernmentMembershipFactory,
    PositionFactory,
    TermFactory,
    TopicFactory,
    TrioFactory,
    UserFactory,
    published_position_make,
)

D = dt.date


@pytest.fixture
def site(site_pages):
    """The public page tree in three languages: the API and the files give addresses on its pages."""
    return site_pages


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches the site's root paths: an empty cache makes every test count the same queries."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class SignatureFactory(factory.django.DjangoModelFactory):
    """A decision on the position's current text, as `signature_record` leaves it."""

    class Meta:
        model = Signature

    position = factory.SubFactory(PositionFactory)
    version = factory.LazyAttribute(lambda signature: signature.position.current_version)
    association = factory.SubFactory(AssociationFactory)
    signer = factory.SubFactory(UserFactory)
    signer_name = factory.Sequence(lambda n: f"Prezes Testowy {n}")
    signer_function = "Prezes Zarządu"
    decision = Decision.SIGNED
    text_sha256 = factory.LazyAttribute(lambda signature: signature.version.sha256)


def in_days(days: int, hour: int, zone=None):
    """An aware moment `days` from today at `hour`:00 local time."""
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def world(db):
    """Three associations (one former), a topic, local governments, terms around today in a trio, two public
    positions with signatures and a public draft act, three public events; and, to prove they never leak,
    positions in draft, consultation and signing, a declined signature, a signature on an earlier text, a
    draft act without a public stance, members-only, invited-only and draft events."""
    today = timezone.localdate()
    zgl = AssociationFactory(
        name="Związek Gmin Lubuskich",
        short_name="ZGL",
        slug="zgl",
        joined_on=D(2013, 10, 29),
        region="lubuskie",
        city="Zielona Góra",
        street_address="ul. Podgórna 7",
        postal_code="65-057",
        website="https://zgl.example.org",
        email="biuro@zgl.example.org",
        phone="+48 68 000 00 00",
        krs="0000339564",
        description="Związek gmin województwa lubuskiego.",
    )
    smo = AssociationFactory(
        name="Svaz měst a obcí Libereckého kraje",
        short_name="SMO",
        slug="smo",
        country=Country.CZECHIA,
        region="Liberecký kraj",
        city="Liberec",
        joined_on=D(2015, 3, 1),
        ico="70225214",
    )
    former = AssociationFactory(
        name="Stowarzyszenie Gmin Dawnych", short_name="SGD", slug="sgd", joined_on=D(2014, 1, 1), left_on=D(2020, 1, 1)
    )
    finance = TopicFactory(slug="finanse", name_pl="Finanse lokalne", name_cs="Místní finance", name_en="", lead_association=zgl)

    powiat = LocalGovernmentFactory(code="0802", name="Powiat krośnieński", kind=LocalGovernmentKind.POWIAT, population=55000)
    bytnica = LocalGovernmentFactory(code="0802012", name="Gmina Bytnica", parent=powiat, population=2500)
    liberec = LocalGovernmentFactory(
        code="563889", name="Liberec", country=Country.CZECHIA, kind=LocalGovernmentKind.STATUTORY_CITY, population=104000
    )
    LocalGovernmentMembershipFactory(local_government=bytnica, association=zgl, joined_on=D(2015, 1, 1))
    LocalGovernmentMembershipFactory(local_government=bytnica, association=former, joined_on=D(2014, 1, 1), left_on=D(2020, 1, 1))
    LocalGovernmentMembershipFactory(local_government=liberec, association=smo, joined_on=D(2016, 1, 1))

    trio = TrioFactory(name="Trio 2026", programme="Wspólny program.")
    past = TermFactory(association=smo, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=31), trio=trio)
    current = TermFactory(
        association=zgl,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        trio=trio,
        programme="Program prezydencji.",
        priorities="Finanse gmin\nRetencja wody\n",
        handover_note="Notatka wewnętrzna.",
    )
    upcoming = TermFactory(association=smo, starts_on=today + dt.timedelta(days=31), ends_on=today + dt.timedelta(days=200))

    old = published_position_make(
        lead_association=smo,
        reference_number=1,
        adopted_on=D(2025, 5, 20),
        status=PositionStatus.SUPERSEDED,
        title="Stanowisko w sprawie retencji wody",
        text__points=[{"text": "Federacja wnosi o program małej retencji.", "subpoints": []}],
    )
    position = published_position_make(
        lead_association=zgl,
        title="Stanowisko w sprawie finansowania oświaty",
        reference_number=2,
        adopted_on=D(2026, 3, 12),
        supersedes=old,
        topic=finance,
        forum="Zarząd Federacji",
        addressees="Minister Finansów\nMinister Edukacji",
        term=current,
        published_at=timezone.make_aware(dt.datetime(2026, 3, 13, 9, 30)),
    )
    position.co_drafters.add(smo)
    # A signature on an earlier text of the position: it no longer counts and is never shown.
    earlier = PositionVersion.objects.create(
        position=position,
        number=0,
        title="Wcześniejszy tekst",
        points=[],
        sha256=text_sha256(title="x", preamble="", points=[], justification=""),
    )
    SignatureFactory(position=position, version=earlier, text_sha256=earlier.sha256, association=former, signer_name="Dawny Podpis")
    signed = SignatureFactory(position=position, association=zgl, signer_name="Anna Lis", signer_function="Prezes Zarządu")
    abstained = SignatureFactory(
        position=position,
        association=smo,
        signer_name="Jan Novák",
        signer_function="Předseda",
        decision=Decision.ABSTAINED,
        reservation="Bod 2 nepodporujeme.",
        mandate_body="Rada svazu",
        mandate_date=D(2026, 3, 1),
    )
    objector = AssociationFactory(name="Związek Sprzeciwu", short_name="ZS", slug="zs")
    SignatureFactory(position=position, association=objector, signer_name="Piotr Sprzeciw", decision=Decision.DECLINED)
    SignatureFactory(position=old, association=smo, signer_name="Jan Novák", signer_function="Předseda")

    bill = DraftActFactory(
        title="Projekt ustawy o dochodach JST",
        stance=Stance.SUPPORT_WITH_AMENDMENTS,
        stance_is_public=True,
        topic=finance,
        lead_association=zgl,
        summary="Zmiany w subwencji.",
    )
    DraftActIdentifierFactory(draft_act=bill, kind=IdentifierKind.SEJM_PRINT, value="2188", url="https://www.sejm.gov.pl/druk/2188")
    hidden_bill = DraftActFactory(
        title="Projekt tajnego rozporządzenia", stance=Stance.OPPOSE, stance_is_public=False, jurisdiction=Jurisdiction.CZECHIA
    )
    position.draft_acts.add(bill, hidden_bill)

    # Positions the public must never see, with slugs and words of their own.
    drafts = [
        PositionFactory(lead_association=zgl, title=f"Tajne stanowisko {status}", slug=f"tajne-{status}", topic=finance, status=status)
        for status in (
            PositionStatus.DRAFT,
            PositionStatus.CONSULTATION,
            PositionStatus.FINAL,
            PositionStatus.SIGNING,
            PositionStatus.WITHDRAWN,
        )
    ]
    for draft in drafts:
        SignatureFactory(position=draft, association=smo, signer_name="Podpis Projektu")

    seminar = EventFactory(
        organisers=[zgl],
        slug="seminarium-finanse",
        title="Seminarium: finanse gmin",
        topic=finance,
        starts_at=in_days(14, 10),
        ends_at=in_days(14, 14),
        online_url="https://meet.example.org/tajny-link",
        speakers="dr Ewa Przykładowa – radczyni prawna\n",
        description="O finansach.",
        hours=4,
    )
    training = EventFactory(
        organisers=[smo, zgl],
        slug="skoleni-liberec",
        title="Školení: rozpočet obce",
        kind=EventKind.TRAINING,
        language="cs",
        time_zone="Europe/Prague",
        starts_at=in_days(40, 9),
        ends_at=in_days(41, 15),
        fee=Fee.PAID,
        fee_amount=250,
        fee_currency="CZK",
        vat_basis="osvobozeno",
        capacity=None,
        venue="Krajský úřad",
        address="U Jezu 642, Liberec",
    )
    meeting = EventFactory(
        organisers=[zgl],
        slug="posiedzenie-zarzadu",
        title="Posiedzenie Zarządu",
        kind=EventKind.BOARD_SITTING,
        starts_at=in_days(-5, 10),
        ends_at=in_days(-5, 13),
        minutes="Zarząd przyjął stanowisko.",
        term=current,
        status=EventStatus.CANCELLED,
    )
    AgendaItem.objects.create(event=meeting, order=1, title="Przyjęcie stanowiska", position=position)
    AgendaItem.objects.create(event=meeting, order=2, title="Projekt w toku", position=drafts[3])
    meeting.positions_adopted.set([position, drafts[3]])
    hidden_events = [
        EventFactory(organisers=[zgl], slug="tylko-dla-czlonkow", title="Szkolenie dla członków", audience=Audience.MEMBERS),
        EventFactory(organisers=[zgl], slug="na-zaproszenie", title="Spotkanie na zaproszenie", audience=Audience.INVITED),
        EventFactory(organisers=[zgl], slug="szkic-wydarzenia", title="Szkic wydarzenia", status=EventStatus.DRAFT),
    ]
    return SimpleNamespace(
        today=today,
        zgl=zgl,
        smo=smo,
        former=former,
        objector=objector,
        finance=finance,
        powiat=powiat,
        bytnica=bytnica,
        liberec=liberec,
        trio=trio,
        past=past,
        current=current,
        upcoming=upcoming,
        old=old,
        position=position,
        signed=signed,
        abstained=abstained,
        bill=bill,
        hidden_bill=hidden_bill,
        drafts=drafts,
        seminar=seminar,
        training=training,
        meeting=meeting,
        hidden_events=hidden_events,
    )
