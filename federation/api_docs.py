"""The reference page of the public API: every operation of the OpenAPI description, grouped by tag, with
its parameters, its answers and the schemas of their bodies, as a page of the site.

It replaces Swagger UI, which failed WCAG 2.1 AA (contrast, nested controls, no language) and needed inline
scripts and styles. The page lives at /api/v1/docs in Polish and at /cs/api/v1/docs and /en/api/v1/docs
(`federation.urls`); ninja's own docs route keeps the name `api-v1:openapi-view` for the Polish address.

The description is turned into plain, language-free data once per process (`ApiReference.reference`):
building it takes ninja tens of milliseconds and it only changes with the code. The template adds our own
words in the language being read; summaries, descriptions and names come as the description writes them,
in English (`DESCRIPTION_LANGUAGE`, so the page marks them with `lang`).

Descriptions are shown escaped, with the only marks they use: paragraphs, "- " lists, `code` and **bold**
(no Markdown library is among the project's requirements).
"""

import json
import re
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from ninja.openapi.docs import DocsBase

# The language the OpenAPI description is written in.
DESCRIPTION_LANGUAGE = "en"

# The tags of the routers, named in the language being read; any other tag is shown as written.
TAG_NAMES = {
    "members": _("Members"),
    "presidency": _("Presidency"),
    "positions": _("Joint positions"),
    "events": _("Events"),
}

# JSON Schema keywords that limit a value, in the order the page lists them.
CONSTRAINT_KEYWORDS = ("enum", "default", "minimum", "maximum", "minLength", "maxLength", "pattern")

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Token:
    """One piece of a written type: `code` (a JSON type), `format`, `ref` (a schema, linked), or the words
    `array` ("array of") and `or`, which the template translates."""

    kind: str
    text: str = ""


@dataclass(frozen=True)
class Constraint:
    keyword: str  # one of CONSTRAINT_KEYWORDS
    values: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    """A parameter of an operation or a property of a schema."""

    name: str
    type: tuple[Token, ...]
    required: bool
    description: SafeString
    constraints: tuple[Constraint, ...]
    location: str = ""  # parameters only: path or query


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph or list
    items: tuple[SafeString, ...]


@dataclass(frozen=True)
class Schema:
    name: str
    description: SafeString
    fields: tuple[Field, ...]
    values: tuple[str, ...]  # of an enumeration
    type: tuple[Token, ...]

    @property
    def anchor(self) -> str:
        return f"schema-{self.name}"


@dataclass(frozen=True)
class Response:
    status: str
    description: SafeString
    body: tuple[Token, ...]


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: SafeString
    parameters: tuple[Field, ...]
    responses: tuple[Response, ...]
    answer: Schema | None  # the body of 200, when it is a schema of its own

    @property
    def anchor(self) -> str:
        return f"op-{self.id}"

    @property
    def link(self) -> str:
        """The address itself when it needs no path parameter: opening it shows the first page of answers."""
        return "" if "{" in self.path else self.path


@dataclass(frozen=True)
class Tag:
    tag: str
    operations: tuple[Operation, ...]

    @property
    def name(self):
        return TAG_NAMES.get(self.tag, self.tag)

    @property
    def anchor(self) -> str:
        return f"tag-{self.tag}"


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    openapi: str
    description: tuple[Block, ...]
    tags: tuple[Tag, ...]
    schemas: tuple[Schema, ...]
    language: str = DESCRIPTION_LANGUAGE

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(operation for tag in self.tags for operation in tag.operations)


# --- Text -------------------------------------------------------------------------------------------------


def inline(text: str) -> SafeString:
    """`text` escaped, with `code` and **bold** as elements."""
    html = escape(" ".join(text.split()))
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
    return mark_safe(html)  # escaped above: the only elements are the ones added here


def blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs (separated by an empty line) and lists (lines beginning with "- ", continued by the
    indented lines that follow)."""
    result = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if lines and lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line
            result.append(Block("list", tuple(inline(item) for item in items)))
        elif chunk.strip():
            result.append(Block("paragraph", (inline(chunk),)))
    return tuple(result)


# --- Types and constraints --------------------------------------------------------------------------------


def _ref_name(schema: dict) -> str:
    return schema["$ref"].removeprefix(REF_PREFIX)


def type_tokens(schema: dict) -> tuple[Token, ...]:
    """The type of a value as pieces: `string` (`date`), `Names`, array of `Point`, `integer` or `null`…"""
    if "$ref" in schema:
        return (Token("ref", _ref_name(schema)),)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            tokens: list[Token] = []
            for index, option in enumerate(schema[combinator]):
                if index:
                    tokens.append(Token("or"))
                tokens.extend(type_tokens(option))
            return tuple(tokens)
    kind = schema.get("type")
    if kind == "array":
        return (Token("array"), *type_tokens(schema.get("items", {})))
    if kind is None:
        return ()
    tokens = [Token("code", kind)]
    if "format" in schema:
        tokens.append(Token("format", schema["format"]))
    return tuple(tokens)


def _written(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def constraints(schema: dict) -> tuple[Constraint, ...]:
    """The limits of a value, also those of the non-null option of "X or null"."""
    options = [schema, *schema.get("anyOf", ()), *schema.get("oneOf", ())]
    found = []
    for keyword in CONSTRAINT_KEYWORDS:
        for option in options:
            if keyword in option:
                values = option[keyword] if keyword == "enum" else [option[keyword]]
                found.append(Constraint(keyword, tuple(_written(value) for value in values)))
                break
    return tuple(found)


def refs(schema) -> set[str]:
    """The names of the schemas a schema (or a list of them) refers to, at any depth of its own text."""
    if isinstance(schema, dict):
        found = {_ref_name(schema)} if "$ref" in schema else set()
        for value in schema.values():
            found |= refs(value)
        return found
    if isinstance(schema, list):
        return set().union(*(refs(value) for value in schema)) if schema else set()
    return set()


# --- The description as a reference -----------------------------------------------------------------------


def schema_from(name: str, schema: dict) -> Schema:
    required = set(schema.get("required", ()))
    fields = tuple(
        Field(
            name=field_name,
            type=type_tokens(field),
            required=field_name in required,
            description=inline(field.get("description", "")),
            constraints=constraints(field),
        )
        for field_name, field in schema.get("properties", {}).items()
    )
    return Schema(
        name=name,
        description=inline(schema.get("description", "")),
        fields=fields,
        values=tuple(_written(value) for value in schema.get("enum", ())),
        type=() if fields else type_tokens({key: value for key, value in schema.items() if key != "enum"}),
    )


def _body(response: dict) -> dict | None:
    content = response.get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    return media.get("schema") if media else None


def operation_from(path: str, method: str, operation: dict, components: dict) -> Operation:
    answer = None
    responses = []
    for code, response in operation.get("responses", {}).items():
        status = str(code)  # ninja writes its own codes as numbers, the JSON as text
        body = _body(response)
        if status == "200" and body and "$ref" in body:
            answer = schema_from(_ref_name(body), components[_ref_name(body)])
        responses.append(Response(status=status, description=inline(response.get("description", "")), body=type_tokens(body or {})))
    parameters = tuple(
        Field(
            name=parameter["name"],
            location=parameter.get("in", ""),
            type=type_tokens(parameter.get("schema", {})),
            required=bool(parameter.get("required")),
            description=inline(parameter.get("description") or parameter.get("schema", {}).get("description", "")),
            constraints=constraints(parameter.get("schema", {})),
        )
        for parameter in operation.get("parameters", ())
    )
    return Operation(
        id=operation.get("operationId") or f"{method}-{path}",
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=inline(operation.get("description", "")),
        parameters=parameters,
        responses=tuple(sorted(responses, key=lambda response: response.status)),
        answer=answer,
    )


def reference_from(description: dict, *, openapi_url: str) -> Reference:
    """The whole description as a reference: operations by tag in the order of the description, and, once
    each, every schema a parameter, a field or an answer other than 200 refers to (the 200 answer of an
    operation is shown with it)."""
    components = description.get("components", {}).get("schemas", {})
    tags: dict[str, list[Operation]] = {}
    linked: set[str] = set()
    for path, operations in description.get("paths", {}).items():
        for method, operation in operations.items():
            item = operation_from(path, method, operation, components)
            tags.setdefault((operation.get("tags") or [""])[0], []).append(item)
            linked |= refs(operation.get("parameters", []))
            for code, response in operation.get("responses", {}).items():
                body = _body(response) or {}
                if str(code) == "200" and "$ref" in body:
                    linked |= refs(components[_ref_name(body)])
                else:
                    linked |= refs(body)
    pending = set(linked)
    while pending:
        name = pending.pop()
        for nested in refs(components[name]) - linked:
            linked.add(nested)
            pending.add(nested)
    info = description.get("info", {})
    return Reference(
        title=info.get("title", ""),
        version=info.get("version", ""),
        openapi=openapi_url,
        description=blocks(info.get("description", "")),
        tags=tuple(Tag(tag, tuple(operations)) for tag, operations in tags.items()),
        schemas=tuple(schema_from(name, components[name]) for name in sorted(linked)),
    )


class ApiReference(DocsBase):
    """ninja's docs, as a page of the site rendered from the API's own description."""

    template = "api_docs.html"

    def __init__(self):
        self._reference: Reference | None = None

    def reference(self, api) -> Reference:
        """Built on first use; two requests racing for it build the same thing twice, harmlessly."""
        if self._reference is None:
            self._reference = reference_from(api.get_openapi_schema(), openapi_url=self.get_openapi_url(api, {}))
        return self._reference

    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        return render(request, self.template, {"reference": self.reference(api)})
