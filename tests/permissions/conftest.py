"""One world for the permission matrix, built once per module and rolled back at its end.

Each test runs inside its own savepoint on top of it (pytest-django's `db`), so what one cell changes is gone
before the next. The world holds, beside what the cells act on, what must never leak: a draft with a slug, a
declined signature with its reservation, registrations with people's names and addresses.
"""

import copy
import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cms.demo.practices import PRACTICES_SECTION
from cms.models import PracticeCategory
from cms.services import site_setup
from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.models import Invitation, Registration
from members.enums import RoleKind
from members.permissions import SECRETARIAT_GROUP
from members.services import role_grant
from positions.enums import AdoptionRule, Decision, PositionStatus
from positions.models import ReferenceCounter, Signature
from tests.conftest import SITE_CONTENT
from tests.factories import (
    AssociationFactory,
    EventFactory,
    LocalGovernmentFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    published_position_make,
)
from tests.factories.practices import GoodPracticePageFactory

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# What must never reach the API or a public page; each string is unique in the world.
SECRETS = SimpleNamespace(
    draft_title="Tajny projekt stanowiska w sprawie opłat",
    signing_title="Stanowisko w podpisywaniu o drogach gminnych",
    declined_reservation="Zastrzeżenie poufne: sprzeciw zarządu",
    declined_signer="Odmawiający Sygnatariusz",
    participant_last_name="Tajemnicza",
    participant_email="jadwiga.tajemnicza@bytnica.example.pl",
    user_email_domain="people.example.org",
    draft_event_title="Szkolenie robocze, jeszcze nieogłoszone",
    invited_event_title="Spotkanie tylko dla zaproszonych",
)


def _person(association, kind, username, *, title=""):
    user = UserFactory(username=username, email=f"{username}@{SECRETS.user_email_domain}")
    role_grant(user=user, association=association, kind=kind, title=title, starts_on=D(2020, 1, 1))
    return user


def _board_sitting(day, **fields):
    """A board sitting for the invited, from 10:00 to 14:00 on the day of `day` (a local datetime)."""
    return EventFactory(
        kind=EventKind.BOARD_SITTING,
        starts_at=day.replace(hour=10, minute=0, second=0, microsecond=0),
        ends_at=day.replace(hour=14, minute=0, second=0, microsecond=0),
        audience=Audience.INVITED,
        **fields,
    )


def _point_private_storage_at(path):
    """Resolution files go to a temporary directory instead of the project's private_media/."""
    storage = Signature._meta.get_field("resolution_file").storage
    saved = storage.__dict__.copy()
    storage._location = str(path)
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    return storage, saved


