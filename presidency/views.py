"""Admin views for the presidency schedule: propose the next terms, preview them, apply."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from presidency import selectors, services
from presidency.dates import local_day
from presidency.forms import ScheduleProposalForm
from presidency.permissions import can_manage_schedule


def schedule_proposal(request):
    if not can_manage_schedule(request.user):
        raise PermissionDenied
    today = local_day()
    form = ScheduleProposalForm(request.POST or None)
    proposal, error = None, None
    if form.is_valid():
        try:
            proposal = services.schedule_propose(count=form.cleaned_data["count"], today=today)
            if "apply" in request.POST:
                services.schedule_apply(proposal=proposal, by=request.user, today=today)
                messages.success(request, _("The planned schedule now follows the proposal."))
                return redirect("presidency_schedule")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return TemplateResponse(
        request,
        "presidency/schedule_proposal.html",
        {
            "form": form,
            "proposal": proposal,
            "error": error,
            "current": selectors.term_on(at=today),
            "planned": selectors.term_list_upcoming(at=today),
            "header_title": _("Presidency schedule"),
        },
    )
