"""The page benchmark (`make bench`, bench/run.py) end to end, at the small size with one concurrency level
and one second per run: it builds its database, starts gunicorn, drives every page type with wrk and reports
every figure in its table and its JSON file. No figure is compared with a target here (the machine running the
tests is busy with them); only that every figure is there, is a number, and every request was answered."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
PAGE_TYPES = {
    "floor": "floor (fixed template, no database)",
    "home": "home",
    "positions_list": "positions list",
    "position_page": "position page",
    "stored_pdf": "stored PDF",
    "events_list": "events list",
    "event_page": "event page",
    "members_list": "members list",
    "presidency": "presidency",
    "search": "search results",
    "api_lists": "API lists",
    "atom_feed": "Atom feed (positions)",
    "icalendar_feed": "iCalendar feed (events)",
}
CONNECTIONS = "4"
MEMORY_REQUESTS = 100
NUMBER = r"\d+(?:\.\d+)?"


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """One run of the harness on SQLite; its printed report and its JSON file."""
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed: run `make test` or `make bench`, which install it (Debian package wrk).")
    results = tmp_path_factory.mktemp("bench-results")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "BENCH_"))}
    command = [sys.executable, "bench/run.py", "--size", "small", "--duration", "1", "--connections", CONNECTIONS]
    command += ["--memory-requests", str(MEMORY_REQUESTS), "--databases", "sqlite", "--results-dir", str(results)]
    finished = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, f"{finished.stdout[-3000:]}\n{finished.stderr[-3000:]}"
    files = list(results.iterdir())
    assert len(files) == 1 and re.fullmatch(r"\d{8}T\d{6}Z-sqlite\.json", files[0].name), files
    return finished.stdout, json.loads(files[0].read_text())


def test_bench_json_has_every_page_type_with_numbers(bench):
    _output, result = bench
    assert [page_type["key"] for page_type in result["page_types"]] == list(PAGE_TYPES)
    assert (result["database"], result["size"], result["settings"]["gunicorn_workers"]) == ("sqlite", "small", 2)
    assert result["modes"]["uncached"]["not_measured"] == result["modes"]["cached"]["not_measured"] == {}
    for page_type in result["page_types"]:
        for mode in ("uncached", "cached"):
            assert all(isinstance(count, int) for count in page_type["queries"][mode].values())
            run = result["modes"][mode]["page_types"][page_type["key"]][CONNECTIONS]
            assert run["requests"] > 0 and run["errors"] == 0, (page_type["key"], mode, run)
            for figure in ("requests_per_second", "p50_ms", "p99_ms", "ratio_to_floor"):
                assert isinstance(run[figure], float | int) and run[figure] > 0, (page_type["key"], mode, figure, run)
            assert len(run["worker_rss_mb"]) == 2 and all(size > 0 for size in run["worker_rss_mb"])


def test_bench_floor_takes_no_query_and_is_its_own_reference(bench):
    _output, result = bench
    floor = result["page_types"][0]
    assert floor["queries"]["uncached"] == {"/bench/floor/": 0}
    assert result["modes"]["uncached"]["page_types"]["floor"][CONNECTIONS]["ratio_to_floor"] == 1.0


def test_bench_memory_is_read_after_the_requests(bench):
    _output, result = bench
    for mode in ("uncached", "cached"):
        memory = result["modes"][mode]["memory"]
        assert memory["requests"] >= MEMORY_REQUESTS
        assert len(memory["fresh_mb"]) == len(memory["after_requests_mb"]) == len(memory["after_run_mb"]) == 2


def test_bench_targets_are_each_judged_or_said_not_to_be(bench):
    _output, result = bench
    verdicts = {target["target"]: target["met"] for target in result["targets"]}
    assert list(verdicts) == [
        "every uncached page ≥ 0.25 × floor rate",
        "every page with the page cache ≥ 0.7 × floor rate",
        "stored PDF ≥ 0.7 × floor rate",
        f"p99 < 100 ms at {CONNECTIONS} connections",
        "worker memory < 150 MB after 10,000 requests",
    ]
    assert all(isinstance(met, bool) for met in list(verdicts.values())[:4])
    assert verdicts["worker memory < 150 MB after 10,000 requests"] is None  # only 100 requests in this run


def test_bench_table_has_a_row_per_page_type_and_mode(bench):
    output, _result = bench
    row = re.compile(rf"^  (off|on)\s+{CONNECTIONS}\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+(\d+)\s+0\b", re.M)
    sections = output.split("\n\n")
    for label in PAGE_TYPES.values():
        [section] = [section for section in sections if section.startswith(f"{label}: ")]
        assert re.search(r"queries per request: \d+(–\d+)? with the page cache off", section), section
        assert [match.group(1) for match in row.finditer(section)] == ["off", "on"], section
    [floor] = [section for section in sections if section.startswith(PAGE_TYPES["floor"])]
    assert row.search(floor).group(5) == "1.00"
    targets = output.split("\ntargets\n")[1]
    assert len(re.findall(r": (met|missed)$", targets, re.M)) == 4, targets
    assert re.search(r"^  worker memory < 150 MB after 10,000 requests .*: not judged$", output, re.M)
