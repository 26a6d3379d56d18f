"""Public addresses of events outside the Wagtail page tree, needing no login: the cancellation link and
the certificate link sent by mail, and the iCalendar feeds.

A link whose signature does not match says only that it is not valid (404), telling nothing about any
registration; an expired cancellation link says so (410) and points to the organisers.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Locale

from events import ical, selectors, services
from events.enums import RegistrationStatus
from events.models import Event, Registration
from members.models import Association

# Calendar applications poll feeds; a quarter of an hour keeps them fresh without hammering the site.
_FEED_MAX_AGE = 900


def _invalid_link(request):
    return render(request, "events/public/link_invalid.html", status=404)


def _expired_link(request, token: str):
    """The organisers of the event an expired link names (its signature is genuine, only too old)."""
    organisers = []
    event = None
    try:
        pk = signing.TimestampSigner(salt=services.CANCEL_SALT).unsign(token)
        registration = Registration.objects.select_related("event").get(pk=int(pk))
    except (signing.BadSignature, Registration.DoesNotExist, ValueError):
        pass
    else:
        event = registration.event
        organisers = list(event.organisers.order_by("name"))
    return render(request, "events/public/link_expired.html", {"event": event, "organisers": organisers}, status=410)


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, token: str):
    """GET: the registration and a button to cancel it. POST: cancel (the first on the waiting list moves up)."""
    try:
        registration = services.registration_from_token(token)
    except signing.SignatureExpired:
        return _expired_link(request, token)
    except (signing.BadSignature, Registration.DoesNotExist, ValueError):
        return _invalid_link(request)
    error = ""
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=request.user if request.user.is_authenticated else None)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return HttpResponseRedirect(reverse("events_public:cancel", kwargs={"token": token}) + "?done=1")
    registration.refresh_from_db()
    event = registration.event
    return render(
        request,
        "events/public/cancel.html",
        {
            "registration": registration,
            "event": event,
            "event_url": event_page_url(request, event),
            "waiting_position": selectors.waiting_position(registration),
            "is_cancelled": registration.status == RegistrationStatus.CANCELLED,
            "just_cancelled": request.GET.get("done") == "1" and registration.status == RegistrationStatus.CANCELLED,
            "is_over": event.ends_at <= timezone.now(),
            "error": error,
        },
    )


@require_safe
def certificate(request, token: str):
    """The participant's own attendance certificate (PDF), once the organisers have issued it."""
    try:
        registration = services.registration_from_certificate_token(token)
    except (signing.BadSignature, Registration.DoesNotExist, ValueError):
        return _invalid_link(request)
    if not registration.certificate_number or registration.anonymised_at is not None:
        raise Http404(_("No certificate has been issued for this registration."))
    from events.certificates import certificate_filename, certificate_pdf

    response = HttpResponse(certificate_pdf(registration=registration), content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{certificate_filename(registration)}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Calendar feeds -------------------------------------------------------------------------------------


@require_safe
def calendar_all(request):
    """Every public and members' event from a year back onwards (never invited-only ones)."""
    return _calendar_response(request, selectors.event_list_for_calendar(), name=_calendar_name(request, _("Events")))


@require_safe
def calendar_association(request, association: str):
    """The events one association organises."""
    organiser = get_object_or_404(Association, slug=association)
    events = selectors.event_list_for_calendar(association=organiser)
    return _calendar_response(request, events, name=_calendar_name(request, organiser.short_name or organiser.name))


def _calendar_name(request, title: str) -> str:
    from cms.models import FederationSettings

    federation = FederationSettings.for_request(request)
    return f"{federation.name} – {title}" if federation.name else title


def _calendar_response(request, events, *, name: str) -> HttpResponse:
    pages = _event_pages()
    events = list(events)

    def url_for(event: Event) -> str:
        page = pages.get(event.language) or pages.get("default")
        return request.build_absolute_uri(page.url + page.reverse_subpage("event_detail", args=[event.slug])) if page else ""

    response = HttpResponse(ical.calendar_for(events, name=name, url_for=url_for), content_type="text/calendar; charset=utf-8")
    patch_cache_control(response, public=True, max_age=_FEED_MAX_AGE)
    return response


def _event_pages() -> dict:
    """The live events page in each language (by language code), and the default language's as "default"."""
    from cms.models import EventIndexPage

    pages = {}
    default = Locale.get_default()
    for page in EventIndexPage.objects.live().select_related("locale"):
        pages.setdefault(page.locale.language_code, page)
        if page.locale_id == default.pk:
            pages["default"] = page
    return pages


def event_page_url(request, event: Event) -> str:
    """The event's page in the language being read (else in the default language), or ""."""
    pages = _event_pages()
    page = pages.get((get_language() or "").split("-")[0]) or pages.get("default")
    return page.get_url(request) + page.reverse_subpage("event_detail", args=[event.slug]) if page else ""
