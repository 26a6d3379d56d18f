"""The anonymous page cache: public pages are stored whole, per address and language, and dropped the
moment a record they show changes.

How it holds together:

- `FetchFromPageCacheMiddleware` (last in MIDDLEWARE, so the language is known) answers an anonymous GET
  from the cache; `UpdatePageCacheMiddleware` (first, so it sees the response as it leaves) stores it.
- Only visitors without a session and without pending messages are served from the cache: a signed-in
  member, or anyone who has just submitted a form, always gets a fresh page. A response is stored only if
  it is a complete 200 that sets no cookie and does not ask not to be cached (`never_cache`, `private`).
- A public form's CSRF token belongs to one visitor. A page stored with a form holds a placeholder where the
  token goes (`{% page_cache_csrf_token %}`), and every visitor's copy gets that visitor's own token and CSRF
  cookie as it leaves, on the first visit and on every hit (the event page with its registration form).
- A page that changes by itself at a known moment (an event's registration opens or closes) says so with
  `changes_at`, and is kept no longer than that.
- The key holds `PublicContentVersion.value`, a number in the database that `public_content_changed` raises
  after any transaction that saved or deleted a record of the public site (publication, signature, new
  term, event change, page publication…). Every app server reads the same number, so a change made through
  one server is seen through all of them on the next request. The key also holds today's date in the
  federation's time zone (who presides, what is upcoming) and the entries expire after PAGE_CACHE_SECONDS.
- If the cache is unreachable (Redis down), pages are served uncached; nothing fails.
"""

import hashlib
import logging
import math
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"

# Records whose changes the public pages can show: every model of these apps…
PUBLIC_APPS = {"members", "presidency", "positions", "events", "cms", "wagtailcore", "wagtaildocs", "wagtailimages", "wagtailredirects"}
# …except these, which no public page shows (comments on drafts, page drafts and workflow, image renditions
# made while a page renders, editors' logs and subscriptions).
PRIVATE_MODELS = {
    "positions.comment",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagelock",
    "wagtailimages.rendition",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
}
NOT_STORED_HEADERS = {"set-cookie", HEADER.lower()}
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/static/", "/media/")
# A stored page's CSRF tokens are a placeholder of this prefix and random letters, new for each stored page (so
# that no text on the page can match it), as long as a real token (so the stored Content-Length fits every copy).
PLACEHOLDER_PREFIX = "page-cache-"


# --- The version number -----------------------------------------------------------------------------------


def current_version() -> int:
    from federation.models import PublicContentVersion

    return PublicContentVersion.objects.values_list("value", flat=True).first() or 0


