"""Background work for positions: mail to the people concerned, and the PDF of an adopted version.

Services enqueue these with `transaction.on_commit`, so nothing is sent or rendered for a change that was
rolled back. The embedded default runs them in process at once; production runs them in a worker.
Arguments are primary keys: a task reads the records as they are when it runs.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from members.enums import RoleKind
from members.models import Role
from members.selectors import association_list


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def notify_signatories(*, position_id: int, reason: str) -> int:
    """Ask every current signatory of the member associations to decide on the position's current text.

    `reason` is "signing_opened" or "text_changed" (earlier signatures no longer count). Returns the number
    of messages sent.
    """
    from positions.models import Position

    position = Position.objects.select_related("current_version").get(pk=position_id)
    members = association_list()
    roles = Role.objects.filter(association__in=members, kind=RoleKind.SIGNATORY, ends_on__isnull=True).select_related(
        "user", "association"
    )
    with translation.override(settings.LANGUAGE_CODE):
        url = _absolute(reverse("positions:detail", kwargs={"pk": position.pk}))
        if reason == "text_changed":
            subject = _("The text of “%(title)s” changed: please sign again") % {"title": position.title}
            intro = _(
                "The text you were asked to sign changed (now version %(number)s). Decisions on the earlier text no longer count."
            ) % {"number": position.current_version.number}
        else:
            subject = _("Signing is open: “%(title)s”") % {"title": position.title}
            intro = _("The final text of this joint position is open for signing.")
        deadline = (
            _("Deadline: %(date)s") % {"date": date_format(position.signing_deadline, "SHORT_DATE_FORMAT")}
            if position.signing_deadline
            else ""
        )
        messages = [
            (
                subject,
                "\n\n".join(
                    part
                    for part in (
                        intro,
                        _("You decide for %(association)s.") % {"association": role.association.name},
                        deadline,
                        _("Verification code of the text: %(sha)s") % {"sha": position.current_version.sha256},
                        url,
                    )
                    if part
                ),
                settings.DEFAULT_FROM_EMAIL,
                [role.user.email],
            )
            for role in roles
            if role.user.email
        ]
    return send_mass_mail(messages, fail_silently=False)


@task()
def notify_lead_of_comment(*, comment_id: int) -> int:
    """Tell the lead association's editors that a member commented on their draft."""
    from positions.models import Comment

    comment = Comment.objects.select_related("position", "association").get(pk=comment_id)
    position = comment.position
    editors = Role.objects.filter(
        association_id=position.lead_association_id, kind__in=[RoleKind.EDITOR, RoleKind.ADMINISTRATOR], ends_on__isnull=True
    ).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New comment from %(association)s on “%(title)s”") % {
            "association": comment.association.short_name,
            "title": position.title,
        }
        body = "\n\n".join(
            [
                f"{comment.get_weight_display()} – {comment.provision}",
                comment.text,
                _absolute(reverse("positions:comments", kwargs={"pk": position.pk})),
            ]
        )
        recipients = sorted({role.user.email for role in editors if role.user.email})
    if not recipients:
        return 0
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)], fail_silently=False)


@task()
def render_position_pdf(*, version_id: int) -> str:
    """Render and store the PDF of an adopted version (once: a stored one is kept). Returns its hash."""
    from positions.pdf import document_ensure

    return document_ensure(version_id=version_id).sha256
