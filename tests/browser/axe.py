"""axe-core at WCAG 2.1 AA in real Chromium: the one helper every browser test uses.

`axe_violations(page)` checks the page as it is now; `axe_failures(page, base_url, urls)` opens each
address in turn and keeps the violations by address, so a test asserts `== {}` and a failure names every
page and rule at once.
"""

from collections.abc import Iterable
from pathlib import Path

import axe_playwright_python

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _describe(violation: dict) -> str:
    node = violation["nodes"][0]
    summary = " ".join((node.get("failureSummary") or "").split())
    return f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}× e.g. {node['target']}{f' – {summary}' if summary else ''})"


def axe_violations(page) -> list[str]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page as it is now, one readable line each.

    A click that navigates returns before the next document has loaded; axe waits for it, so it never checks
    a half-parsed page (which has no <head> to add its script to).
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, not added as an inline <script> the site's
        # Content-Security-Policy would (rightly) refuse.
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [_describe(violation) for violation in result["violations"]]


def axe_failures(page, base_url: str, urls: Iterable[str]) -> dict[str, list[str]]:
    """Open each of `urls` (paths under `base_url`) and return the violations of those that have any."""
    failures = {}
    for url in urls:
        page.goto(base_url + url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    return failures
