"""The organisers' workspace for events: prepare, publish and cancel events, run the federation's meetings,
see and export the participants, check them in and issue certificates.

Views read through `events.selectors`, ask `events.permissions` who may do what, and write only through
`events.services`. An event its organisers do not include the person in is a 404, never a 403, so neither
its existence nor its participants leak. A service's refusal comes back beside the field it names with what
was typed kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import certificates, exports, permissions, selectors, services
from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.forms import AgendaFormSet, CancelForm, EventForm, InvitationsForm, MinutesForm, agenda_initial
from events.models import Event, Registration
from members.models import Association
from members.permissions import ACT_AS_EDITOR, MANAGE_ASSOCIATION, associations_for, is_secretariat
from members.selectors import association_list

member_required = login_required(login_url=reverse_lazy("login"))

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _event_for(request, pk) -> Event:
    """The event if this person manages it; 404 otherwise, so nothing leaks."""
    try:
        event = selectors.event_list_managed(user=request.user).select_related("topic").get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None
    if not permissions.can_manage(request.user, event):
        raise Http404  # e.g. a meeting of a term that is over: its association no longer runs it
    return event


def _forbidden(request, message: str, event=None):
    return render(request, "events/workspace/forbidden.html", {"message": message, "event": event}, status=403)


def when(event) -> str:
    """The event's dates as the clocks show them where it happens (its own time zone)."""
    start, end = timezone.localtime(event.starts_at, event.zone), timezone.localtime(event.ends_at, event.zone)
    if start.date() == end.date():
        return f"{date_format(start, 'SHORT_DATE_FORMAT')} {time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"
    return f"{date_format(start, 'SHORT_DATETIME_FORMAT')} – {date_format(end, 'SHORT_DATETIME_FORMAT')}"


def _creatable_kinds(user) -> list[str]:
    return [kind for kind in EventKind.values if permissions.can_create(user, kind)]


def _organiser_choices(user, event=None):
    """Associations this person organises for (all members for the secretariat), and those already organising."""
    if is_secretariat(user):
        own = association_list().values("pk")
    else:
        own = (associations_for(user, ACT_AS_EDITOR) | associations_for(user, MANAGE_ASSOCIATION)).values("pk")
    condition = Q(pk__in=own)
    if event is not None:
        condition |= Q(organised_events=event)
    return Association.objects.filter(condition).distinct().order_by("name")


# --- The list -------------------------------------------------------------------------------------------


@member_required
@require_GET
def event_list(request):
    events = list(selectors.event_list_managed(user=request.user))
    rows = [{"event": event, "when": when(event)} for event in events]
    return render(
        request,
        "events/workspace/event_list.html",
        {"rows": rows, "can_create": bool(_creatable_kinds(request.user))},
    )


# --- Creating and editing -------------------------------------------------------------------------------


def _create_initial(user, choices) -> dict:
    """One association to organise for: tick it. A Czech one: Prague time and Czech."""
    associations = list(choices[:2])
    if len(associations) != 1:
        return {}
    association = associations[0]
    initial = {"organisers": [association.pk]}
    if association.country == "CZ":
        initial.update(time_zone="Europe/Prague", language="cs", fee_currency="CZK")
    return initial


def _event_form(request, *, event: Event | None, kinds: list[str]):
    user = request.user
    choices = _organiser_choices(user, event)
    initial = EventForm.initial_for(event) if event is not None else _create_initial(user, choices)
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, kinds=kinds, organiser_choices=choices, initial=initial)
    agenda = None
    if form.offers_meetings:
        agenda = AgendaFormSet(data, prefix="agenda", initial=agenda_initial(event) if event is not None else None)
        form.agenda_formset = agenda  # its errors join the summary at the top of the form
    status = 200
    if data is not None:
        form_valid = form.is_valid()
        agenda_valid = agenda is None or agenda.is_valid()
        if form.has_error("organisers", "invalid_choice"):
            status = 403  # an association this person does not act for
        elif form_valid and agenda_valid:
            target = Event() if event is None else Event.objects.get(pk=event.pk)
            for name, value in form.event_values().items():
                setattr(target, name, value)
            items = agenda.agenda_values() if agenda is not None and form.is_meeting else None
            try:
                saved = services.event_save(event=target, organisers=form.organiser_values(), by=user, agenda=items)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The event was saved.") if event is not None else _("The event was saved as a draft."))
                return redirect("events:detail", pk=saved.pk)
    template = "events/workspace/event_edit.html" if event is not None else "events/workspace/event_create.html"
    return render(
        request,
        template,
        {"event": event, "when": when(event) if event is not None else "", "form": form, "agenda": agenda, "current": "edit"},
        status=status,
    )


