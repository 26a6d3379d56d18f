"""How the API answers over HTTP: strong ETags and 304, Cache-Control, CORS, the language of messages, the
description and its reference page (a page of the site: tests/api/test_docs_page.py), and JSON 404s for any
other address."""

import hashlib
import json

import pytest
from django.urls import reverse

from positions.models import Position

LIST_URLS = [
    "/api/v1/associations",
    "/api/v1/local-governments",
    "/api/v1/presidency/terms",
    "/api/v1/presidency/trios",
    "/api/v1/positions",
    "/api/v1/draft-acts",
    "/api/v1/events",
]
DETAIL_URLS = [
    "/api/v1/associations/zgl",
    "/api/v1/local-governments/0802012",
    "/api/v1/presidency/terms/current",
    "/api/v1/positions/2026-02-stanowisko",
    "/api/v1/events/seminarium-finanse",
]


@pytest.mark.parametrize("url", [*LIST_URLS, *DETAIL_URLS, "/api/v1/openapi.json", "/api/v1/"])
def test_every_answer_has_a_strong_etag_of_its_body_and_may_be_cached(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", [*LIST_URLS, *DETAIL_URLS, "/api/v1/openapi.json"])
def test_if_none_match_with_the_etag_gives_304_without_a_body(client, world, url):
    etag = client.get(url).headers["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert (response.status_code, response.content) == (304, b"")
    assert (response.headers["ETag"], response.headers["Cache-Control"]) == (etag, "public, max-age=60")


def test_if_none_match_with_an_older_etag_gives_the_new_body(client, world):
    url = "/api/v1/positions"
    etag = client.get(url).headers["ETag"]
    Position.objects.filter(pk=world.position.pk).update(adopted_place="Zielona Góra")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert response.json()["items"][0]["adopted_place"] == "Zielona Góra"


def test_error_answers_carry_an_etag_too(client, world):
    response = client.get("/api/v1/positions/nic")
    assert response.status_code == 404
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    # A 304 answers only a successful GET.
    assert client.get("/api/v1/positions/nic", headers={"If-None-Match": response.headers["ETag"]}).status_code == 404


@pytest.mark.parametrize(("header", "language"), [("", "pl"), ("cs", "cs"), ("en-GB,en;q=0.8", "en"), ("de, cs;q=0.5", "cs"), ("de", "pl")])
def test_messages_follow_accept_language(client, world, header, language):
    response = client.get("/api/v1/positions/nic", headers={"Accept-Language": header} if header else {})
    assert response.headers["Content-Language"] == language
    assert "Accept-Language" in response.headers["Vary"]


def test_data_do_not_depend_on_accept_language(client, world):
    bodies = {client.get("/api/v1/positions", headers={"Accept-Language": code}).content for code in ("pl", "cs", "en")}
    assert len(bodies) == 1


def test_openapi_description_is_reversible_and_describes_every_operation(client, world):
    url = reverse("api-v1:openapi-json")
    assert url == "/api/v1/openapi.json"
    description = client.get(url).json()
    assert description["info"]["version"] == "1"
    assert sorted(description["paths"]) == sorted(
        [
            "/api/v1/associations",
            "/api/v1/associations/{slug}",
            "/api/v1/local-governments",
            "/api/v1/local-governments/{code}",
            "/api/v1/presidency/terms",
            "/api/v1/presidency/terms/current",
            "/api/v1/presidency/trios",
            "/api/v1/positions",
            "/api/v1/positions/{slug}",
            "/api/v1/draft-acts",
            "/api/v1/events",
            "/api/v1/events/{slug}",
        ]
    )
    for operations in description["paths"].values():
        for operation in operations.values():
            assert set(operation["responses"]["200"]["headers"]) == {"ETag", "Cache-Control"}
            assert "304" in operation["responses"]


def test_openapi_description_says_how_languages_paging_and_caching_work(client, world):
    text = client.get(reverse("api-v1:openapi-json")).json()["info"]["description"]
    for phrase in ("Accept-Language", "`name.pl`", "`limit` (1–100", "If-None-Match", "ISO 8601", "reuse them freely"):
        assert phrase in text


def test_docs_page_uses_our_own_static_files_and_no_cdn(client, world):
    response = client.get(reverse("api-v1:openapi-view"))
    content = response.content.decode()
    assert (response.status_code, response.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert '<link rel="stylesheet" href="/static/federation/css/api_docs.css">' in content
    assert "<script" not in content
    assert "cdn" not in content.lower() and "swagger" not in content.lower()
    assert 'href="/api/v1/openapi.json"' in content


def test_api_index_points_to_the_description_and_docs(client, world):
    index = json.loads(client.get("/api/v1/").content)
    assert index == {
        "title": "Federation API",
        "version": "1",
        "openapi": "http://testserver/api/v1/openapi.json",
        "docs": "http://testserver/api/v1/docs",
    }
    docs = client.get(index["docs"]).content.decode()
    assert '<html lang="pl">' in docs
    assert '<h3 id="op-position_list"><code>GET /api/v1/positions</code>' in docs


@pytest.mark.parametrize("url", ["/api/v1/nothing", "/api/v1/positions/", "/api/v2/positions", "/api/v1/positions/a/b"])
def test_other_addresses_under_api_are_json_404s(client, world, url):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert (response.status_code, response.headers["Content-Type"]) == (404, "application/json")
    assert response.json() == {
        "detail": "The API has nothing at this address. Its description is at http://testserver/api/v1/docs.",
        "errors": [],
    }


def test_api_is_read_only(client, world):
    response = client.post("/api/v1/positions", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"


def test_page_addresses_are_null_before_the_site_has_its_pages(client, world):
    position = client.get("/api/v1/positions/2026-02-stanowisko").json()
    event = client.get("/api/v1/events/seminarium-finanse").json()
    assert (position["url"], event["url"]) == (None, None)
    assert position["pdf_url"] == "http://testserver/pdf/positions/2026-02-stanowisko.pdf"
