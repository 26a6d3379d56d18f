"""Where the request being served comes from, for the activity log.

`SourceAddressMiddleware` keeps the client's address in a context variable for the length of the request,
so `federation.activity.log_action` records it without every service taking a `request`.
"""

import contextvars
import ipaddress
from contextlib import contextmanager

from django.conf import settings
from django.utils.ipv6 import clean_ipv6_address

_source_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("source_address", default=None)


def client_address(request) -> str | None:
    """The address the request came from, normalised, or None if it is not a valid IP address.

    REMOTE_ADDR, unless the site runs behind our reverse proxy (`BEHIND_PROXY`): then REMOTE_ADDR is the
    proxy's, and the client's is the last entry of X-Forwarded-For, the one the proxy appended. Earlier
    entries are whatever the client chose to send, so they are never trusted.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            candidate = forwarded
    return normalised_address(candidate)


def normalised_address(value: str | None) -> str | None:
    """`value` as the database gives it back (IPv6 compressed and in lower case), or None if it is not an
    address: the activity log hashes what it stores, so the two must be the same text."""
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.scope_id:  # "fe80::1%eth0" has no place in an inet column
            return None
        return clean_ipv6_address(str(address))
    return str(address)


def current_source_address() -> str | None:
    return _source_address.get()


@contextmanager
def using_source_address(address: str | None):
    """Attribute what is logged inside the block to `address` (the middleware does this per request)."""
    token = _source_address.set(address)
    try:
        yield
    finally:
        _source_address.reset(token)


class SourceAddressMiddleware:
    """Remembers the client's address while the view handles the request, sign-in included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with using_source_address(client_address(request)):
            return self.get_response(request)
