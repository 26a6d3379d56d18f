"""The second factor: a code from an authenticator app (TOTP), or one of ten single-use recovery codes.

Who needs it: `required_for`. Where it is enforced: `SecondFactorMiddleware` (the members' workspace and the
Wagtail admin), the sign-in view (which sends such a person to the second factor before `next`), and
`positions.services.signature_record` (no signature from a session that has not passed it).

The devices are django-otp's: per person at most one confirmed `TOTPDevice` and one `StaticDevice` holding
the recovery codes. A session is verified when django-otp's middleware finds the device that verified it in
the session (`django_otp.login`).
"""

import math
import re
import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from federation import tasks
from federation.activity import last_logged_at, log_action
from members.enums import RoleKind
from members.permissions import can_reset_second_factor, is_secretariat

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
# How the activity log names a reset of someone's second factor.
RESET_ACTION = "federation.two_factor.reset"
# Roles whose holders act for their association with legal effect, or manage its people.
ROLES_NEEDING_SECOND_FACTOR = (RoleKind.SIGNATORY, RoleKind.ADMINISTRATOR)


# --- Who needs it, and has this session given it ---------------------------------------------------------


def required_for(user) -> bool:
    """Superusers, the federation's secretariat, and anyone holding a signatory's or administrator's role in
    any association today (the role began and has not ended: `ends_on` is the first day without it)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    today = timezone.localdate()
    holds_role = user.association_roles.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today), kind__in=ROLES_NEEDING_SECOND_FACTOR, starts_on__lte=today
    ).exists()
    # The secretariat is whoever holds its model permissions (`members.permissions.is_secretariat`).
    return holds_role or is_secretariat(user)


def is_verified(request) -> bool:
    """Whether this request's session passed the second factor (django-otp's middleware marks the user)."""
    return user_is_verified(request.user)


def user_is_verified(user) -> bool:
    is_verified_method = getattr(user, "is_verified", None)
    return bool(is_verified_method and is_verified_method())


def second_factor_missing(user) -> bool:
    """True when `user` came through a web request that has not passed the second factor though they need it.

    django-otp's middleware marks every request's user (`is_verified`). A user loaded outside any request
    (the demo loader, the benchmark, a shell) carries no such mark and has no session to verify: it is not
    asked. Every web request does carry the mark, so no page or API can skip the check.
    """
    if not hasattr(user, "is_verified") or user_is_verified(user):
        return False
    return required_for(user)


def missing_message() -> str:
    """Why signing is refused to a session without the second factor."""
    return _("Confirm your sign-in with the code from your authenticator app before you sign on behalf of an association.")


def totp_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Setting up an authenticator --------------------------------------------------------------------------


def new_secret() -> str:
    """A fresh secret (hex, as django-otp stores it); kept in the session until the person confirms it."""
    return default_key()


def secret_base32(key: str) -> str:
    """The secret as authenticator apps take it when typed in."""
    return b32encode(unhexlify(key)).decode("ascii")


def qr_code_data_uri(*, user, key: str) -> str:
    """The otpauth:// address of the secret as an SVG QR code in a data: URI (no outside service sees it)."""
    device = TOTPDevice(user=user, key=key)
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2, title=_("QR code for your authenticator app"))


