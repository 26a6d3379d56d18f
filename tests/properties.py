"""Shared pieces of the property-based tests (`tests/<app>/test_properties.py`, with hypothesis).

Each example runs inside `rolled_back()`, so examples never see each other's rows, and every refused call
goes through `refusal()`, which checks that it was refused the way an editor can act on: with the
service's own error type and a non-empty message that is formatted and translated.
"""

import contextlib
import json
import urllib.parse

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Small enough for the whole property suite to stay under a minute on SQLite. No example database: every
# run draws afresh, and cases once found are pinned with @example beside the test.
PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

SERVICE_ERRORS = (ValidationError, PermissionDenied)


@contextlib.contextmanager
def rolled_back():
    """One example in a savepoint that is rolled back at the end.

    The savepoint is marked like django.test.TestCase's own atomic blocks, so the services'
    `transaction.atomic(durable=True)` runs inside it exactly as it does in any test with the `db` fixture
    (as a savepoint; on_commit callbacks are not run)."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic:
        yield
        transaction.set_rollback(True)


def messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(argument) for argument in error.args]


def refusal(call, *, expected=SERVICE_ERRORS):
    """Run `call` in English. Returns its result, or the refusal's English messages as a `Refused`.

    A refusal must be one of `expected`, carry at least one non-empty, fully formatted message, and come
    in Polish when `call` is repeated with Polish active (a refused call wrote nothing, so it is refused
    again). Any other exception propagates and fails the test."""
    with translation.override("en"):
        try:
            return call()
        except expected as error:
            english = messages(error)
            kind = type(error)
    assert english, f"{kind.__name__} without a message"
    for message in english:
        assert message.strip(), f"{kind.__name__} with an empty message"
        assert "%(" not in message, f"message not formatted: {message!r}"
    with translation.override("pl"):
        try:
            call()
        except expected as error:
            polish = messages(error)
        else:
            raise AssertionError(f"refused in English but accepted in Polish: {english}")
    assert len(polish) == len(english)
    untranslated = [message for message, translated in zip(english, polish, strict=True) if message == translated]
    assert not untranslated, f"messages not translated into Polish: {untranslated}"
    return Refused(kind, english)


class Refused:
    """A call refused with `kind` and `messages` (English)."""

    def __init__(self, kind, messages):
        self.kind, self.messages = kind, messages

    def __repr__(self):
        return f"Refused({self.kind.__name__}, {self.messages!r})"


# --- Input from the web -------------------------------------------------------------------------------------

# What a visitor can type or put in an address: any text (any script, control characters, NUL), markup,
# numbers too large for any column, dates that do not exist, and very long strings.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00",
            "\u202e\u200b",
            "𝔉𝔢𝔡𝔢𝔯𝔞𝔠𝔧𝔞 ☃",
            "-1",
            "0",
            "99999999999999999999999",
            "2026-02-30",
            "9999-12-31",
            "0001-01-01",
            "Łódź",
            " ",
        ]
    ),
    st.text(min_size=1, max_size=4).map(lambda text: text * 1500),
)

# Raw bytes in a query string, percent-encoded (invalid UTF-8, NUL and all).
raw_query = st.binary(max_size=24).map(urllib.parse.quote_from_bytes)


def page_answers(response) -> None:
    """A page answers bad input with a page, a redirect or a 404: never with a server error."""
    assert response.status_code in (200, 301, 302, 400, 404), response.status_code


def api_answers(response) -> dict:
    """The API answers a list with its page, and bad input with 404 or 422 and a message saying why."""
    assert response.status_code in (200, 404, 422), response.status_code
    body = json.loads(response.content)
    if response.status_code != 200:
        assert body["detail"].strip()
        if response.status_code == 422:
            assert body["errors"] and all(error["message"].strip() for error in body["errors"])
    return body
