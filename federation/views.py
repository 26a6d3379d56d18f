"""Public pages of the site that belong to no app and to no page of the tree: the open-data page, the
health report that load balancers and monitoring read, the page shown to a sign-in that is locked out, and
signing in with the second factor (`federation.two_factor`)."""

from urllib.parse import quote

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_otp.plugins.otp_static.models import StaticDevice

from federation import two_factor as second_factor
from federation.forms import AuthenticatorSetupForm, SecondFactorForm, SignInForm
from federation.health import health_report
from positions.open_data import POSITION_COLUMNS, SIGNATURE_COLUMNS


@require_safe
def open_data(request):
    """What the federation publishes for reuse: the CSV files (with their columns), the API, the feeds,
    and the licence; in the language being read."""
    datasets = [
        {
            "id": "positions",
            "title": _("Joint positions"),
            "description": _(
                "Every published and superseded joint position: one row per position, in order of adoption. "
                "Drafts and positions still being discussed or signed are not included."
            ),
            "url": reverse("open_data_files:positions"),
            "filename": "positions.csv",
            "columns": POSITION_COLUMNS,
        },
        {
            "id": "signatures",
            "title": _("Signatures under the positions"),
            "description": _(
                "Every signature and abstention on the adopted text of a published or superseded position: one row per "
                "association and position, as shown under the position. Objections are not published."
            ),
            "url": reverse("open_data_files:signatures"),
            "filename": "signatures.csv",
            "columns": SIGNATURE_COLUMNS,
        },
    ]
    return render(
        request,
        "open_data.html",
        {
            "datasets": datasets,
            "openapi_url": reverse("api-v1:openapi-json"),
            "docs_url": reverse("api_docs"),
            "api_url": reverse("api_index"),
            "calendar_url": reverse("events_calendar:all"),
        },
    )


@never_cache
@require_safe
def healthz(request):
    """Database, cache and task queue as this app server sees them (`federation/health.py`): 200 while
    the database answers, 503 when it does not."""
    status, report = health_report()
    return JsonResponse(report, status=status)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers (AXES_LOCKOUT_CALLABLE) when a username has failed to sign in too often from
    one address: 429 with Retry-After, and a page saying when to try again. The arguments after `request`
    are axes' own, unused."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "registration/locked_out.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


# --- Signing in with the second factor ------------------------------------------------------------------

SETUP_KEY_SESSION_KEY = "two_factor_setup_key"
NEW_RECOVERY_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def _next_url(request) -> str:
    """Where to go once the second factor is given: `next` if it stays on this site, else the workspace."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SignInView(LoginView):
    """Django's sign-in page; a person who needs the second factor goes to it next, then to `next`."""

    authentication_form = SignInForm

    def get_success_url(self):
        url = super().get_success_url()
        if second_factor.required_for(self.request.user) and not second_factor.is_verified(self.request):
            return second_factor.second_factor_url(url)
        return url


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Sets up an authenticator app for a person who has none; otherwise asks for its code (or a recovery
    code) and marks the session as verified. Goes on to `next` afterwards."""
    next_url = _next_url(request)
    if second_factor.is_verified(request):
        return redirect(next_url)
    if second_factor.totp_device(request.user) is None:
        return _authenticator_setup(request, next_url)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = second_factor.second_factor_check(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = second_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; it cannot be used again. %(count)d recovery code is left.",
                        "You signed in with a recovery code; it cannot be used again. %(count)d recovery codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    return render(request, "registration/two_factor.html", {"form": form, "next": next_url, "setup": False})


def _authenticator_setup(request, next_url):
    """The secret stays in the session until the person proves their app holds it: nothing is saved before.
    A session that signed in before the person's second factor was reset signs in again first."""
    if second_factor.session_predates_reset(request):
        logout(request)
        messages.info(request, _("Your second factor was reset. Sign in again with your password, then set up your new authenticator app."))
        return redirect(f"{reverse('login')}?next={quote(next_url, safe='/')}")
    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not key:
        key = request.session[SETUP_KEY_SESSION_KEY] = second_factor.new_secret()
    form = AuthenticatorSetupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device, codes = second_factor.totp_device_confirm(user=request.user, key=key, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            del request.session[SETUP_KEY_SESSION_KEY]
            django_otp.login(request, device)
            request.session[NEW_RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(f"{reverse('two_factor_recovery_codes')}?next={quote(next_url, safe='/')}")
    secret = second_factor.secret_base32(key)
    context = {
        "form": form,
        "next": next_url,
        "setup": True,
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_code": second_factor.qr_code_data_uri(user=request.user, key=key),
    }
    return render(request, "registration/two_factor.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request):
    """New recovery codes, shown once (right after setting up, or after asking for a new set); otherwise
    how many are left, and a button for a new set (for a verified session only)."""
    next_url = _next_url(request)
    if request.method == "POST":
        if not second_factor.is_verified(request):
            return redirect(second_factor.second_factor_url(request.get_full_path()))
        request.session[NEW_RECOVERY_CODES_SESSION_KEY] = second_factor.recovery_codes_replace(user=request.user)
        return redirect(f"{reverse('two_factor_recovery_codes')}?next={quote(next_url, safe='/')}")
    context = {
        "codes": request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None),
        "left": second_factor.recovery_codes_left(request.user),
        "verified": second_factor.is_verified(request),
        "next": next_url,
    }
    return render(request, "registration/two_factor_recovery_codes.html", context)
