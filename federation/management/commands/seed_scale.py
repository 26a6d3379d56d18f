"""Build a large federation for measurement: by default 200 associations, 20,000 local governments,
ten years of presidency terms, 10,000 positions with up to 60 signatures each, 5,000 events with 200,000
registrations.

Rows are written with bulk inserts, not through the services: the services' checks, locks, mails and
activity log are what the unit tests exercise; here the goal is a realistic volume, fast. The search index
is then rebuilt for the new records in bulk. Run it on an empty database (it refuses otherwise), after
`migrate` and, for the public pages, `load_demo`-style site pages (it creates the page tree if missing).
"""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.search.backends import get_search_backend

from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.models import Event, Registration
from federation import page_cache
from members.enums import Country, LocalGovernmentKind
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Topic
from positions.enums import Decision, PositionStatus
from positions.models import Position, PositionVersion, Signature
from positions.text import text_sha256
from presidency.models import Term

BATCH = 2000
TOPICS = [
    ("finanse", "Finanse samorządu", "Finance samospráv", "Local finance"),
    ("oswiata", "Oświata", "Školství", "Education"),
    ("transport", "Transport publiczny", "Veřejná doprava", "Public transport"),
    ("odpady", "Gospodarka odpadami", "Odpadové hospodářství", "Waste management"),
    ("woda", "Gospodarka wodna", "Vodní hospodářství", "Water management"),
    ("zdrowie", "Ochrona zdrowia", "Zdravotnictví", "Health care"),
    ("energia", "Energetyka", "Energetika", "Energy"),
    ("cyfryzacja", "Cyfryzacja", "Digitalizace", "Digitalisation"),
]
WORDS = (
    "samorząd gmina powiat finansowanie oświata transport odpady retencja energia cyfryzacja zdrowie "
    "subwencja dochody wydatki inwestycje mieszkańcy rada budżet ustawa rozporządzenie projekt"
).split()