@member_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    kinds = _creatable_kinds(request.user)
    if not kinds:
        return _forbidden(
            request,
            _("Editors of a member association prepare its events; the presiding association convenes the federation's meetings."),
        )
    return _event_form(request, event=None, kinds=kinds)


@member_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = _event_for(request, pk)
    kinds = _creatable_kinds(request.user)
    if event.kind not in kinds:
        kinds.append(event.kind)
    kinds = [kind for kind in EventKind.values if kind in kinds]
    return _event_form(request, event=event, kinds=kinds)


# --- The event's page: publish, cancel, invitations, minutes ----------------------------------------------


def _detail_render(request, event, *, cancel_form=None, invitations_form=None, minutes_form=None, status=200):
    if cancel_form is None and event.status != EventStatus.CANCELLED:
        cancel_form = CancelForm()
    if invitations_form is None and event.audience == Audience.INVITED:
        invitations_form = InvitationsForm(initial={"invitations": "\n".join(event.invitations.values_list("email", flat=True))})
    if minutes_form is None and event.is_federation_meeting:
        minutes_form = MinutesForm(initial={"minutes": event.minutes, "positions_adopted": list(event.positions_adopted.all())})
    context = {
        "event": event,
        "when": when(event),
        "organisers": list(event.organisers.all()),
        "agenda_items": list(event.agenda_items.select_related("position").order_by("order")),
        "places_left": selectors.places_left(event),
        "cancel_form": cancel_form,
        "invitations_form": invitations_form,
        "minutes_form": minutes_form,
        "current": "detail",
    }
    return render(request, "events/workspace/event_detail.html", context, status=status)


@member_required
@require_GET
def event_detail(request, pk):
    return _detail_render(request, _event_for(request, pk))


