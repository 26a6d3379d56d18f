"""Benchmark: every public page type served by gunicorn under load from wrk, with and without the page cache.

For each database (the embedded SQLite, and PostgreSQL when DATABASE_URL is set) it builds a throwaway
database (bench/build.py: migrate, the page tree, `manage.py seed_scale`, one stored PDF, and the queries
each page type takes), then starts the app server as production does (gunicorn, 2 workers,
federation/gunicorn.conf.py, told by environment variables only) twice: with the page cache off
(PAGE_CACHE_SECONDS=0) and on (Redis when it answers, else each worker's local memory). Against each it
sends 10,000 requests across all page types and reads the workers' memory, then drives every page type with
wrk at several concurrency levels. Prints a table per page type and the targets met or missed, and writes
bench/results/<timestamp>-<database>.json.

    .venv/bin/python bench/run.py [--size small|full] [--duration 10] [--connections 1,4,16]

`make bench` installs wrk and runs it (BENCH_SIZE=small for a quick check). See bench/README.md.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "report.lua"
SIZES = ("small", "full")
DURATION_SECONDS = {"small": 3, "full": 10}
CONNECTIONS = (1, 4, 16)
MEMORY_REQUESTS = 10_000  # the target's count; a small run sends fewer and leaves that target unjudged
MEMORY_REQUESTS_BY_SIZE = {"small": 1_000, "full": MEMORY_REQUESTS}
WORKERS = 2
REDIS_URL = "redis://127.0.0.1:6379/0"
MODES = {"uncached": "0", "cached": "600"}  # PAGE_CACHE_SECONDS
MODE_LABELS = {"uncached": "off", "cached": "on"}

# The targets. Rates are compared with the floor's rate at the same concurrency, measured in the same
# run with the page cache off (with it on, the floor would itself come from the cache).
UNCACHED_RATIO = 0.25
CACHED_RATIO = 0.7
PDF_RATIO = 0.7
P99_MS = 100.0
P99_CONNECTIONS = 16
# gunicorn's worker timeout (federation/gunicorn.conf.py): a page slower than this is never answered.
SERVER_TIMEOUT_SECONDS = 30
MEMORY_MB = 150.0

NO_WRK = "wrk is not installed: run `make bench` or `make test`, which install it (Debian package wrk), or `sudo apt-get install wrk`."


# --- Tools and the environment ------------------------------------------------------------------------------


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(NO_WRK)
    return path


def app_environment(**values: str) -> dict:
    """This process's environment without the app's own variables (a developer's database, Redis or page
    cache settings), plus `values`: the app servers and bench/build.py get exactly this."""
    prefixes = ("DJANGO_", "DATABASE_", "REDIS_", "TASKS_", "GUNICORN_", "PAGE_CACHE_", "CACHE_KEY_PREFIX", "MEDIA_", "PRIVATE_MEDIA_")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    environment.update(values)
    return environment


def redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_forget(url: str, prefix: str) -> None:
    """Delete the keys this run stored under its own prefix."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


@contextmanager
def postgres_database(server_url: str):
    """A new, empty database on the PostgreSQL server of `server_url`, dropped afterwards. Yields its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"bench_{dt.datetime.now():%Y%m%d_%H%M%S}_{os.getpid()}"
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site_build(*, environment: dict, size: str, workdir: Path) -> dict:
    """Run bench/build.py in its own process (Django set up on the throwaway database) and read its JSON."""
    out = workdir / "site.json"
    log = workdir / "build.log"
    with log.open("w") as handle:
        finished = subprocess.run(
            [sys.executable, "-W", "ignore", str(ROOT / "bench" / "build.py"), "--size", size, "--out", str(out)],
            cwd=ROOT,
            env=environment,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    if finished.returncode != 0:
        raise SystemExit(f"bench/build.py failed:\n{log.read_text()[-4000:]}")
    return json.loads(out.read_text())


# --- The app server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """gunicorn with federation/gunicorn.conf.py, as production starts it, on a free loopback port."""

    def __init__(self, environment: dict, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "federation/gunicorn.conf.py", "federation.wsgi"],
            cwd=ROOT,
            env={**environment, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(WORKERS)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{self.log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=10) as response:
                    if response.status == 200 and len(self.worker_pids()) == WORKERS:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.url} did not start:\n{self.log.read_text()[-4000:]}")

    def worker_pids(self) -> list[int]:
        """The worker processes: children of the gunicorn master."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", status, re.M):
                pids.append(int(entry.name))
        return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (VmRSS from /proc), in MB of 1,048,576 bytes, as ps and top count."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            sizes.append(round(int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024, 1))
        return sizes

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def app_server(environment: dict, log: Path):
    server = AppServer(environment, log)
    try:
        server.wait()
        yield server
    finally:
        server.stop()