class Command(BaseCommand):
    help = "Build a large federation for measurement (bulk inserts; on an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--associations", type=int, default=200)
        parser.add_argument("--local-governments", type=int, default=20_000)
        parser.add_argument("--positions", type=int, default=10_000)
        parser.add_argument("--max-signatures", type=int, default=60)
        parser.add_argument("--events", type=int, default=5_000)
        parser.add_argument("--registrations", type=int, default=200_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-index", action="store_true", help="Leave the search index as it is.")

    def handle(self, *args, **options):
        if Association.objects.exists() or Position.objects.exists():
            raise CommandError("The database already holds a federation; seed_scale fills an empty one (run it after `migrate`).")
        self.random = random.Random(options["seed"])
        self.today = timezone.localdate()
        self.started = time.monotonic()
        with transaction.atomic():
            associations = self._associations(options["associations"])
            topics = self._topics(associations)
            self._local_governments(options["local_governments"], associations)
            terms = self._terms(associations, options["years"])
            signers = self._signers(associations)
            positions = self._positions(options["positions"], options["max_signatures"], associations, topics, terms, signers)
            self._events(options["events"], options["registrations"], associations, topics, options["years"])
            # Rows written in bulk send no signals: drop any cached public page explicitly.
            page_cache.public_content_changed()
        if not options["no_index"]:
            self._index(positions)
        # Planner statistics for the new rows, as autovacuum would gather them on a live PostgreSQL database:
        # without them PostgreSQL takes the big tables for empty and picks nested loops over all their rows.
        # SQLite gathers none by itself, so an embedded database has none; and with them it misjudges a
        # unique column that is mostly empty (positions.supersedes: every NULL counted as one value) and scans
        # the whole table once per position in the public lists (24 s for 20 positions of 10,000).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self._step("statistics (ANALYZE)")
        self._step("done")

    def _step(self, message: str, count: int | None = None):
        elapsed = time.monotonic() - self.started
        suffix = f" ({count:,})" if count is not None else ""
        self.stdout.write(f"[{elapsed:7.1f} s] {message}{suffix}")
        self.stdout.flush()

    def _associations(self, count):
        rows = []
        for number in range(1, count + 1):
            czech = number % 10 == 0
            rows.append(
                Association(
                    name=f"{'Svaz obcí' if czech else 'Związek Gmin'} {number:03d}",
                    short_name=f"{'SO' if czech else 'ZG'}{number:03d}",
                    slug=f"zwiazek-{number:03d}",
                    country=Country.CZECHIA if czech else Country.POLAND,
                    region="Plzeňský kraj" if czech else "lubuskie",
                    city=f"Miasto {number}",
                    joined_on=dt.date(self.today.year - 12, 1, 1),
                    description=f"Regionalna organizacja samorządowa nr {number}.",
                )
            )
        created = Association.objects.bulk_create(rows, batch_size=BATCH)
        self._step("associations", len(created))
        return list(Association.objects.order_by("pk"))

    def _topics(self, associations):
        rows = [
            Topic(slug=slug, name_pl=pl, name_cs=cs, name_en=en, lead_association=associations[index % len(associations)])
            for index, (slug, pl, cs, en) in enumerate(TOPICS)
        ]
        Topic.objects.bulk_create(rows)
        return list(Topic.objects.order_by("pk"))

    def _local_governments(self, count, associations):
        rows = [
            LocalGovernment(
                code=f"{9_000_000 + number:07d}",
                country=Country.POLAND,
                name=f"Gmina {self._word()} {number}",
                kind=LocalGovernmentKind.values[number % len(LocalGovernmentKind.values)],
                population=self.random.randint(1_500, 90_000),
            )
            for number in range(count)
        ]
        LocalGovernment.objects.bulk_create(rows, batch_size=BATCH)
        self._step("local governments", count)
        joined = dt.date(self.today.year - 10, 1, 1)
        memberships = [
            LocalGovernmentMembership(local_government_id=pk, association=associations[index % len(associations)], joined_on=joined)
            for index, pk in enumerate(LocalGovernment.objects.order_by("pk").values_list("pk", flat=True))
        ]
        LocalGovernmentMembership.objects.bulk_create(memberships, batch_size=BATCH)
        self._step("memberships", len(memberships))

    def _terms(self, associations, years):
        """Half-year terms from `years` ago to two years ahead, rotating through the associations."""
        terms, starts_on = [], dt.date(self.today.year - years, 1, 1)
        end = dt.date(self.today.year + 2, 12, 31)
        index = 0
        while starts_on <= end:
            ends_on = dt.date(starts_on.year, 6, 30) if starts_on.month == 1 else dt.date(starts_on.year, 12, 31)
            terms.append(
                Term(
                    association=associations[index % len(associations)],
                    starts_on=starts_on,
                    ends_on=ends_on,
                    programme="Program prezydencji: finanse samorządów, oświata, transport publiczny.",
                    priorities="Stabilne dochody samorządów\nOświata bliżej mieszkańców",
                )
            )
            starts_on, index = ends_on + dt.timedelta(days=1), index + 1
        Term.objects.bulk_create(terms)
        self._step("presidency terms", len(terms))
        return list(Term.objects.order_by("starts_on"))

    def _signers(self, associations):
        User = get_user_model()
        users = [User(username=f"sygnatariusz-{a.slug}", first_name="Prezes", last_name=a.short_name) for a in associations]
        for user in users:
            user.set_unusable_password()
        User.objects.bulk_create(users, batch_size=BATCH)
        by_name = {u.username: u.pk for u in User.objects.filter(username__startswith="sygnatariusz-")}
        return {a.pk: by_name[f"sygnatariusz-{a.slug}"] for a in associations}

    def _word(self) -> str:
        return self.random.choice(WORDS)

    def _positions(self, count, max_signatures, associations, topics, terms, signers):
        first_day = dt.date(self.today.year - len(terms) // 2 + 2, 1, 1)
        span = (self.today - first_day).days
        counters: dict[int, int] = {}
        rows = []
        for number in range(count):
            adopted_on = first_day + dt.timedelta(days=span * number // count)
            published = number % 20 != 0  # one in twenty stays a draft: the public never sees it
            title = f"Stanowisko w sprawie {self._word()}: {self._word()} i {self._word()} ({number})"
            reference = slug = ""
            year = reference_number = None
            if published:
                year = adopted_on.year
                counters[year] = reference_number = counters.get(year, 0) + 1
                reference, slug = f"SEED/{year}/{reference_number:03d}", f"{year}-{reference_number:03d}-{slugify(title)[:50]}"
            rows.append(
                Position(
                    reference=reference,
                    reference_year=year,
                    reference_number=reference_number,
                    slug=slug,
                    title=title,
                    topic=topics[number % len(topics)],
                    lead_association=associations[number % len(associations)],
                    status=PositionStatus.PUBLISHED if published else PositionStatus.DRAFT,
                    adopted_on=adopted_on if published else None,
                    adopted_place="Warszawa" if published else "",
                    published_at=timezone.make_aware(dt.datetime.combine(adopted_on, dt.time(12))) if published else None,
                    term=self._term_on(terms, adopted_on) if published else None,
                    forum="Zarząd Federacji",
                )
            )
        Position.objects.bulk_create(rows, batch_size=BATCH)
        positions = list(Position.objects.order_by("pk"))
        self._step("positions", len(positions))

        versions = []
        for position in positions:
            points = [{"text": f"Federacja {self._word()} {self._word()} w zakresie {self._word()}.", "subpoints": []} for _ in range(5)]
            justification = " ".join(self._word() for _ in range(60))
            versions.append(
                PositionVersion(
                    position=position,
                    number=1,
                    title=position.title,
                    points=points,
                    justification=justification,
                    sha256=text_sha256(title=position.title, preamble="", points=points, justification=justification),
                )
            )
        PositionVersion.objects.bulk_create(versions, batch_size=BATCH)
        version_ids = dict(PositionVersion.objects.values_list("position_id", "pk"))
        version_sha = dict(PositionVersion.objects.values_list("pk", "sha256"))
        for position in positions:
            position.current_version_id = version_ids[position.pk]
        Position.objects.bulk_update(positions, ["current_version"], batch_size=BATCH)
        self._step("texts", len(versions))

        signatures, total = [], 0
        for position in positions:
            if position.status != PositionStatus.PUBLISHED:
                continue
            signing = self.random.sample(associations, self.random.randint(1, min(max_signatures, len(associations))))
            version_id = position.current_version_id
            for association in signing:
                roll = self.random.random()
                decision = Decision.SIGNED if roll < 0.9 else Decision.ABSTAINED if roll < 0.97 else Decision.DECLINED
                signatures.append(
                    Signature(
                        position_id=position.pk,
                        version_id=version_id,
                        association_id=association.pk,
                        signer_id=signers[association.pk],
                        signer_name=f"Prezes {association.short_name}",
                        signer_function="Prezes Zarządu",
                        decision=decision,
                        text_sha256=version_sha[version_id],
                    )
                )
            if len(signatures) >= 20_000:
                Signature.objects.bulk_create(signatures, batch_size=BATCH)
                total += len(signatures)
                signatures = []
                self._step("signatures", total)
        if signatures:
            Signature.objects.bulk_create(signatures, batch_size=BATCH)
            self._step("signatures", total + len(signatures))
        return positions

    @staticmethod
    def _term_on(terms, day):
        for term in terms:
            if term.starts_on <= day <= term.ends_on:
                return term
        return None

    def _events(self, count, registrations, associations, topics, years):
        first = timezone.now() - dt.timedelta(days=365 * years)
        span = dt.timedelta(days=365 * years + 365)  # ten years back, one ahead
        kinds = [EventKind.SEMINAR, EventKind.TRAINING, EventKind.CONFERENCE, EventKind.WEBINAR]
        rows = []
        for number in range(count):
            starts_at = (first + span * number / count).replace(minute=0, second=0, microsecond=0)
            title = f"{kinds[number % len(kinds)].label.capitalize()}: {self._word()} i {self._word()} ({number})"
            rows.append(
                Event(
                    kind=kinds[number % len(kinds)],
                    title=title,
                    slug=f"{starts_at:%Y-%m-%d}-{slugify(title)[:60]}-{number}",
                    description=" ".join(self._word() for _ in range(40)),
                    topic=topics[number % len(topics)],
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(hours=4),
                    venue="Urząd Marszałkowski",
                    address="ul. Podgórna 7, 65-057 Zielona Góra",
                    capacity=60,
                    audience=Audience.PUBLIC if number % 10 else Audience.MEMBERS,
                    status=EventStatus.PUBLISHED,
                )
            )
        Event.objects.bulk_create(rows, batch_size=BATCH)
        events = list(Event.objects.order_by("pk").values_list("pk", flat=True))
        Organisers = Event.organisers.through
        Organisers.objects.bulk_create(
            [Organisers(event_id=pk, association_id=associations[index % len(associations)].pk) for index, pk in enumerate(events)],
            batch_size=BATCH,
        )
        self._step("events", len(events))
        per_event = max(registrations // max(len(events), 1), 1)
        rows, total = [], 0
        for index, event_id in enumerate(events):
            association = associations[index % len(associations)]
            for person in range(per_event):
                rows.append(
                    Registration(
                        event_id=event_id,
                        status=RegistrationStatus.CONFIRMED if person < 60 else RegistrationStatus.WAITING,
                        first_name="Anna",
                        last_name=f"Uczestniczka {person}",
                        email=f"uczestnik{person}.{event_id}@example.org",
                        unit=f"Urząd Gminy {person}",
                        association_id=association.pk,
                    )
                )
            if len(rows) >= 20_000:
                Registration.objects.bulk_create(rows, batch_size=BATCH)
                total, rows = total + len(rows), []
                self._step("registrations", total)
        if rows:
            Registration.objects.bulk_create(rows, batch_size=BATCH)
            self._step("registrations", total + len(rows))

    def _index(self, positions):
        """Index the new records for the site search in bulk (the bulk inserts sent no signals)."""
        backend = get_search_backend()
        for model, queryset in (
            (Association, Association.objects.all()),
            (Position, Position.objects.select_related("topic", "lead_association", "current_version")),
            (Event, Event.objects.select_related("topic").prefetch_related("organisers")),
        ):
            index = backend.get_index_for_model(model)
            chunk = []
            for obj in queryset.iterator(chunk_size=BATCH):
                chunk.append(obj)
                if len(chunk) == BATCH:
                    index.add_items(model, chunk)
                    chunk = []
            if chunk:
                index.add_items(model, chunk)
            self._step(f"search index: {model._meta.verbose_name_plural}")
