"""Every public page type, in each language, passes axe-core at WCAG 2.1 AA in real Chromium."""

import datetime as dt
from pathlib import Path

import axe_playwright_python
import pytest
from django.utils import timezone

from cms.services import news_publish, site_setup
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, LocalGovernmentMembershipFactory, TermFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


def test_public_pages_have_no_axe_violations(live_server, page):
    pages = site_setup(
        content=SITE_CONTENT, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation"}
    )
    today = timezone.localdate()
    presiding = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", krs="0000339564")
    TopicFactory(lead_association=presiding)
    LocalGovernmentMembershipFactory(association=presiding)
    TermFactory(association=presiding, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30))
    TermFactory(association=AssociationFactory(), starts_on=today + dt.timedelta(days=31), ends_on=today + dt.timedelta(days=200))
    TermFactory(association=AssociationFactory(), starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=31))
    urls = []
    for language in ("pl", "cs", "en"):
        news = news_publish(index=pages[language]["news"], title="Posiedzenie zarządu", date=today, summary="Krótko.", body="<p>Treść.</p>")
        urls += [pages[language][key].url for key in ("home", "members", "presidency", "news", "about", "contact")]
        urls += [pages[language]["members"].url + "zgl/", news.url]
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = _violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
