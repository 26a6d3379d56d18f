"""The API's reference page (federation/api_docs.py): every operation of the OpenAPI description with its
parameters, answers and schemas, as a page of the site in each language, with no query of its own."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from federation.api_docs import blocks, reference_from

LANGUAGES = [("", "pl"), ("/cs", "cs"), ("/en", "en")]


class _Page(HTMLParser):
    """The tables of a page as {caption: rows of cell texts}, and its ids and in-page links."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.ids: list[str] = []
        self.fragments: set[str] = set()
        self._caption: list[str] | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.fragments.add(attributes["href"][1:])
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption_text = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("th", "td"):
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.tables[self._caption_text] = self._rows

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def description(client, world):
    return client.get(reverse("api-v1:openapi-json")).json()


def test_docs_page_is_at_its_address_in_each_language_under_the_names_the_project_reverses():
    with translation.override("pl"):
        assert reverse("api-v1:openapi-view") == reverse("api_docs") == "/api/v1/docs"
    with translation.override("cs"):
        assert reverse("api_docs") == "/cs/api/v1/docs"
    with translation.override("en"):
        assert reverse("api_docs") == "/en/api/v1/docs"


def test_docs_page_lists_every_operation_of_the_description_with_its_method_and_path(client, description):
    content = client.get("/en/api/v1/docs").content.decode()
    operations = [(method, path, operation) for path, methods in description["paths"].items() for method, operation in methods.items()]
    assert len(operations) == 12
    for method, path, operation in operations:
        heading = f'<h3 id="op-{operation["operationId"]}"><code>{method.upper()} {path}</code> – <span lang="en">{operation["summary"]}</span></h3>'
        assert heading in content
        assert f'<p lang="en">{operation["description"].split("`")[0]}' in content
    assert content.count('<section class="api-operation"') == 12


def test_docs_page_groups_operations_by_tag_in_the_order_of_the_description(client, description):
    content = client.get("/en/api/v1/docs").content.decode()
    positions = [content.index(f'<h2 id="tag-{tag}">') for tag in ("members", "presidency", "positions", "events")]
    assert positions == sorted(positions)
    assert content.index('<h2 id="tag-positions">') < content.index('id="op-draft_act_list"') < content.index('<h2 id="tag-events">')


def test_docs_page_shows_the_parameters_of_the_position_list(client, world):
    page = _Page(client.get("/en/api/v1/docs").content.decode())
    assert page.tables["Parameters of GET /api/v1/positions"] == [
        ["Parameter", "Where", "Type", "Required", "Description", "Allowed values"],
        [
            "topic",
            "query",
            "string or null",
            "no",
            "Slug of a topic (404 when no topic has it).",
            "Maximum length: 100 Pattern: ^[-a-zA-Z0-9_]+$",
        ],
        [
            "association",
            "query",
            "string or null",
            "no",
            "Slug of an association: the positions it signed or abstained on (404 when no association has it).",
            "Maximum length: 100 Pattern: ^[-a-zA-Z0-9_]+$",
        ],
        ["year", "query", "integer or null", "no", "Year of adoption.", "Minimum: 1 Maximum: 9999"],
        ["status", "query", "string or null", "no", "", "One of: published, superseded"],
        [
            "q",
            "query",
            "string or null",
            "no",
            "Words of the reference, title, topic or text (any endings and accents).",
            "Maximum length: 200",
        ],
        ["limit", "query", "integer", "no", "How many items to return (1–100).", "Default: 20 Minimum: 1 Maximum: 100"],
        [
            "offset",
            "query",
            "integer",
            "no",
            "How many items to skip from the start of the list.",
            "Default: 0 Minimum: 0 Maximum: 1000000000",
        ],
    ]
    assert page.tables["Parameters of GET /api/v1/positions/{slug}"][1] == [
        "slug",
        "path",
        "string",
        "yes",
        "",
        "Maximum length: 100 Pattern: ^[-a-zA-Z0-9_]+$",
    ]


def test_docs_page_shows_the_answers_and_the_fields_of_the_200_answer(client, world):
    page = _Page(client.get("/en/api/v1/docs").content.decode())
    assert page.tables["Answers to GET /api/v1/positions"] == [
        ["Status code", "Meaning", "Body"],
        ["200", "OK", "PositionPage"],
        ["304", "Not Modified: the If-None-Match header named the current ETag; no body.", "none"],
        ["404", "Not Found", "Error"],
        ["422", "Unprocessable Entity", "Error"],
    ]
    assert page.tables["Fields of the answer 200 (PositionPage)"] == [
        ["Field", "Type", "Required", "Description", "Allowed values"],
        ["count", "integer", "yes", "How many items the whole list holds with these filters.", ""],
        ["limit", "integer", "yes", "", ""],
        ["offset", "integer", "yes", "", ""],
        ["items", "array of PositionItem", "yes", "", ""],
    ]
    assert page.tables["Fields of Names"][1:] == [
        ["pl", "string or null", "yes", "Polish", ""],
        ["cs", "string or null", "yes", "Czech", ""],
        ["en", "string or null", "yes", "English", ""],
    ]


