"""Property-based checks of the running API against its own OpenAPI description, with schemathesis.

The live server holds the fixture world (public records and everything that must not leak); schemathesis
loads the description from /api/v1/openapi.json and tests every operation in all its phases: boundary
values of each parameter (coverage), generated parameters that fit the description and parameters that
break it (fuzzing, at most 25 examples an operation), and chains of requests that follow the links between
operations (stateful). Every check is on: no server error; status codes, content types, headers and bodies
as described; valid input accepted; invalid input refused with a 4xx; a 405 with Allow for other methods.

It runs as schemathesis's own command-line runner, whose report names each failure with a curl command to
reproduce it. (The pytest plugin's `from_fixture` does not run on pytest 9.)
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 25


def test_api_answers_as_its_description_says(live_server, world, site, tmp_path):
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--request-timeout",
            "30",
            "--no-color",
        ],
        cwd=tmp_path,  # its cache of examples stays out of the checkout
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    assert "12 selected / 12 total" in result.stdout
