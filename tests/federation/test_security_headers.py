"""Security headers: the Content-Security-Policy of the public site, the API's reference page included (not
of the Wagtail admin), cross-origin isolation of windows, framing, referrers and sniffing; with production's
settings, HSTS and cookies sent over HTTPS only. And no public template needs inline script or style."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import override_settings

from tests.factories import UserFactory

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as directive → sources (django-csp does not keep the order)."""
    directives = [part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")]
    return {name: sources for name, sources in directives}


@pytest.mark.django_db(transaction=True)
def test_public_page_has_the_strict_policy_also_when_served_from_the_page_cache(client, site_pages, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "security-headers-tests"}}
    from django.core.cache import cache

    cache.clear()
    first = client.get("/en/")
    cached = client.get("/en/")

    assert (first.status_code, cached.status_code) == (200, 200)
    assert (first["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    assert policy(first) == EXPECTED_POLICY
    assert policy(cached) == EXPECTED_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/en/accounts/login/", "/en/search/", "/en/open-data/", "/api/v1/docs", "/en/api/v1/docs"])
def test_forms_and_pages_outside_the_page_tree_have_the_strict_policy(client, address):
    response = client.get(address)

    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize(("address", "status"), [("/admin/login/", 200), ("/admin/", 302)])
def test_admin_has_no_policy(client, address, status):
    response = client.get(address)

    assert response.status_code == status
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/en/accounts/login/", "/admin/login/"])
def test_every_page_has_the_other_security_headers(client, address):
    response = client.get(address)

    assert (
        response["Cross-Origin-Opener-Policy"],
        response["X-Frame-Options"],
        response["Referrer-Policy"],
        response["X-Content-Type-Options"],
    ) == ("same-origin", "DENY", "same-origin", "nosniff")


@pytest.mark.django_db
def test_production_settings_send_hsts_and_secure_cookies(client):
    UserFactory(username="redaktor")
    with override_settings(**PRODUCTION):
        form = client.get("/en/accounts/login/", secure=True)
        signed_in = client.post("/en/accounts/login/", {"username": "redaktor", "password": "correct-horse-battery"}, secure=True)

    assert form["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert form.cookies["csrftoken"]["secure"] is True
    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["secure"] is True
    assert policy(form) == EXPECTED_POLICY


def test_server_error_page_renders_without_the_database_and_with_its_own_stylesheet():
    # No django_db mark: any query would fail the test.
    page = render_to_string("500.html")

    assert '<link rel="stylesheet" href="/static/federation/css/error.css">' in page
    assert "<style" not in page
    assert (Path(settings.BASE_DIR) / "federation/static/federation/css/error.css").is_file()


# Templates rendered only to PDF (WeasyPrint) are not web pages and keep their own styles.
PDF_ONLY = {"positions/pdf/position.html", "positions/exports/comment_table.html", "events/certificate.html"}
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def _site_templates():
    base = Path(settings.BASE_DIR)
    for app in ("federation", "members", "presidency", "positions", "events", "cms"):
        for template in sorted((base / app / "templates").rglob("*.html")):
            name = template.relative_to(base / app / "templates").as_posix()
            if name not in PDF_ONLY:
                yield name, template


def test_site_templates_have_no_inline_script_style_or_event_handler():
    offending = {name: INLINE.findall(template.read_text()) for name, template in _site_templates()}

    assert {name: found for name, found in offending.items() if found} == {}