def _clean_code(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def totp_device_confirm(*, user, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Make the secret in `key` the person's authenticator once `token` shows their app holds it.

    Returns the device and a new set of recovery codes (to be shown once). Nothing is saved when the code
    is wrong. Side effects: a confirmed TOTP device, a new set of recovery codes (replacing any old ones),
    activity log entry.
    """
    token = _clean_code(token)
    if not re.fullmatch(r"\d{6}", token):
        raise ValidationError({"code": _("Enter the 6-digit code your authenticator app shows now.")})
    # The app may run up to one 30-second step ahead of or behind the server's clock.
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=1):
        raise ValidationError(
            {"code": _("That code is not right. Check that your phone's clock is set automatically and enter the code it shows now.")}
        )
    with transaction.atomic(durable=True):
        # One authenticator per person even when the setup page is open in two tabs.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("An authenticator app is already set up for your account. Sign in with its code."))
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True, last_t=totp.t())
        codes = _recovery_codes_create(user)
        log_action(actor=user, action="federation.two_factor.set_up", target=user)
    return device, codes


def recovery_codes_replace(*, user) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Side effects: activity log entry."""
    with transaction.atomic(durable=True):
        codes = _recovery_codes_create(user)
        log_action(actor=user, action="federation.two_factor.recovery_codes_replaced", target=user)
    return codes


def _recovery_codes_create(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


# --- Resetting a lost second factor ---------------------------------------------------------------------


def has_second_factor(user) -> bool:
    """Whether the person has an authenticator or recovery codes: what `second_factor_reset` removes."""
    return TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists()


def people_with_second_factor() -> set[int]:
    """The ids of everyone who has an authenticator or recovery codes, in one query (for listings)."""
    totp_users = TOTPDevice.objects.values_list("user_id", flat=True)
    return set(totp_users.union(StaticDevice.objects.values_list("user_id", flat=True)))


def second_factor_reset(*, user, by) -> None:
    """Remove the authenticator and the recovery codes of `user`, who lost both, at the request of `by` (the
    secretariat or a superuser: `members.permissions.can_reset_second_factor`). At their next sign-in the
    person sets up a new authenticator: the second-factor page offers the setup to anyone without one.

    Refuses with ValidationError resetting one's own second factor and that of someone who has none; with
    PermissionDenied anyone else who may not reset it.

    Side effects: the person's TOTP and static devices deleted, so a session of theirs that gave the second
    factor with them is asked for it again (django-otp no longer finds the device); activity log entry
    naming `by` (actor) and the person (target); a mail to the person, sent after commit. The person's
    sessions are not ended: they are found only by decoding every session in the database.
    """
    if by is not None and by.pk == user.pk:
        raise ValidationError(_("You cannot reset your own second factor. Ask the secretariat to do it."))
    if not can_reset_second_factor(by, user):
        raise PermissionDenied(
            _("Only the secretariat and superusers may reset another person's second factor, and only a superuser may reset a superuser's.")
        )
    with transaction.atomic(durable=True):
        # The lock that setting up an authenticator takes: a reset and a setup never interleave.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if not has_second_factor(user):
            name = user.get_full_name() or user.get_username()
            raise ValidationError(_("%(name)s has no second factor set up: there is nothing to reset.") % {"name": name})
        had = {"authenticator": totp_device(user) is not None, "recovery_codes_left": recovery_codes_left(user)}
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()  # its recovery codes go with it
        log_action(actor=by, action=RESET_ACTION, target=user, data=had)
        user_id, by_id = user.pk, by.pk
        transaction.on_commit(lambda: tasks.second_factor_reset_mail_send.enqueue(user_id=user_id, by_id=by_id))


# When this session signed in (a timestamp, set by `federation.receivers.remember_sign_in_time`).
SIGNED_IN_AT_SESSION_KEY = "federation_signed_in_at"


def session_predates_reset(request) -> bool:
    """Whether this session signed in before the person's second factor was last reset. Such a session (a
    browser left signed in on the lost phone, say) must sign in again with the password before it may set up
    a new authenticator: the reset cannot end the person's sessions, but it makes them worthless for that."""
    reset_at = last_logged_at(action=RESET_ACTION, target=request.user)
    if reset_at is None:
        return False
    signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    return signed_in_at is None or signed_in_at <= reset_at.timestamp()


# --- Confirming a sign-in ---------------------------------------------------------------------------------


def second_factor_check(*, user, token: str):
    """The device that accepts `token`: a 6-digit code goes to the authenticator, anything else is tried as
    a recovery code (which is used up). Wrong codes slow further tries down (django-otp's throttling:
    1, 2, 4, 8… seconds, `OTP_TOTP_THROTTLE_FACTOR`). Raises ValidationError with a message to show.
    Side effects: the device's throttling counters; a used recovery code is deleted; activity log entry
    for a recovery code."""
    token = _clean_code(token)
    if not token:
        raise ValidationError({"code": _("Enter the code from your authenticator app, or one of your recovery codes.")})
    model = TOTPDevice if re.fullmatch(r"\d{6}", token) else StaticDevice
    with transaction.atomic(durable=True):
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            raise ValidationError({"code": _("That code is not right. Enter the code your app shows now, or a recovery code.")})
        allowed, details = device.verify_is_allowed()
        if not allowed:
            wait = max(1, math.ceil(((details or {}).get("locked_until", timezone.now()) - timezone.now()).total_seconds()))
            raise ValidationError(
                {
                    "code": ngettext(
                        "Too many wrong codes. Wait %(seconds)d second and try again.",
                        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                        wait,
                    )
                    % {"seconds": wait}
                }
            )
        if not device.verify_token(token):
            # verify_token has counted the failure; it must be kept, so the transaction is not rolled back.
            failed = True
        else:
            failed = False
            if model is StaticDevice:
                log_action(actor=user, action="federation.two_factor.recovery_code_used", target=user)
    if failed:
        raise ValidationError(
            {"code": _("That code is not right, or it was used already. Enter the code your app shows now, or a recovery code.")}
        )
    return device


# --- Where the second factor is asked for -----------------------------------------------------------------


def _guarded_paths() -> re.Pattern:
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:admin/|(?:(?:{languages})/)?workspace/)")


def second_factor_url(next_url: str) -> str:
    return f"{reverse('two_factor')}?next={quote(next_url, safe='/')}"


class SecondFactorMiddleware:
    """Stops a signed-in person who needs the second factor, and has not given it in this session, at the
    members' workspace (`/workspace/`, `/<language>/workspace/`) and the Wagtail admin (`/admin/`). A page
    they open is exchanged for the second-factor page, coming back afterwards; a form they send (which
    cannot be sent again by a redirect) is refused with 403 and a link to it. Public pages stay open. Goes
    after django-otp's OTPMiddleware, which marks `request.user` as verified or not."""

    EXEMPT = ("/admin/logout/",)

    def __init__(self, get_response):
        self.get_response = get_response
        self.guarded = _guarded_paths()

    def __call__(self, request):
        path = request.path_info
        if (
            self.guarded.match(path)
            and not path.startswith(self.EXEMPT)
            and request.user.is_authenticated
            # Verified first: it costs at most the one query django-otp makes anyway, `required_for` more.
            and not is_verified(request)
            and required_for(request.user)
        ):
            if request.method in ("GET", "HEAD"):
                return redirect(second_factor_url(request.get_full_path()))
            message = _(
                "Confirm your sign-in with the code from your authenticator app before you continue: "
                "the members' workspace and the administration need it."
            )
            context = {"message": message}
            return render(request, "registration/two_factor_required.html", context, status=403)
        return self.get_response(request)
