"""The public verification page in real Chromium: found and not-found states pass axe-core, and a pasted
code finds the signed text."""

import pytest

from positions.enums import Decision
from tests.factories import PositionFactory
from tests.positions.conftest import fed  # noqa: F401 - the federation with real roles
from tests.positions.test_pdf import ARTIFACTS, TITLE, _adopt, _media, letterhead  # noqa: F401 - fixtures and helpers


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_verify_pages_have_no_axe_violations(live_server, page, fed, letterhead, django_capture_on_commit_callbacks):  # noqa: F811
    from tests.browser.axe import axe_violations

    position = _adopt(fed, django_capture_on_commit_callbacks, decisions={"ZGP": Decision.ABSTAINED})
    sha = position.current_version.sha256
    draft = PositionFactory(lead_association=fed.zgl)
    urls = [
        f"/verify/{sha}/",
        f"/cs/verify/{sha}/",
        f"/en/verify/{sha}/",
        f"/en/verify/{draft.current_version.sha256}/",
        "/en/verify/",
        "/verify/?code=123",
    ]
    failures = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for index, url in enumerate(urls):
        page.goto(live_server.url + url)
        page.screenshot(path=str(ARTIFACTS / f"verify-{index}.png"), full_page=True)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
    page.goto(live_server.url + "/en/verify/")
    page.get_by_label("Verification code (SHA-256)").fill(sha.upper())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/en/verify/{sha}/")
    assert page.locator("h1").inner_text() == TITLE