def _raise_version():
    from federation.models import PublicContentVersion

    if not PublicContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        PublicContentVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def public_content_changed(using=None):
    """Drop every cached public page once the current transaction commits (at once outside one).

    Called for each saved or deleted public record; a transaction that saves many raises the number once."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _raise_version()
        return
    if any(callback is _raise_version for _savepoints, callback, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_raise_version, using=using)


def _is_public(model) -> bool:
    if model.__module__ == "__fake__":  # the historical models of a migration: no page exists yet
        return False
    meta = model._meta
    return meta.app_label in PUBLIC_APPS and meta.label_lower not in PRIVATE_MODELS


def _record_changed(sender, using=None, **kwargs):
    if _is_public(sender):
        public_content_changed(using=using)


def _relation_changed(sender, instance, action, using=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and (_is_public(type(instance)) or _is_public(sender)):
        public_content_changed(using=using)


def connect_signals():
    """Called once from `FederationConfig.ready`."""
    post_save.connect(_record_changed, dispatch_uid="page_cache.post_save")
    post_delete.connect(_record_changed, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="page_cache.m2m_changed")


# --- What a view tells the cache -------------------------------------------------------------------------


def will_store(request) -> bool:
    """Whether the page being rendered may be stored (an anonymous visitor's GET, the cache on, not stored yet)."""
    return request.method == "GET" and getattr(request, "_page_cache_key", None) is not None


def csrf_token(request) -> str:
    """The CSRF token for a form on a public page: the placeholder if the page is about to be stored (each
    visitor's own token replaces it as the page leaves), else the visitor's token."""
    if not will_store(request):
        return get_token(request)
    if not hasattr(request, "_page_cache_placeholder"):
        random_part = secrets.token_hex(CSRF_TOKEN_LENGTH)[: CSRF_TOKEN_LENGTH - len(PLACEHOLDER_PREFIX)]
        request._page_cache_placeholder = PLACEHOLDER_PREFIX + random_part
    return request._page_cache_placeholder


def changes_at(request, moment):
    """The page being served changes by itself at `moment` (not through a saved record): keep it until then."""
    if moment is None:
        return
    if timezone.is_naive(moment):
        raise ValueError(f"changes_at needs an aware datetime, not {moment!r}")
    current = getattr(request, "_page_cache_until", None)
    if current is None or moment < current:
        request._page_cache_until = moment


# --- The middleware ---------------------------------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIPPED_PREFIXES):
        return False
    # A session means a signed-in member or a visitor in the middle of something; messages are for one page.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _key(request) -> str | None:
    try:
        version = current_version()
    except Exception:  # the database is down: the view will fail or recover on its own; no caching
        return None
    today = timezone.localdate().isoformat()
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    # "page2": entries hold the page's token placeholder, which earlier entries ("page") did not.
    return f"page2:{version}:{get_language()}:{today}:{address}"


def _cacheable_response(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    # A cookie belongs to one visitor, and so does a page holding a CSRF token, which always comes with the
    # CSRF cookie; only the cookie that goes with the placeholder's token is allowed. (Reading the empty
    # session of a visitor without a session cookie, as every page does to ask who is signed in, adds
    # Vary: Cookie but nothing personal.)
    cookies = set(response.cookies)
    if hasattr(request, "_page_cache_content"):
        cookies.discard(settings.CSRF_COOKIE_NAME)
    if cookies:
        return False
    directives = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", "")) if part.strip()}
    return not directives & {"private", "no-cache", "no-store", "max-age=0"}


def _seconds_to_keep(request) -> int:
    """PAGE_CACHE_SECONDS, or fewer if the page changes by itself sooner (`changes_at`)."""
    until = getattr(request, "_page_cache_until", None)
    if until is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, math.floor((until - timezone.now()).total_seconds()))


def _with_token(content: bytes, placeholder: str, request) -> bytes:
    """The stored page with this visitor's CSRF token (which also sends them the CSRF cookie)."""
    return content.replace(placeholder.encode(), get_token(request).encode())


class FetchFromPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache_key = None
        if _cacheable_request(request):
            key = _key(request)
            if key is not None:
                try:
                    stored = cache.get(key)
                except Exception:
                    logger.warning("Page cache unreachable; serving %s uncached", request.path, exc_info=True)
                    stored = None
                if stored is not None:
                    return _response(stored, request)
                request._page_cache_key = key
        response = self.get_response(request)
        placeholder = getattr(request, "_page_cache_placeholder", None)
        if placeholder is not None and not response.streaming:
            # Stored as rendered, sent with this visitor's token (CsrfViewMiddleware, outside, sets the cookie).
            # If anything else on the page asked for the visitor's own token ({% csrf_token %} beside the
            # placeholder), or their CSRF cookie was unreadable, the page is theirs alone: it sets the cookie
            # and is not stored.
            if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                request._page_cache_content = response.content
            response.content = _with_token(response.content, placeholder, request)
        return response


class UpdatePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or HEADER in response:
            return response
        response[HEADER] = "miss"
        seconds = _seconds_to_keep(request)
        if seconds > 0 and _cacheable_response(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]
            if hasattr(request, "_page_cache_content"):
                content, placeholder = request._page_cache_content, request._page_cache_placeholder
            else:
                content, placeholder = response.content, ""
            try:
                cache.set(key, (response.status_code, headers, content, placeholder), seconds)
            except Exception:
                logger.warning("Page cache unreachable; %s not stored", request.path, exc_info=True)
        return response


def _response(stored, request):
    from django.http import HttpResponse

    status, headers, content, placeholder = stored
    if placeholder:
        content = _with_token(content, placeholder, request)
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response
