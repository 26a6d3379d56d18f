"""The Django half of the page benchmark (bench/run.py starts it in its own process, once per database).

Builds the throwaway database the app servers will read: migrate, the public page tree in Polish, Czech and
English (`cms.services.site_setup`), `manage.py seed_scale` at the chosen size, and the stored PDF of one
adopted position. Then picks the address of every page type and counts the queries each one takes, in this
process, with Django's test client: once with the page cache off and once served from it (local memory).
Writes all that as JSON for the harness.

    .venv/bin/python bench/build.py --size small --out site.json

The database, media folder and the rest come from the environment (DATABASE_URL, MEDIA_ROOT, ...), exactly as
the app servers get them.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# seed_scale's options per size; "full" is the command's own defaults (200 associations, 20,000 local
# governments, 10,000 positions, 5,000 events, 200,000 registrations).
SIZES = {
    "small": {"associations": 20, "local_governments": 500, "positions": 200, "max_signatures": 20, "events": 100, "registrations": 2000},
    "full": {},
}

SITE_CONTENT = {
    "pl": {
        "home": {"title": "Federacja", "mission": "Wspólny głos samorządów."},
        "members": {"title": "Członkowie", "slug": "czlonkowie"},
        "presidency": {"title": "Prezydencja", "slug": "prezydencja"},
        "positions": {"title": "Stanowiska", "slug": "stanowiska", "intro": "<p>Wspólne stanowiska przyjęte przez członków.</p>"},
        "events": {"title": "Wydarzenia", "slug": "wydarzenia", "intro": "<p>Szkolenia, seminaria i posiedzenia federacji.</p>"},
        "news": {"title": "Aktualności", "slug": "aktualnosci"},
        "about": {"title": "O nas", "slug": "o-nas", "body": "<p>Porozumienie regionalnych organizacji.</p>"},
        "contact": {"title": "Kontakt", "slug": "kontakt"},
    },
    "cs": {
        "home": {"title": "Federace", "mission": "Společný hlas samospráv."},
        "members": {"title": "Členové"},
        "presidency": {"title": "Předsednictví"},
        "positions": {"title": "Stanoviska", "intro": "<p>Společná stanoviska přijatá členy.</p>"},
        "events": {"title": "Akce", "intro": "<p>Školení, semináře a zasedání federace.</p>"},
        "news": {"title": "Aktuality"},
        "about": {"title": "O nás", "body": "<p>Dohoda regionálních organizací.</p>"},
        "contact": {"title": "Kontakt"},
    },
    "en": {
        "home": {"title": "Federation", "mission": "The common voice of local governments."},
        "members": {"title": "Members"},
        "presidency": {"title": "Presidency"},
        "positions": {"title": "Positions", "intro": "<p>Joint positions adopted by the members.</p>"},
        "events": {"title": "Events", "intro": "<p>Trainings, seminars and the federation's meetings.</p>"},
        "news": {"title": "News"},
        "about": {"title": "About us", "body": "<p>An accord of regional organisations.</p>"},
        "contact": {"title": "Contact"},
    },
}
FEDERATION = {
    "name_pl": "Federacja Związków Samorządowych",
    "name_cs": "Federace svazů samospráv",
    "name_en": "Federation of Local-Government Associations",
    "short_name": "FZS",
}
# gunicorn's worker timeout (federation/gunicorn.conf.py, GUNICORN_TIMEOUT's default): the app servers never
# answer a request that takes longer.
SERVER_TIMEOUT_SECONDS = 30
SEARCH_QUERY = "odpady"
API_LISTS = ["/api/v1/positions", "/api/v1/associations", "/api/v1/local-governments", "/api/v1/events", "/api/v1/presidency/terms"]


def database_build(*, size: str) -> dict:
    """Migrate, build the page tree, seed the federation and store one PDF. Returns the seconds per step."""
    from django.core.management import call_command

    from cms.services import site_setup

    seconds = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    seconds["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    site_setup(content=SITE_CONTENT, federation=FEDERATION)
    seconds["site_setup"] = time.perf_counter() - started

    started = time.perf_counter()
    call_command("seed_scale", stdout=sys.stderr, **SIZES[size])
    seconds["seed_scale"] = time.perf_counter() - started
    return {step: round(value, 1) for step, value in seconds.items()}


def pdf_store() -> tuple[object, float]:
    """Render and store the PDF of the latest adopted position, as the background task does after
    publication. Returns the position and the seconds the render took."""
    from positions.enums import PositionStatus
    from positions.models import Position
    from positions.pdf import document_ensure

    position = Position.objects.filter(status=PositionStatus.PUBLISHED).order_by("-adopted_on", "-pk").first()
    started = time.perf_counter()
    document_ensure(version_id=position.current_version_id)
    return position, time.perf_counter() - started


def page_types(*, position) -> list[dict]:
    """Every page type the benchmark drives, in the order of the tables, with the addresses it requests
    (several addresses are requested in turn)."""
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import Locale

    from cms.models import EventIndexPage, MembersPage, PositionIndexPage, PresidencyPage
    from events.enums import Audience
    from events.selectors import event_list_upcoming

    polish = Locale.objects.get(language_code="pl")

    def page_url(page_class) -> str:
        return page_class.objects.live().get(locale=polish).url

    positions = page_url(PositionIndexPage)
    events = page_url(EventIndexPage)
    # The first upcoming public event: the top of the events list, with its registration form.
    event = next(e for e in event_list_upcoming(user=AnonymousUser()) if e.audience == Audience.PUBLIC)
    return [
        {"key": "floor", "label": "floor (fixed template, no database)", "paths": ["/bench/floor/"]},
        {"key": "home", "label": "home", "paths": ["/"]},
        {"key": "positions_list", "label": "positions list", "paths": [positions]},
        {"key": "position_page", "label": "position page", "paths": [f"{positions}{position.slug}/"]},
        {"key": "stored_pdf", "label": "stored PDF", "paths": [f"/pdf/positions/{position.slug}.pdf"]},
        {"key": "events_list", "label": "events list", "paths": [events]},
        {"key": "event_page", "label": "event page", "paths": [f"{events}{event.slug}/"]},
        {"key": "members_list", "label": "members list", "paths": [page_url(MembersPage)]},
        {"key": "presidency", "label": "presidency", "paths": [page_url(PresidencyPage)]},
        {"key": "search", "label": "search results", "paths": [f"/search/?q={SEARCH_QUERY}"]},
        {"key": "api_lists", "label": "API lists", "paths": API_LISTS},
        {"key": "atom_feed", "label": "Atom feed (positions)", "paths": [f"{positions}feed/"]},
        {"key": "icalendar_feed", "label": "iCalendar feed (events)", "paths": ["/calendar/events.ics"]},
    ]


def _get(client, path):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}, not 200: the benchmark needs every page to exist.")
    return response, body


def queries_count(types: list[dict]) -> None:
    """Add to each page type, per address, the queries per request, the response's size and the seconds it
    takes in this process: with the page cache off (the second request: the first fills Wagtail's caches and
    compiles the templates), and answered from the page cache (this process's local-memory cache; a page the
    cache refuses to store counts as uncached).

    A page slower here than the app servers' worker timeout would never be answered by them: it is requested
    once, and marked `too_slow` with its time, so the harness leaves it out of the load."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")  # as the app servers are asked (DJANGO_ALLOWED_HOSTS)

    def measured_get(path):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response, body = _get(client, path)
        return response, body, len(queries), time.perf_counter() - started

    for page_type in types:
        page_type.update(queries={"uncached": {}, "cached": {}}, bytes={}, seconds={}, page_cache={})
        for path in page_type["paths"]:
            with override_settings(PAGE_CACHE_SECONDS=0):
                _response, body, count, seconds = measured_get(path)
                if seconds < SERVER_TIMEOUT_SECONDS:
                    _response, body, count, seconds = measured_get(path)
            page_type["queries"]["uncached"][path] = count
            page_type["bytes"][path] = len(body)
            page_type["seconds"][path] = round(seconds, 4)
            if seconds >= SERVER_TIMEOUT_SECONDS:
                page_type["too_slow"] = True
                page_type["queries"]["cached"][path] = count
                page_type["page_cache"][path] = "never stored: slower than the app servers' timeout"
                continue
            with override_settings(PAGE_CACHE_SECONDS=600):
                _get(client, path)  # a miss, stored if the page may be
                response, _body, count, _seconds = measured_get(path)
            page_type["queries"]["cached"][path] = count
            page_type["page_cache"][path] = response.get("X-Page-Cache", "not cacheable")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    seconds = database_build(size=args.size)
    position, render_seconds = pdf_store()
    seconds["pdf_render"] = round(render_seconds, 2)
    types = page_types(position=position)
    queries_count(types)

    from django.db import connection

    from events.models import Event, Registration
    from members.models import Association, LocalGovernment
    from positions.models import Position

    result = {
        "database": connection.vendor,
        "size": args.size,
        "seed_scale_options": SIZES[args.size] or "defaults",
        "counts": {
            "associations": Association.objects.count(),
            "local_governments": LocalGovernment.objects.count(),
            "positions": Position.objects.count(),
            "events": Event.objects.count(),
            "registrations": Registration.objects.count(),
        },
        "build_seconds": seconds,
        "page_types": types,
    }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