@member_required
@require_POST
def event_publish(request, pk):
    event = _event_for(request, pk)
    try:
        services.event_publish(event=event, by=request.user)
    except PermissionDenied as error:
        return _forbidden(request, str(error), event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published: it is on the public site and open for registration."))
    return redirect("events:detail", pk=event.pk)


@member_required
@require_POST
def event_cancel(request, pk):
    event = _event_for(request, pk)
    form = CancelForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The event is cancelled. Everyone registered is told by e-mail."))
            return redirect("events:detail", pk=event.pk)
    return _detail_render(request, event, cancel_form=form, status=status)


@member_required
@require_POST
def event_invitations(request, pk):
    event = _event_for(request, pk)
    form = InvitationsForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            invitations = services.invitations_set(event=event, emails=form.email_values(), by=request.user)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The list of invited people was saved (%(count)s).") % {"count": len(invitations)})
            return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#invitations-heading")
    return _detail_render(request, event, invitations_form=form, status=status)


@member_required
@require_POST
def event_minutes(request, pk):
    event = _event_for(request, pk)
    if not event.is_federation_meeting:
        raise Http404
    form = MinutesForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.minutes_record(
                event=event,
                minutes=form.cleaned_data["minutes"],
                positions_adopted=list(form.cleaned_data["positions_adopted"]),
                by=request.user,
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#minutes-heading")
    return _detail_render(request, event, minutes_form=form, status=status)


# --- Participants ---------------------------------------------------------------------------------------


def _participants_event(request, pk) -> Event:
    event = _event_for(request, pk)
    if not permissions.can_see_participants(request.user, event):
        raise Http404
    return event


def _registration_for(request, pk, registration_pk) -> Registration:
    event = _participants_event(request, pk)
    try:
        registration = Registration.objects.get(pk=registration_pk, event=event)
    except Registration.DoesNotExist:
        raise Http404 from None
    registration.event = event
    return registration


def _back_to_row(registration) -> str:
    return reverse("events:registrations", kwargs={"pk": registration.event_id}) + f"#registration-{registration.pk}"


@member_required
@require_GET
def registration_list(request, pk):
    event = _participants_event(request, pk)
    now = timezone.now()
    rows, waiting, counts = [], 0, dict.fromkeys(RegistrationStatus.values, 0)
    # The selector lists the waiting in their order, so their places are counted here rather than asked for each.
    for registration in selectors.registration_list(event=event):
        counts[registration.status] += 1
        if registration.status == RegistrationStatus.WAITING:
            waiting += 1
        local, at, domain = registration.email.partition("@")
        rows.append(
            {
                "registration": registration,
                "waiting_position": waiting if registration.status == RegistrationStatus.WAITING else None,
                "email_parts": (local, at + domain),  # shown with a line-break opportunity before the "@"
            }
        )
    context = {
        "event": event,
        "when": when(event),
        "rows": rows,
        "counts": counts,
        "can_change": now < event.ends_at,
        "has_started": now >= event.starts_at,
        "checked_in": sum(1 for row in rows if row["registration"].checked_in_at),
        "exports": [("csv", _("Participants (CSV)")), ("xlsx", _("Participants (.xlsx)"))],
        "current": "registrations",
    }
    return render(request, "events/workspace/registration_list.html", context)


@member_required
@require_POST
def registration_check_in(request, pk, registration_pk):
    registration = _registration_for(request, pk, registration_pk)
    present = request.POST.get("present", "1") != "0"
    try:
        services.registration_check_in(registration=registration, by=request.user, present=present)
    except PermissionDenied as error:
        return _forbidden(request, str(error), registration.event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = _("%(name)s is checked in.") if present else _("%(name)s is no longer checked in.")
        messages.success(request, message % {"name": registration.full_name})
    return redirect(_back_to_row(registration))


@member_required
@require_POST
def registration_cancel(request, pk, registration_pk):
    registration = _registration_for(request, pk, registration_pk)
    try:
        promoted = services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = _("The registration of %(name)s was cancelled; they are told by e-mail.") % {"name": registration.full_name}
        if promoted is not None:
            message += " " + _("%(name)s moved up from the waiting list.") % {"name": promoted.full_name}
        messages.success(request, message)
    return redirect(_back_to_row(registration))


@member_required
@require_POST
def certificates_issue(request, pk):
    event = _participants_event(request, pk)
    try:
        issued = services.certificates_issue(event=event, by=request.user)
    except PermissionDenied as error:
        return _forbidden(request, str(error), event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if issued:
            messages.success(request, _("Certificates issued: %(count)s.") % {"count": len(issued)})
        else:
            messages.info(request, _("Everyone checked in already has a certificate."))
    return redirect("events:registrations", pk=event.pk)


@member_required
@require_GET
def registration_export(request, pk, fmt):
    """The participants as a download, for the organisers only."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    event = _participants_event(request, pk)
    render_list = exports.registrations_csv if fmt == "csv" else exports.registrations_xlsx
    response = HttpResponse(render_list(event=event), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(event, fmt)}"'
    return response


@member_required
@require_GET
def registration_certificate(request, pk):
    """A participant's attendance certificate (PDF), shown in the browser, for the organisers only."""
    try:
        registration = Registration.objects.select_related("event", "local_government").get(pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None
    if not permissions.can_see_participants(request.user, registration.event):
        raise Http404
    if not registration.certificate_number or registration.anonymised_at is not None:
        raise Http404  # not issued, or the personal data is gone
    response = HttpResponse(certificates.certificate_pdf(registration=registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificates.certificate_filename(registration)}"'
    return response