def pages_check(server: AppServer, types: list[dict]) -> dict[str, str]:
    """One request to every address (it also fills Wagtail's caches). Returns, by page type, why it cannot be
    measured: marked too slow by bench/build.py, or its first request not answered 200."""
    failed = {}
    for page_type in types:
        if page_type.get("too_slow"):
            seconds = max(page_type["seconds"].values())
            failed[page_type["key"]] = (
                f"{seconds:.0f} s per request in one process, longer than gunicorn's {SERVER_TIMEOUT_SECONDS} s timeout"
            )
            continue
        for path in page_type["paths"]:
            try:
                with urllib.request.urlopen(server.url + path, timeout=SERVER_TIMEOUT_SECONDS + 10) as response:
                    response.read()
            except urllib.error.HTTPError as error:
                failed[page_type["key"]] = f"GET {path} answered {error.code}"
            except (OSError, http.client.HTTPException) as error:
                failed[page_type["key"]] = f"GET {path} failed: {error!r}"
    if "floor" in failed:
        raise SystemExit(f"The floor cannot be measured ({failed['floor']}):\n{server.log.read_text()[-4000:]}")
    return failed


# --- Load -------------------------------------------------------------------------------------------------------


def wrk_run(*, url: str, paths: list[str], connections: int, duration: int, limit: int | None = None) -> dict:
    """One wrk run (one thread) through bench/report.lua, which rotates through `paths` and prints its figures
    as JSON from wrk's done() hook. With `limit`, the run is interrupted after that many responses."""
    # Timeout 10 s rather than wrk's 2 s, so a slow page shows its real latency instead of an error.
    command = [wrk_path(), "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(WRK_SCRIPT), url, "--", *paths]
    if limit is not None:
        command.append(f"limit={limit}")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        output.append(line)
        if line.startswith("BENCH-LIMIT-REACHED"):
            process.send_signal(signal.SIGINT)
    process.wait()
    report = next((line for line in output if line.startswith("BENCH-WRK ")), None)
    if report is None:
        raise SystemExit(f"wrk printed no figures ({' '.join(command)}):\n{''.join(output)}")
    figures = json.loads(report.removeprefix("BENCH-WRK "))
    seconds = figures["duration_us"] / 1e6
    latency = figures["latency_us"]
    return {
        "connections": connections,
        "seconds": round(seconds, 2),
        "requests": figures["requests"],
        "requests_per_second": round(figures["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p90_ms": round(latency["p90"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "bytes_per_request": round(figures["bytes"] / figures["requests"]) if figures["requests"] else 0,
        "errors": sum(figures["errors"].values()),
        "error_detail": figures["errors"],
    }


def mode_measure(server: AppServer, types: list[dict], *, connections: list[int], duration: int, memory_requests: int) -> dict:
    """Everything measured against one app server: memory fresh and after `memory_requests` requests across all
    page types, then every page type at every concurrency level (the worker memory read after each run)."""
    memory = {"fresh_mb": server.worker_rss_mb()}  # started, and answered /healthz
    not_measured = pages_check(server, types)
    types = [page_type for page_type in types if page_type["key"] not in not_measured]
    pids = server.worker_pids()
    every_path = [path for page_type in types for path in page_type["paths"]]
    soak = wrk_run(url=server.url, paths=every_path, connections=4, duration=3600, limit=memory_requests)
    memory.update(requests=soak["requests"], after_requests_mb=server.worker_rss_mb(), soak=soak)
    for key, reason in not_measured.items():
        print(f"    {key}: not measured: {reason}", flush=True)
    results = {}
    for page_type in types:
        levels = {}
        for count in connections:
            before = server.worker_pids()
            run = wrk_run(url=server.url, paths=page_type["paths"], connections=count, duration=duration)
            run["worker_rss_mb"] = server.worker_rss_mb()
            # gunicorn's max_requests (production's 20,000) replaces a worker now and then: a new worker's first
            # requests are slow, which shows in that run's p99.
            run["workers_replaced"] = server.worker_pids() != before
            levels[str(count)] = run
        results[page_type["key"]] = levels
        print(
            f"    {page_type['label']}: " + ", ".join(f"c={c} {levels[str(c)]['requests_per_second']:.0f} req/s" for c in connections),
            flush=True,
        )
    memory["after_run_mb"] = server.worker_rss_mb()
    memory["workers_replaced"] = server.worker_pids() != pids  # gunicorn's max_requests recycles workers
    return {"page_types": results, "not_measured": not_measured, "memory": memory}


def ratios_add(result: dict) -> None:
    """Each run's rate over the floor's rate at the same concurrency with the page cache off."""
    floor = result["modes"]["uncached"]["page_types"]["floor"]
    for mode in result["modes"].values():
        for levels in mode["page_types"].values():
            for count, run in levels.items():
                reference = floor[count]["requests_per_second"]
                run["ratio_to_floor"] = round(run["requests_per_second"] / reference, 3) if reference else None


def database_bench(*, database: str, server_url: str | None, args, redis_url: str | None) -> dict:
    """Build the throwaway database, measure both modes, and return the figures for one database."""
    started = time.perf_counter()
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    machine = machine_describe()  # the load average before the run
    with tempfile.TemporaryDirectory(prefix=f"bench-{database}-") as folder, _database(database, server_url, Path(folder)) as database_url:
        workdir = Path(folder)
        prefix = f"bench-{uuid.uuid4().hex[:12]}"
        base = app_environment(
            DJANGO_SETTINGS_MODULE="federation.settings",
            DJANGO_SECRET_KEY=f"bench-{uuid.uuid4().hex}{uuid.uuid4().hex}",
            DJANGO_DEBUG="false",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=database_url,
            REDIS_URL=redis_url or "",
            CACHE_KEY_PREFIX=prefix,
            MEDIA_ROOT=str(workdir / "media"),
            PRIVATE_MEDIA_ROOT=str(workdir / "private"),
            SERVE_MEDIA="true",
            EMAIL_URL="dummymail://",
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
            PAGE_CACHE_SECONDS="0",
            GUNICORN_ACCESS_LOG="",
        )
        print(f"[{database}] building the {args.size} federation (migrate, seed_scale, page tree, one PDF)…", flush=True)
        site = site_build(environment=base, size=args.size, workdir=workdir)
        build_seconds = time.perf_counter() - started
        print(f"[{database}] built in {build_seconds:.0f} s: {site['build_seconds']}", flush=True)
        modes = {}
        try:
            for mode, page_cache_seconds in MODES.items():
                print(f"[{database}] page cache {MODE_LABELS[mode]}: {args.memory_requests:,} requests, then each page type…", flush=True)
                with app_server({**base, "PAGE_CACHE_SECONDS": page_cache_seconds}, workdir / f"gunicorn-{mode}.log") as server:
                    modes[mode] = mode_measure(
                        server,
                        site["page_types"],
                        connections=args.connections,
                        duration=args.duration,
                        memory_requests=args.memory_requests,
                    )
        finally:
            if redis_url:
                redis_forget(redis_url, prefix)
    result = {
        "when": when,
        "database": database,
        "size": args.size,
        "machine": machine,
        "note": args.note,
        "settings": {
            "gunicorn_workers": WORKERS,
            "wrk_threads": 1,
            "connections": args.connections,
            "duration_seconds": args.duration,
            "memory_requests": args.memory_requests,
            "page_cache_backend": "redis" if redis_url else "local memory per worker",
        },
        "build": {key: site[key] for key in ("seed_scale_options", "counts", "build_seconds")},
        "page_types": [
            {key: page_type[key] for key in ("key", "label", "paths", "queries", "bytes", "seconds", "page_cache")}
            | {"too_slow": page_type.get("too_slow", False)}
            for page_type in site["page_types"]
        ],
        "modes": modes,
    }
    result["machine"]["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    ratios_add(result)
    result["targets"] = targets_judge(result)
    result["run_seconds"] = round(time.perf_counter() - started)
    return result


@contextmanager
def _database(database: str, server_url: str | None, workdir: Path):
    if database == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        with postgres_database(server_url) as url:
            yield url


def machine_describe() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


# --- Targets ------------------------------------------------------------------------------------------------


def _levels(result: dict, mode: str, keys) -> list[tuple[str, str, dict]]:
    """(page type, concurrency, figures) of every measured run of `keys` in `mode`."""
    page_types = result["modes"][mode]["page_types"]
    return [(key, count, run) for key in keys if key in page_types for count, run in page_types[key].items()]


def _not_measured(result: dict, modes, keys) -> list[tuple[str, str, str]]:
    """(mode, page type, why) of every page type that could not be measured: each misses every target."""
    return [
        (mode, key, result["modes"][mode]["not_measured"][key])
        for mode in modes
        for key in keys
        if key in result["modes"][mode]["not_measured"]
    ]


def _target(name: str, limit: float, figure: float | None, where: str, misses: list[str], judged: bool = True) -> dict:
    if not judged:
        return {"target": name, "limit": limit, "figure": figure, "where": where, "met": None, "misses": []}
    return {"target": name, "limit": limit, "figure": figure, "where": where, "met": not misses, "misses": misses}


def _p99_level(settings: dict) -> str:
    """The concurrency at which p99 is judged: 16, or the highest level measured when 16 was not."""
    return str(P99_CONNECTIONS if P99_CONNECTIONS in settings["connections"] else max(settings["connections"]))


def targets_judge(result: dict) -> list[dict]:
    """The issue's targets, each with the worst figure found, where it was found, and every miss. Rates are
    judged at every concurrency level; the stored PDF has its own target, so the page targets leave it out. A
    page type that could not be measured is the worst case of every target (its figure is None)."""
    keys = [page_type["key"] for page_type in result["page_types"] if page_type["key"] != "floor"]
    pages = [key for key in keys if key != "stored_pdf"]
    labels = {page_type["key"]: page_type["label"] for page_type in result["page_types"]}

    def unmeasured(modes, judged_keys) -> tuple[list[str], str | None]:
        found = _not_measured(result, modes, judged_keys)
        misses = [f"{labels[key]} (page cache {MODE_LABELS[mode]}): not measured, {why}" for mode, key, why in found]
        return misses, (f"{labels[found[0][1]]}, not measured" if found else None)

    def ratio_target(name: str, limit: float, modes: list[str], judged_keys: list[str]) -> dict:
        runs = [(mode, key, count, run) for mode in modes for key, count, run in _levels(result, mode, judged_keys)]
        misses, where = unmeasured(modes, judged_keys)
        misses += [
            f"{labels[key]} (page cache {MODE_LABELS[mode]}, c={count}): {run['ratio_to_floor']:.2f}"
            for mode, key, count, run in runs
            if run["ratio_to_floor"] < limit
        ]
        if where or not runs:
            return _target(name, limit, None, where or "nothing measured", misses or ["nothing measured"])
        mode, key, count, run = min(runs, key=lambda item: item[3]["ratio_to_floor"])
        return _target(name, limit, run["ratio_to_floor"], f"{labels[key]}, page cache {MODE_LABELS[mode]}, c={count}", misses)

    targets = [
        ratio_target(f"every uncached page ≥ {UNCACHED_RATIO} × floor rate", UNCACHED_RATIO, ["uncached"], pages),
        ratio_target(f"every page with the page cache ≥ {CACHED_RATIO} × floor rate", CACHED_RATIO, ["cached"], pages),
        ratio_target(f"stored PDF ≥ {PDF_RATIO} × floor rate", PDF_RATIO, list(MODES), ["stored_pdf"]),
    ]

    level = _p99_level(result["settings"])
    runs = [(mode, key, run) for mode in MODES for key, count, run in _levels(result, mode, keys) if count == level]
    misses, where = unmeasured(MODES, keys)
    misses += [f"{labels[k]} (page cache {MODE_LABELS[m]}): {r['p99_ms']:.0f} ms" for m, k, r in runs if r["p99_ms"] >= P99_MS]
    name = f"p99 < {P99_MS:.0f} ms at {level} connections"
    if where or not runs:
        targets.append(_target(name, P99_MS, None, where or "nothing measured", misses or ["nothing measured"]))
    else:
        mode, key, run = max(runs, key=lambda item: item[2]["p99_ms"])
        targets.append(_target(name, P99_MS, run["p99_ms"], f"{labels[key]}, page cache {MODE_LABELS[mode]}", misses))

    memory = {mode: result["modes"][mode]["memory"] for mode in MODES}
    mode = max(memory, key=lambda name: max(memory[name]["after_requests_mb"]))
    figure = max(memory[mode]["after_requests_mb"])
    requests = min(item["requests"] for item in memory.values())
    targets.append(
        _target(
            f"worker memory < {MEMORY_MB:.0f} MB after {MEMORY_REQUESTS:,} requests",
            MEMORY_MB,
            figure,
            f"page cache {MODE_LABELS[mode]}, after {requests:,} requests",
            [f"page cache {MODE_LABELS[mode]}: {figure:.0f} MB"] if figure >= MEMORY_MB else [],
            judged=requests >= MEMORY_REQUESTS,  # a shorter run (the tests') says nothing about this target
        )
    )
    return targets


def verdict(met: bool | None) -> str:
    return "not judged" if met is None else "met" if met else "missed"


# --- Output -----------------------------------------------------------------------------------------------------


def _queries_text(counts: dict) -> str:
    values = sorted(set(counts.values()))
    return str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}"


def _cell_targets(key: str, mode: str, count: str, run: dict, p99_level: str) -> str:
    notes = []
    ratio = run["ratio_to_floor"]
    if key == "stored_pdf":
        notes.append(f"≥{PDF_RATIO} {verdict(ratio >= PDF_RATIO)}")
    elif key != "floor":
        limit = UNCACHED_RATIO if mode == "uncached" else CACHED_RATIO
        notes.append(f"≥{limit} {verdict(ratio >= limit)}")
    if key != "floor" and count == p99_level:
        notes.append(f"p99<{P99_MS:.0f} {verdict(run['p99_ms'] < P99_MS)}")
    if run.get("workers_replaced"):
        notes.append("a worker was replaced during this run")
    return "; ".join(notes)


def tables_text(result: dict) -> str:
    """The printed report: a table per page type, the workers' memory, and the targets."""
    settings = result["settings"]
    p99_level = _p99_level(settings)
    counts = ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in result["build"]["counts"].items())
    lines = [
        "",
        f"== Page benchmark: {result['database']}, size {result['size']} ({counts}) ==",
        f"{result['when']}, Python {result['machine']['python']}, {result['machine']['cpus']} CPUs, "
        f"load average {result['machine']['load_average'][0]} before, {result['machine']['load_average_after'][0]} after; "
        f"gunicorn {settings['gunicorn_workers']} workers, wrk 1 thread, {settings['duration_seconds']} s per level; "
        f"page cache in {settings['page_cache_backend']}",
        "× floor: the rate over the floor's rate at the same concurrency with the page cache off. RSS: largest worker after the run, MB.",
    ]
    header = f"  {'cache':<5} {'conn':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× floor':>8} {'RSS':>6} {'errors':>6}  targets"
    for page_type in result["page_types"]:
        key = page_type["key"]
        queries = page_type["queries"]
        size = max(page_type["bytes"].values())
        size_text = f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.0f} KiB"
        paths = page_type["paths"]
        addresses = " ".join(paths) if len(paths) < 3 else f"{paths[0]} … ({len(paths)} addresses in turn)"
        cache_states = set(page_type["page_cache"].values())
        cache_text = "served from the cache" if cache_states == {"hit"} else next(iter(cache_states - {"hit"}))
        cache_text = "not stored by the page cache" if cache_text in {"miss", "not cacheable"} else cache_text
        lines += [
            "",
            f"{page_type['label']}: {addresses}",
            f"  queries per request: {_queries_text(queries['uncached'])} with the page cache off, {_queries_text(queries['cached'])} with it on"
            f" ({cache_text}); up to {size_text}; {_seconds_text(max(page_type['seconds'].values()))} per request in one process",
            header,
        ]
        for mode in MODES:
            if key in result["modes"][mode]["not_measured"]:
                lines.append(f"  {MODE_LABELS[mode]:<5} not measured: {result['modes'][mode]['not_measured'][key]}")
                continue
            for count, run in result["modes"][mode]["page_types"][key].items():
                lines.append(
                    f"  {MODE_LABELS[mode]:<5} {count:>4} {run['requests_per_second']:>8.1f} {run['p50_ms']:>8.1f} {run['p99_ms']:>8.1f} "
                    f"{run['ratio_to_floor']:>8.2f} {max(run['worker_rss_mb'] or [0]):>6.0f} {run['errors']:>6}  {_cell_targets(key, mode, count, run, p99_level)}"
                )
    lines += ["", "worker memory (RSS per worker, MB)"]
    for mode in MODES:
        memory = result["modes"][mode]["memory"]
        lines.append(
            f"  page cache {MODE_LABELS[mode]:<3}: fresh {_mb(memory['fresh_mb'])}; after {memory['requests']:,} requests {_mb(memory['after_requests_mb'])}; "
            f"after the run {_mb(memory['after_run_mb'])}{' (workers replaced by max_requests)' if memory['workers_replaced'] else ''}"
        )
    lines += ["", "targets"]
    for target in result["targets"]:
        figure = target["figure"]
        shown = "—" if figure is None else f"{figure:.2f}" if target["limit"] < 10 else f"{figure:.0f}"
        lines.append(f"  {target['target']:<52} worst {shown:>6} ({target['where']}): {verdict(target['met'])}")
        for miss in target["misses"][:6]:
            lines.append(f"      missed: {miss}")
        if len(target["misses"]) > 6:
            lines.append(f"      … and {len(target['misses']) - 6} more")
    lines.append(f"run took {result['run_seconds'] // 60} min {result['run_seconds'] % 60} s")
    return "\n".join(lines)


def _seconds_text(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _mb(values: list[float]) -> str:
    return " / ".join(f"{value:.0f}" for value in values) or "?"


def result_write(result: dict, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.fromisoformat(result["when"]).strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"{stamp}-{result['database']}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path


# --- Command line ---------------------------------------------------------------------------------------------


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size",
        choices=SIZES,
        default=os.environ.get("BENCH_SIZE") or "full",
        help="small: a quick check; full: seed_scale's defaults (env BENCH_SIZE)",
    )
    parser.add_argument("--duration", type=int, help="seconds per page type and concurrency level (default 3 small, 10 full)")
    parser.add_argument(
        "--connections", default=",".join(map(str, CONNECTIONS)), help="concurrency levels, comma-separated (default 1,4,16)"
    )
    parser.add_argument(
        "--memory-requests", type=int, help="requests before reading the workers' memory (default 1,000 small, 10,000 full)"
    )
    parser.add_argument("--databases", help="comma-separated: sqlite, postgresql (default sqlite, and postgresql when DATABASE_URL is set)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--note", default="", help="recorded with the figures, e.g. what else the machine was doing")
    args = parser.parse_args(argv)
    if args.size not in SIZES:
        parser.error(f"BENCH_SIZE must be one of {', '.join(SIZES)}")
    args.duration = args.duration or DURATION_SECONDS[args.size]
    args.memory_requests = args.memory_requests or MEMORY_REQUESTS_BY_SIZE[args.size]
    args.connections = [int(value) for value in args.connections.split(",")]
    server_url = os.environ.get("DATABASE_URL", "")
    if args.databases:
        args.databases = args.databases.split(",")
    else:
        args.databases = ["sqlite"] + (["postgresql"] if server_url.startswith("postgres") else [])
    if "postgresql" in args.databases and not server_url.startswith("postgres"):
        parser.error("postgresql needs DATABASE_URL=postgres://… (a server where a throwaway database may be created)")
    args.server_url = server_url or None
    return args


def main(argv=None) -> int:
    args = arguments(argv)
    wrk_path()
    redis_url = REDIS_URL if redis_available(REDIS_URL) else None
    if redis_url is None:
        print(f"Redis does not answer at {REDIS_URL}: each worker caches pages in its own memory.", flush=True)
    for database in args.databases:
        result = database_bench(database=database, server_url=args.server_url, args=args, redis_url=redis_url)
        path = result_write(result, args.results_dir)
        print(tables_text(result))
        print(f"written to {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