def _build() -> SimpleNamespace:
    today = timezone.localdate()
    content = copy.deepcopy(SITE_CONTENT)
    for language, section in PRACTICES_SECTION.items():
        content[language]["practices"] = section
    pages = site_setup(content=content, federation={"name_pl": "Federacja Testowa", "name_en": "Test Federation", "short_name": "FT"})

    def association(short, name):
        return AssociationFactory(name=name, short_name=short, slug=short.lower(), joined_on=D(2013, 10, 29))

    lead = association("ZGL", "Związek Gmin Lubuskich")  # leads the positions and organises the seminar
    co = association("ZGW", "Związek Gmin Wielkopolskich")  # co-drafts the positions
    other = association("SMO", "Stowarzyszenie Miast i Obszarów")  # a member with no part in the drafts
    presiding = association("OZS", "Opolski Związek Samorządów")  # presides today
    past = association("ZGP", "Związek Gmin Pomorskich")  # presided until a month ago
    following = association("ZGK", "Związek Gmin Kujawskich")  # presides from the next term
    objector = association("ZGM", "Związek Gmin Mazowieckich")  # declined to sign

    past_term = TermFactory(association=past, starts_on=today - 200 * ONE_DAY, ends_on=today - 31 * ONE_DAY)
    current_term = TermFactory(association=presiding, starts_on=today - 30 * ONE_DAY, ends_on=today + 150 * ONE_DAY)
    next_term = TermFactory(association=following, starts_on=today + 151 * ONE_DAY, ends_on=today + 330 * ONE_DAY)

    secretariat = UserFactory(username="sekretariat", is_staff=True, email=f"sekretariat@{SECRETS.user_email_domain}")
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    users = {
        "anonymous": None,
        "no_role": UserFactory(username="bez.roli", email=f"bez.roli@{SECRETS.user_email_domain}"),
        "staff_of_lead": _person(lead, RoleKind.STAFF, "zgl.pracownik"),
        "editor_of_lead": _person(lead, RoleKind.EDITOR, "zgl.redaktor"),
        "signatory_of_lead": _person(lead, RoleKind.SIGNATORY, "zgl.prezes", title="Prezes Zarządu"),
        "administrator_of_lead": _person(lead, RoleKind.ADMINISTRATOR, "zgl.admin"),
        "editor_of_co_drafter": _person(co, RoleKind.EDITOR, "zgw.redaktor"),
        "editor_of_other_assoc": _person(other, RoleKind.EDITOR, "smo.redaktor"),
        "signatory_of_other_assoc": _person(other, RoleKind.SIGNATORY, "smo.prezes", title="Prezes"),
        "presiding_editor": _person(presiding, RoleKind.EDITOR, "ozs.redaktor"),
        "presiding_administrator": _person(presiding, RoleKind.ADMINISTRATOR, "ozs.admin"),
        "past_presiding_editor": _person(past, RoleKind.EDITOR, "zgp.redaktor"),
        "next_presiding_administrator": _person(following, RoleKind.ADMINISTRATOR, "zgk.admin"),
        "secretariat": secretariat,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True, email=f"root@{SECRETS.user_email_domain}"),
    }
    co_signatory = _person(co, RoleKind.SIGNATORY, "zgw.prezes", title="Przewodniczący")
    objector_signatory = _person(objector, RoleKind.SIGNATORY, "zgm.prezes", title="Prezes")

    # --- Positions: one in each status, led by ZGL with ZGW co-drafting --------------------------------
    def position(status, **fields):
        made = PositionFactory(lead_association=lead, status=status, **fields)
        made.co_drafters.add(co)
        return made

    draft = position(PositionStatus.DRAFT, title=SECRETS.draft_title, slug="tajny-projekt")
    consultation = position(PositionStatus.CONSULTATION, consultation_deadline=today + 10 * ONE_DAY)
    final = position(PositionStatus.FINAL)
    signing = position(
        PositionStatus.SIGNING,
        title=SECRETS.signing_title,
        slug="w-podpisywaniu",
        signing_deadline=today + 14 * ONE_DAY,
        adoption_rule=AdoptionRule.AT_LEAST,
        adoption_minimum=1,
    )
    version = signing.current_version
    signed = Signature.objects.create(
        position=signing,
        version=version,
        association=co,
        signer=co_signatory,
        signer_name="Podpisujący Przewodniczący",
        signer_function="Przewodniczący",
        decision=Decision.SIGNED,
        text_sha256=version.sha256,
        resolution_file=ContentFile(b"%PDF-1.4 uchwala zarzadu", name="uchwala.pdf"),
    )
    Signature.objects.create(
        position=signing,
        version=version,
        association=objector,
        signer=objector_signatory,
        signer_name=SECRETS.declined_signer,
        decision=Decision.DECLINED,
        reservation=SECRETS.declined_reservation,
        text_sha256=version.sha256,
    )
    published = published_position_make(lead_association=lead, reference_number=1, adopted_on=today - 40 * ONE_DAY)
    ReferenceCounter.objects.create(year=published.adopted_on.year, last_number=1)  # as the publish service leaves it
    for association, signer, decision in ((co, co_signatory, Decision.SIGNED), (objector, objector_signatory, Decision.DECLINED)):
        Signature.objects.create(
            position=published,
            version=published.current_version,
            association=association,
            signer=signer,
            signer_name=SECRETS.declined_signer if decision == Decision.DECLINED else "Podpisujący Przewodniczący",
            decision=decision,
            reservation=SECRETS.declined_reservation if decision == Decision.DECLINED else "",
            text_sha256=published.current_version.sha256,
        )

    # --- Events --------------------------------------------------------------------------------------------
    seminar = EventFactory(organisers=[lead], title="Seminarium o budżecie", slug="seminarium-budzet")
    registrations = [
        Registration.objects.create(
            event=seminar,
            status=RegistrationStatus.CONFIRMED,
            first_name="Jadwiga",
            last_name=SECRETS.participant_last_name,
            email=SECRETS.participant_email,
            job_title="skarbnik",
        ),
        Registration.objects.create(
            event=seminar, status=RegistrationStatus.CONFIRMED, first_name="Tomasz", last_name="Sekretny", email="tomasz@example.pl"
        ),
    ]
    draft_event = EventFactory(organisers=[lead], title=SECRETS.draft_event_title, slug="szkolenie-robocze", status=EventStatus.DRAFT)
    invited_event = EventFactory(organisers=[lead], title=SECRETS.invited_event_title, slug="dla-zaproszonych", audience=Audience.INVITED)
    Invitation.objects.create(event=invited_event, email="zaproszona@example.pl")
    meeting = _board_sitting(
        timezone.localtime() + 10 * ONE_DAY,
        organisers=[presiding],
        title="Posiedzenie Zarządu Federacji",
        slug="posiedzenie-zarzadu",
        term=current_term,
    )
    past_meeting = _board_sitting(
        timezone.localtime() - 60 * ONE_DAY,
        organisers=[past],
        title="Posiedzenie Zarządu w minionej kadencji",
        slug="posiedzenie-minione",
        term=past_term,
    )

    # --- Good practices: one submitted by ZGL's editor, waiting for the secretariat's review ------------
    library = pages["pl"]["practices"]
    LocalGovernmentFactory(code="0802032", name="Bytnica")
    category = PracticeCategory.objects.create(slug="energia", name_pl="Efektywność energetyczna")
    in_review = GoodPracticePageFactory(
        parent=library,
        title="Praktyka czekająca na recenzję",
        publish=False,
        user=users["editor_of_lead"],
        association=lead,
        categories=[category],
    )
    library.get_workflow().start(in_review, users["editor_of_lead"])

    return SimpleNamespace(
        today=today,
        pages=pages,
        lead=lead,
        co=co,
        other=other,
        presiding=presiding,
        past=past,
        following=following,
        objector=objector,
        past_term=past_term,
        current_term=current_term,
        next_term=next_term,
        users=users,
        draft=draft,
        consultation=consultation,
        final=final,
        signing=signing,
        signed=signed,
        published=published,
        seminar=seminar,
        registrations=registrations,
        draft_event=draft_event,
        invited_event=invited_event,
        meeting=meeting,
        past_meeting=past_meeting,
        library=library,
        category=category,
        in_review=in_review,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, committed to nobody: built in a transaction that is rolled back after the module."""
    storage, saved = _point_private_storage_at(tmp_path_factory.mktemp("private"))
    with django_db_blocker.unblock():
        cache.clear()
        outer = transaction.atomic()
        outer._from_testcase = True  # lets the services' durable blocks run inside, as in a TestCase
        outer.__enter__()
        try:
            # The function-scoped `_fast_passwords` is not in force yet: hash the world's passwords fast too.
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = _build()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()
            storage.__dict__.clear()
            storage.__dict__.update(saved)
