"""Benchmark: rendering the PDF of a long adopted position, and serving the stored file.

Builds, in a throwaway SQLite database, a position of about ten pages (numbered points with sub-points and
a long justification) signed by 60 member associations, through the same services the app uses. Then:
renders its PDF N times (WeasyPrint, tagged PDF/UA-1) and serves the stored file M times through Django's
test client. Prints a table and writes bench/results/pdf.json.

    .venv/bin/python bench/pdf.py [--renders 5] [--requests 200]

Target: a render under 2.5 s (it happens once per adopted text, in a background task); serving is a file
read with an ETag and no rendering.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "pdf.json"
ASSOCIATIONS = 60
TARGET_PAGES = 10
RENDER_TARGET_SECONDS = 2.5

FIRST_NAMES = ["Zofia", "Łukasz", "Małgorzata", "Wojciech", "Agnieszka", "Paweł", "Jiří", "Kateřina", "Tomáš", "Žaneta", "Grzegorz", "Ewa"]
LAST_NAMES = ["Wiśniewska", "Żółkiewski", "Nowak", "Dąbrowski", "Kołodziej", "Šťastný", "Dvořáková", "Wróbel", "Ślęzak", "Růžička"]
REGIONS = ["Dolnośląskie", "Lubuskie", "Opolskie", "Śląskie", "Pomorskie", "Małopolskie", "Podkarpackie", "Warmińsko-Mazurskie"]

POINT = (
    "Federacja wnosi o zmianę art. {n} projektu tak, aby jednostki samorządu terytorialnego otrzymywały środki "
    "na realizację zadań zleconych w wysokości pokrywającej rzeczywiste koszty, z uwzględnieniem wzrostu "
    "wynagrodzeń, cen energii i kosztów utrzymania infrastruktury; obecne brzmienie przepisu przerzuca na gminy "
    "i powiaty „koszty stałe”, których nie mogą one ograniczyć bez szkody dla mieszkańców."
)
SUBPOINTS = [
    "doprecyzowanie, że kwota dotacji jest waloryzowana corocznie wskaźnikiem wzrostu cen towarów i usług konsumpcyjnych,",
    "wprowadzenie obowiązku konsultacji metodologii podziału środków z Komisją Wspólną Rządu i Samorządu Terytorialnego,",
    "określenie terminu przekazania pierwszej transzy nie później niż do 31 stycznia każdego roku.",
]
JUSTIFICATION = (
    "Samorządy od lat dopłacają do zadań zleconych z zakresu administracji rządowej z dochodów własnych. "
    "Z analiz przeprowadzonych przez zrzeszone związki wynika, że w latach 2019–2025 luka finansowa wzrosła "
    "niemal dwukrotnie, a w gminach wiejskich sięga kilkunastu procent wydatków bieżących. Projekt nie odnosi się "
    "do tego problemu, a proponowany mechanizm podziału środków opiera się na danych sprzed kilku lat, "
    "nieodzwierciedlających ani zmian demograficznych, ani wzrostu kosztów pracy. Federacja zwraca uwagę, że "
    "zgodnie z art. 167 Konstytucji RP jednostkom samorządu terytorialnego zapewnia się udział w dochodach "
    "publicznych odpowiednio do przypadających im zadań."
)


def _setup(workdir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="federation.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        EMAIL_URL="dummymail://",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        DJANGO_DEBUG="false",
    )
    os.environ.setdefault("WAGTAILADMIN_BASE_URL", "https://federacja.example.pl")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _build(*, points: int, justification_paragraphs: int):
    """A published position signed by ASSOCIATIONS members, made through the services."""
    from django.contrib.auth import get_user_model

    from cms.services import site_setup
    from members.enums import RoleKind
    from members.models import Association
    from members.services import role_grant
    from positions import services
    from positions.enums import Decision, IdentifierKind, PositionStatus
    from positions.models import DraftAct, DraftActIdentifier, Position
    from presidency.models import Term

    today = dt.date.today()
    site_setup(
        content={"pl": {"home": {"title": "Federacja", "mission": "Wspólny głos samorządów."}}},
        federation={"name_pl": "Ogólnopolska Federacja Związków Samorządowych", "short_name": "OFZS"},
    )
    from cms.models import FederationSettings

    FederationSettings.objects.update(
        street_address="ul. Piłsudskiego 12", postal_code="67-100", city="Nowa Sól", email="biuro@ofzs.example"
    )
    User = get_user_model()
    people = []
    for index in range(ASSOCIATIONS):
        region = REGIONS[index % len(REGIONS)]
        association = Association.objects.create(
            name=f"Związek Gmin i Powiatów Regionu {region} nr {index + 1}",
            short_name=f"ZG{index + 1:02d}",
            slug=f"zg-{index + 1:02d}",
            region=region,
            joined_on=dt.date(2013, 10, 29),
        )
        user = User.objects.create_user(
            username=f"prezes{index}",
            first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
            last_name=LAST_NAMES[index % len(LAST_NAMES)],
            email=f"prezes{index}@example.org",
        )
        role_grant(user=user, association=association, kind=RoleKind.SIGNATORY, title="Prezes Zarządu", starts_on=dt.date(2020, 1, 1))
        people.append((association, user))
    lead = people[0][0]
    editor = User.objects.create_user(username="redaktor", first_name="Anna", last_name="Redaktorska")
    role_grant(user=editor, association=lead, kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    presiding = people[1][0]
    admin = User.objects.create_user(username="admin-prezydencji", first_name="Jan", last_name="Prezydencki")
    role_grant(user=admin, association=presiding, kind=RoleKind.ADMINISTRATOR, starts_on=dt.date(2020, 1, 1))
    Term.objects.create(association=presiding, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150))

    draft_act = DraftAct.objects.create(title="Rządowy projekt ustawy o dochodach jednostek samorządu terytorialnego")
    DraftActIdentifier.objects.create(draft_act=draft_act, kind=IdentifierKind.SEJM_PRINT, value="2184-A")
    DraftActIdentifier.objects.create(draft_act=draft_act, kind=IdentifierKind.GOVERNMENT_LIST, value="UD123")
    position = services.position_create(
        lead_association=lead,
        title="Stanowisko w sprawie rządowego projektu ustawy o dochodach jednostek samorządu terytorialnego",
        preamble="Federacja, działając w imieniu zrzeszonych związków, przedstawia następujące stanowisko.",
        points=[{"text": POINT.format(n=n + 1), "subpoints": SUBPOINTS if n % 2 else []} for n in range(points)],
        justification="\n\n".join([JUSTIFICATION] * justification_paragraphs),
        draft_acts=[draft_act],
        addressees="Minister Finansów\nSejmowa Komisja Samorządu Terytorialnego i Polityki Regionalnej",
        forum="Zarząd Federacji",
        by=editor,
    )
    services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
    services.position_transition(position=position, to=PositionStatus.SIGNING, by=admin, signing_deadline=today + dt.timedelta(days=14))
    position = Position.objects.select_related("current_version").get(pk=position.pk)
    for index, (association, user) in enumerate(people):
        abstains = index % 20 == 19
        services.signature_record(
            position=position,
            association=association,
            decision=Decision.ABSTAINED if abstains else Decision.SIGNED,
            reservation="Związek nie popiera pkt 4 w zakresie terminu przekazania środków." if abstains else "",
            by=user,
            text_sha256=position.current_version.sha256,
        )
    # Publishing renders and stores the PDF after commit (the immediate task backend runs it at once).
    services.position_transition(position=position, to=PositionStatus.PUBLISHED, by=admin, adopted_place="Nowa Sól")
    return Position.objects.select_related("current_version").get(pk=position.pk)


def _page_count(content: bytes) -> int:
    """Pages of a PDF, reading its (compressed) object streams: no PDF library needed."""
    data = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            data.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", b"".join(data)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--points", type=int, default=16, help="numbered points in the text (16, with 5 paragraphs, give ten pages)")
    parser.add_argument("--justification", type=int, default=5, help="paragraphs of justification")
    parser.add_argument("--save", type=Path, help="also write the rendered PDF here, to look at it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as workdir:
        started = time.perf_counter()
        _setup(Path(workdir))
        from django.test import Client

        from positions.models import PositionDocument
        from positions.pdf import adopted_version_get, document_render

        position = _build(points=args.points, justification_paragraphs=args.justification)
        setup_seconds = time.perf_counter() - started
        stored = PositionDocument.objects.get(version_id=position.current_version_id)

        version = adopted_version_get(version_id=position.current_version_id)
        timings, content = [], b""
        for _ in range(args.renders):
            version = adopted_version_get(version_id=position.current_version_id)  # as the task does: fresh reads
            begin = time.perf_counter()
            content = document_render(version=version)
            timings.append(time.perf_counter() - begin)
        pages = _page_count(content)
        if args.save:
            args.save.write_bytes(content)

        client = Client()
        url = f"/pdf/positions/{position.slug}.pdf"
        etag = f'"{stored.sha256}"'
        assert client.get(url).status_code == 200  # warm-up
        serve, not_modified = [], []
        for _ in range(args.requests):
            begin = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content)
            serve.append(time.perf_counter() - begin)
            assert response.status_code == 200 and len(body) == stored.size
        for _ in range(args.requests):
            begin = time.perf_counter()
            response = client.get(url, HTTP_IF_NONE_MATCH=etag)
            not_modified.append(time.perf_counter() - begin)
            assert response.status_code == 304

    render_median = statistics.median(timings)
    serve_median = statistics.median(serve)
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "document": {
            "associations": ASSOCIATIONS,
            "points": args.points,
            "justification_paragraphs": args.justification,
            "pages": pages,
            "bytes": len(content),
            "stored_bytes": stored.size,
        },
        "render_seconds": {
            "runs": args.renders,
            "median": round(render_median, 3),
            "min": round(min(timings), 3),
            "max": round(max(timings), 3),
            "target": RENDER_TARGET_SECONDS,
            "within_target": render_median < RENDER_TARGET_SECONDS,
        },
        "serve_stored": {
            "requests": args.requests,
            "median_ms": round(serve_median * 1000, 2),
            "p95_ms": round(statistics.quantiles(serve, n=20)[-1] * 1000, 2),
            "requests_per_second": round(1 / serve_median, 1),
        },
        "serve_not_modified": {
            "requests": args.requests,
            "median_ms": round(statistics.median(not_modified) * 1000, 2),
            "requests_per_second": round(1 / statistics.median(not_modified), 1),
        },
        "setup_seconds": round(setup_seconds, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")

    rows = [
        ("pages / associations", f"{pages} / {ASSOCIATIONS}"),
        ("PDF size", f"{len(content) / 1024:.0f} KiB"),
        (f"render, {args.renders} runs: median", f"{render_median:.3f} s"),
        ("render: min / max", f"{min(timings):.3f} s / {max(timings):.3f} s"),
        (f"serve stored PDF, {args.requests} requests: median", f"{serve_median * 1000:.2f} ms ({1 / serve_median:.0f} req/s)"),
        ("serve stored PDF: p95", f"{result['serve_stored']['p95_ms']:.2f} ms"),
        ("304 Not Modified: median", f"{result['serve_not_modified']['median_ms']:.2f} ms"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"PDF of a joint position (WeasyPrint, PDF/UA-1), {platform.python_version()} on {os.cpu_count()} CPUs")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print(f"  target: render under {RENDER_TARGET_SECONDS} s: {'met' if render_median < RENDER_TARGET_SECONDS else 'NOT met'}")
    if pages != TARGET_PAGES:
        print(f"  note: the document has {pages} pages, not {TARGET_PAGES}: adjust --points / --justification")
    print(f"  written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