def test_docs_page_describes_each_linked_schema_once_and_every_link_has_its_target(client, world):
    content = client.get("/en/api/v1/docs").content.decode()
    page = _Page(content)
    assert len(page.ids) == len(set(page.ids))
    assert page.fragments - {"main"} <= set(page.ids)
    schemas = {identifier.removeprefix("schema-") for identifier in page.ids if identifier.startswith("schema-")}
    # Every schema an answer is made of, the enumerations of parameters, and the error body; the filters,
    # flattened into parameters, and the 200 answers shown with their operations are not repeated.
    assert {"PositionItem", "Names", "Point", "Subpoint", "Country", "EventKind", "Error", "ErrorItem", "TermItem"} <= schemas
    assert not schemas & {"Paging", "PositionFilters", "PositionPage", "PositionDetail"}
    assert '<h3 id="schema-Country"><code>Country</code></h3>' in content
    assert "<p><code>string</code>. One of: <code>PL</code>, <code>CZ</code></p>" in content


def test_docs_page_shows_the_description_of_the_api_escaped_with_its_code_and_lists(client, world):
    content = client.get("/en/api/v1/docs").content.decode()
    assert "<li><strong>Caching.</strong> Every response carries a strong <code>ETag</code>" in content
    assert "<code>If-None-Match</code>" in content
    assert "**" not in content and "`" not in content


def test_descriptions_are_escaped():
    description = {
        "info": {"title": "T", "version": "1", "description": "<script>x</script> and `<b>`\n\n- **A** <i>\n  b"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "x",
                    "summary": "<em>S</em>",
                    "description": "a & b",
                    "parameters": [],
                    "responses": {"200": {"description": "OK"}},
                    "tags": ["t"],
                }
            }
        },
    }
    reference = reference_from(description, openapi_url="/x.json")
    assert [block.items for block in reference.description] == [
        ("&lt;script&gt;x&lt;/script&gt; and <code>&lt;b&gt;</code>",),
        ("<strong>A</strong> &lt;i&gt; b",),
    ]
    assert reference.operations[0].description == "a &amp; b"
    assert reference.operations[0].summary == "<em>S</em>"  # escaped by the template
    assert [block.kind for block in blocks("a\nb\n\n- c\n- d")] == ["paragraph", "list"]


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_docs_page_speaks_the_language_of_its_address(client, world, site, prefix, language):
    response = client.get(f"{prefix}/api/v1/docs")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    headings = {
        "pl": ("Na tej stronie", "Członkowie", "Prezydencja", "Wspólne stanowiska", "Wydarzenia", "Opis API (OpenAPI 3.1, JSON)"),
        "cs": ("Na této stránce", "Členové", "Předsednictví", "Společná stanoviska", "Akce", "Popis rozhraní API (OpenAPI 3.1, JSON)"),
        "en": ("On this page", "Members", "Presidency", "Joint positions", "Events", "Description of the API (OpenAPI 3.1, JSON)"),
    }[language]
    assert f'<h2 id="api-contents">{headings[0]}</h2>' in content
    for tag, name in zip(("members", "presidency", "positions", "events"), headings[1:5], strict=True):
        assert f'<h2 id="tag-{tag}">{name}</h2>' in content
    assert f'<a href="/api/v1/openapi.json" type="application/json">{headings[5]}</a>' in content
    # The description's own words stay as written, marked as English.
    assert '<span lang="en">One joint position</span>' in content
    for code, other in (("pl", "/api/v1/docs"), ("cs", "/cs/api/v1/docs"), ("en", "/en/api/v1/docs")):
        assert f'hreflang="{code}" href="http://testserver{other}"' in content


def test_docs_page_in_english_has_its_own_words(client, world):
    content = client.get("/en/api/v1/docs").content.decode()
    for text in (
        "<title>API reference · ",
        "<h1>API reference</h1>",
        '<h2 id="about">About the API</h2>',
        '<h2 id="schemas">Schemas</h2>',
        '<th scope="col">Allowed values</th>',
        "This request takes no parameters.",
    ):
        assert text in content


def test_docs_page_has_no_script_no_inline_style_and_the_strict_policy(client, world):
    response = client.get("/api/v1/docs")
    content = response.content.decode()
    assert "<script" not in content and "style=" not in content and "<style" not in content
    assert "swagger" not in content.lower() and "cdn" not in content.lower()
    assert "/static/federation/css/api_docs.css" in content
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def _base_template_queries(url: str, language: str) -> list[str]:
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    cache.clear()
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        render_to_string("base.html", request=request)
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("with_records", [False, True])
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_docs_page_makes_only_the_queries_of_the_base_template(client, request, site, prefix, language, with_records):
    if with_records:
        request.getfixturevalue("world")
    url = f"{prefix}/api/v1/docs"
    client.get(url)  # the description is read once per process
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert [query["sql"] for query in queries.captured_queries] == _base_template_queries(url, language)


def test_docs_page_is_kept_in_the_page_cache_per_language(client, world, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-docs-tests"}}
    cache.clear()
    assert client.get("/cs/api/v1/docs")["X-Page-Cache"] == "miss"
    assert client.get("/api/v1/docs")["X-Page-Cache"] == "miss"
    cached = client.get("/cs/api/v1/docs")
    assert cached["X-Page-Cache"] == "hit"
    assert '<html lang="cs">' in cached.content.decode()
