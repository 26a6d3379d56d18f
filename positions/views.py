"""The members' workspace for joint positions: drafting, consultation, comments and signing.

Views read through `positions.selectors`, ask `positions.permissions` who may do what, and write only
through `positions.services`. A service's refusal is shown on the page it came from with the person's input
kept: forms are rendered again, never lost to a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from federation import two_factor
from members.permissions import ACT_AS_EDITOR, associations_for, is_secretariat
from positions import exports, permissions, selectors, services, text
from positions.enums import EDITABLE_STATUSES, Decision, PositionStatus, Settlement
from positions.forms import (
    CommentForm,
    CompareForm,
    PositionCreateForm,
    PositionDetailsForm,
    PositionTextForm,
    SettleForm,
    SignatureForm,
    TransitionForm,
)
from positions.models import Comment, Position, PositionVersion, Signature

member_required = login_required(login_url=reverse_lazy("login"))

# The label of each move's button, by target status (and source where it differs).
TRANSITION_LABELS = {
    PositionStatus.CONSULTATION: gettext_lazy("Open consultation among members"),
    PositionStatus.FINAL: gettext_lazy("Fix the final text"),
    PositionStatus.SIGNING: gettext_lazy("Open for signing"),
    PositionStatus.PUBLISHED: gettext_lazy("Adopt and publish"),
    PositionStatus.WITHDRAWN: gettext_lazy("Withdraw the position"),
}
BACK_LABELS = {
    (PositionStatus.FINAL, PositionStatus.CONSULTATION): gettext_lazy("Reopen consultation"),
    (PositionStatus.SIGNING, PositionStatus.FINAL): gettext_lazy("Stop signing and return to the final text"),
}


def _transition_label(position, to) -> str:
    return str(BACK_LABELS.get((position.status, to)) or TRANSITION_LABELS[to])


def _position_for(request, pk) -> Position:
    """The position if this person may see it in the workspace; 404 otherwise, so nothing leaks."""
    try:
        position = selectors.position_get(pk=pk)
    except Position.DoesNotExist:
        raise Http404 from None
    if not (permissions.can_see_internal(request.user) and permissions.can_view(request.user, position)):
        raise Http404
    return position


def _forbidden(request, message: str, position=None):
    return render(request, "positions/workspace/forbidden.html", {"message": message, "position": position}, status=403)


def _can_edit_details(user, position) -> bool:
    """As `services.position_update_details` allows: the lead's editors or the secretariat, while the text may change."""
    return position.status in EDITABLE_STATUSES and (permissions.can_lead(user, position) or is_secretariat(user))


def _head(user, position) -> dict:
    """What the position's heading and tabs need on every page."""
    return {"position": position, "can_edit": permissions.can_edit_text(user, position) or _can_edit_details(user, position)}


def _numbered(points) -> list[dict]:
    return [
        {
            "number": number,
            "text": point["text"],
            "subpoints": [{"label": text.subpoint_label(index), "text": sub} for index, sub in enumerate(point["subpoints"])],
        }
        for number, point in enumerate(points, start=1)
    ]


def _provision_label(comment) -> str:
    if comment.point is None:
        return _("whole text")
    if comment.subpoint:
        return f"{comment.point} {text.subpoint_label(comment.subpoint - 1)})"
    return f"{comment.point}."


# --- The list and a new position ------------------------------------------------------------------------


@member_required
@require_GET
def position_list(request):
    user = request.user
    has_role = permissions.can_see_internal(user)
    positions = list(selectors.position_list_workspace(user=user)) if has_role else []
    return render(
        request,
        "positions/workspace/position_list.html",
        {"positions": positions, "has_role": has_role, "can_create": permissions.can_create(user)},
    )


@member_required
@require_http_methods(["GET", "POST"])
def position_create(request):
    if not permissions.can_create(request.user):
        return _forbidden(request, _("Only editors of a member association can start a position."))
    lead_choices = associations_for(request.user, ACT_AS_EDITOR).order_by("name")
    form = PositionCreateForm(request.POST or None, lead_choices=lead_choices)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            position = services.position_create(
                lead_association=form.cleaned_data["lead_association"], by=request.user, **form.text_values(), **form.detail_values()
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The draft position was saved as version 1."))
            return redirect("positions:detail", pk=position.pk)
    return render(request, "positions/workspace/position_create.html", {"form": form}, status=status)


# --- The position's page, its moves and signing --------------------------------------------------------


def _transition_forms(position, user, bound: TransitionForm | None = None) -> list[dict]:
    moves = []
    for to in services.allowed_transitions(position=position, user=user):
        form = bound if bound is not None and bound.to == to else TransitionForm(to=to)
        moves.append({"to": to, "label": _transition_label(position, to), "form": form, "danger": to == PositionStatus.WITHDRAWN})
    return moves


def _signing_rows(result) -> list[dict]:
    decided = {signature.association_id: signature for signature in [*result.signed, *result.abstained, *result.declined]}
    tacit = {association.pk for association in result.tacit}
    rows = []
    for association in result.eligible:
        signature = decided.get(association.pk)
        if signature is not None:
            state = signature.get_decision_display()
        elif association.pk in tacit:
            state = _("consents tacitly")
        else:
            state = _("not answered yet")
        rows.append({"association": association, "signature": signature, "state": state})
    return rows


def _sign_form(position, user, bound: SignatureForm | None = None):
    """The signing form for the associations this person signs for and that have not decided on this text."""
    if bound is not None:
        return bound
    if not permissions.can_sign(user, position):
        return None
    decided = Signature.objects.filter(version_id=position.current_version_id).values("association_id")
    associations = permissions.signing_associations(user).exclude(pk__in=decided).order_by("name")
    if not associations.exists():
        return None
    return SignatureForm(associations=associations, initial={"text_sha256": position.current_version.sha256})


def _detail_render(request, position, *, transition_form=None, sign_form=None, status=200):
    user = request.user
    version = position.current_version
    context = {
        **_head(user, position),
        "version": version,
        "points": _numbered(version.points),
        "draft_acts": list(position.draft_acts.all()),
        "co_drafters": list(position.co_drafters.all()),
        "moves": _transition_forms(position, user, bound=transition_form),
        "is_signatory": permissions.can_sign(user, position),
        "sign_form": _sign_form(position, user, bound=sign_form),
    }
    if position.status in (PositionStatus.SIGNING, PositionStatus.PUBLISHED, PositionStatus.SUPERSEDED):
        result = selectors.adoption_result(position=position)
        context.update(result=result, signing_rows=_signing_rows(result))
    return render(request, "positions/workspace/position_detail.html", context, status=status)


@member_required
@require_GET
def position_detail(request, pk):
    return _detail_render(request, _position_for(request, pk))


@member_required
@require_POST
def position_transition(request, pk):
    position = _position_for(request, pk)
    to = request.POST.get("to", "")
    if to not in PositionStatus.values:
        raise Http404
    form = TransitionForm(request.POST, to=to)
    status = 200
    if form.is_valid():
        try:
            services.position_transition(position=position, to=to, by=request.user, **form.transition_values())
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The position is now “%(status)s”.") % {"status": PositionStatus(position.status).label})
            return redirect("positions:detail", pk=position.pk)
    if to not in services.allowed_transitions(position=position, user=request.user):
        # Not one of this person's buttons: show the refusal above the page instead of beside a button.
        messages.error(request, " ".join(form.non_field_errors()) or _("You may not make this move."))
        form = None
    return _detail_render(request, position, transition_form=form, status=status)


@member_required
@require_POST
def position_sign(request, pk):
    position = _position_for(request, pk)
    if not permissions.can_sign(request.user, position):
        return _forbidden(request, _("Only signatories of a member association can sign, while signing is open."), position)
    if two_factor.second_factor_missing(request.user):
        return _forbidden(request, two_factor.missing_message(), position)
    form = SignatureForm(request.POST, request.FILES, associations=permissions.signing_associations(request.user).order_by("name"))
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            signature = services.signature_record(
                position=position,
                association=data["association"],
                decision=data["decision"],
                by=request.user,
                text_sha256=data["text_sha256"],
                reservation=data["reservation"],
                mandate_body=data["mandate_body"],
                mandate_date=data["mandate_date"],
                resolution_file=data["resolution_file"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Recorded: %(association)s %(decision)s on version %(number)s.")
                % {
                    "association": signature.association.short_name,
                    "decision": Decision(signature.decision).label,
                    "number": signature.version.number,
                },
            )
            return redirect("positions:detail", pk=position.pk)
    return _detail_render(request, position, sign_form=form, status=status)


@member_required
@require_GET
def signature_resolution(request, pk, signature_pk):
    """A signature's resolution file, from private storage, for the members' people only."""
    position = _position_for(request, pk)
    try:
        signature = Signature.objects.get(pk=signature_pk, position=position)
    except Signature.DoesNotExist:
        raise Http404 from None
    if not signature.resolution_file:
        raise Http404
    name = signature.resolution_file.name.rsplit("/", 1)[-1]
    # Always a download, never sniffed: a file uploaded before uploads were checked must not open as a page.
    response = FileResponse(signature.resolution_file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Editing the text and the details -------------------------------------------------------------------


def _unsaved_version(position, values: dict) -> PositionVersion:
    """The editor's text as an unsaved version, so it can be compared with a saved one."""
    return PositionVersion(
        position=position,
        title=values["title"].strip(),
        preamble=text.clean_text(values["preamble"]),
        points=text.normalize_points(values["points"]),
        justification=text.clean_text(values["justification"]),
    )


@member_required
@require_http_methods(["GET", "POST"])
def position_edit(request, pk):
    position = _position_for(request, pk)
    user = request.user
    can_edit_text = permissions.can_edit_text(user, position)
    can_edit_details = _can_edit_details(user, position)
    if not (can_edit_text or can_edit_details):
        return _forbidden(request, _("Only editors of the drafting associations can change this position."), position)
    text_form = PositionTextForm(initial=PositionTextForm.initial_for(position.current_version)) if can_edit_text else None
    details_form = PositionDetailsForm(initial=PositionDetailsForm.initial_for(position), position=position) if can_edit_details else None
    conflict = None
    status = 200
    action = request.POST.get("action")
    if request.method == "POST" and action == "text" and can_edit_text:
        text_form = PositionTextForm(request.POST)
        if text_form.is_valid():
            values = text_form.text_values()
            try:
                version = services.version_save(
                    position=position,
                    base_number=text_form.cleaned_data["base_number"],
                    by=user,
                    change_note=text_form.cleaned_data["change_note"],
                    **values,
                )
            except services.VersionConflict as error:
                # Keep every word typed; only the base moves on, so saving again after merging goes through.
                data = request.POST.copy()
                data["base_number"] = error.current.number
                text_form = PositionTextForm(data)
                text_form.is_valid()
                text_form.add_error(None, error.messages)
                conflict = {
                    "current": error.current,
                    "rows": _announced(text.version_diff(error.current, _unsaved_version(position, values))),
                }
                status = 409
            except PermissionDenied as error:
                text_form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                text_form.add_service_error(error)
            else:
                if version.number == text_form.cleaned_data["base_number"]:
                    messages.info(request, _("Nothing changed in the text, so no new version was saved."))
                else:
                    messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
                return redirect("positions:detail", pk=position.pk)
    elif request.method == "POST" and action == "details" and can_edit_details:
        details_form = PositionDetailsForm(request.POST, position=position)
        if details_form.is_valid():
            try:
                services.position_update_details(position=position, by=user, **details_form.detail_values())
            except PermissionDenied as error:
                details_form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                details_form.add_service_error(error)
            else:
                messages.success(request, _("The details of the position were saved."))
                return redirect("positions:detail", pk=position.pk)
    elif request.method == "POST":
        return _forbidden(request, _("You may not change this part of the position."), position)
    return render(
        request,
        "positions/workspace/position_edit.html",
        {**_head(user, position), "text_form": text_form, "details_form": details_form, "conflict": conflict},
        status=status,
    )


def _announced(rows) -> list[dict]:
    """Diff rows whose <del> and <ins> also say so in words, for screen readers that do not announce them."""
    removed = format_html('<span class="visually-hidden">{} </span>', _("[removed:]"))
    added = format_html('<span class="visually-hidden">{} </span>', _("[added:]"))
    return [
        {
            "kind": row.kind,
            "old_label": row.old_label,
            "new_label": row.new_label,
            "old_html": mark_safe(row.old_html.replace("<del>", f"<del>{removed}")),  # noqa: S308 - adds only our escaped label
            "new_html": mark_safe(row.new_html.replace("<ins>", f"<ins>{added}")),  # noqa: S308
        }
        for row in rows
    ]


# --- Versions -------------------------------------------------------------------------------------------


@member_required
@require_GET
def version_list(request, pk):
    position = _position_for(request, pk)
    versions = list(selectors.version_list(position=position))
    numbers = [version.number for version in reversed(versions)]
    compare_form = CompareForm(
        numbers=numbers, initial={"a": numbers[-2] if len(numbers) > 1 else numbers[0], "b": numbers[-1]}, auto_id="compare_%s"
    )
    return render(
        request,
        "positions/workspace/version_list.html",
        {**_head(request.user, position), "versions": versions, "compare_form": compare_form},
    )


@member_required
@require_GET
def version_compare(request, pk):
    position = _position_for(request, pk)
    numbers = list(position.versions.order_by("number").values_list("number", flat=True))
    form = CompareForm(request.GET, numbers=numbers, auto_id="compare_%s")
    if not form.is_valid():
        raise Http404
    old = selectors.version_get(position=position, number=form.cleaned_data["a"])
    new = selectors.version_get(position=position, number=form.cleaned_data["b"])
    return render(
        request,
        "positions/workspace/version_compare.html",
        {**_head(request.user, position), "old": old, "new": new, "rows": _announced(text.version_diff(old, new)), "compare_form": form},
    )


# --- Comments -------------------------------------------------------------------------------------------


def _comments_render(request, position, *, comment_form=None, bound_settle=None, status=200):
    user = request.user
    version = position.current_version
    can_settle = permissions.can_settle(user, position)
    comments = list(selectors.comment_list(position=position))
    rows = []
    for comment in comments:
        settle_form = None
        if can_settle:
            settle_form = (
                bound_settle if bound_settle is not None and bound_settle.comment.pk == comment.pk else SettleForm(comment=comment)
            )
        rows.append({"comment": comment, "provision": _provision_label(comment), "settle_form": settle_form})
    if comment_form is None and permissions.can_comment(user, position):
        comment_form = CommentForm(associations=permissions.commenting_associations(user).order_by("name"), version=version)
    context = {
        **_head(user, position),
        "version": version,
        "rows": rows,
        "pending": sum(1 for comment in comments if comment.settlement == Settlement.PENDING),
        "can_settle": can_settle,
        "comment_form": comment_form,
        "exports": [
            {"layout": layout, "fmt": fmt, "label": label}
            for layout, fmt, label in (
                ("pl", "xlsx", _("Polish comment table (.xlsx)")),
                ("pl", "pdf", _("Polish comment table (PDF)")),
                ("cz", "xlsx", _("Czech comment table (.xlsx)")),
                ("cz", "pdf", _("Czech comment table (PDF)")),
            )
        ],
    }
    return render(request, "positions/workspace/comment_list.html", context, status=status)


@member_required
@require_http_methods(["GET", "POST"])
def comment_list(request, pk):
    position = _position_for(request, pk)
    if request.method == "GET":
        return _comments_render(request, position)
    user = request.user
    if request.POST.get("action") == "settle":
        try:
            comment = Comment.objects.select_related("position").get(pk=request.POST.get("comment"), position=position)
        except (Comment.DoesNotExist, ValueError):
            raise Http404 from None
        if not permissions.can_settle(user, position):
            return _forbidden(request, _("Only editors of the lead association settle comments."), position)
        form = SettleForm(request.POST, comment=comment)
        if form.is_valid():
            try:
                services.comment_settle(comment=comment, by=user, **form.cleaned_data)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                return _comments_render(request, position, bound_settle=form, status=403)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request, _("The comment was settled: %(settlement)s.") % {"settlement": Settlement(comment.settlement).label}
                )
                return redirect(reverse("positions:comments", kwargs={"pk": position.pk}) + f"#comment-{comment.pk}")
        return _comments_render(request, position, bound_settle=form)
    if not permissions.can_comment(user, position):
        return _forbidden(
            request, _("Comments are taken from member associations' editors while the position is in consultation."), position
        )
    form = CommentForm(
        request.POST, associations=permissions.commenting_associations(user).order_by("name"), version=position.current_version
    )
    if form.is_valid():
        try:
            comment = services.comment_submit(position=position, by=user, **form.comment_values())
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return _comments_render(request, position, comment_form=form, status=403)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Your comment was submitted for %(association)s.") % {"association": comment.association.short_name}
            )
            return redirect(reverse("positions:comments", kwargs={"pk": position.pk}) + f"#comment-{comment.pk}")
    return _comments_render(request, position, comment_form=form)


EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@member_required
@require_GET
def comment_export(request, pk, layout, fmt):
    """The comment table as the government's form wants it (Polish or Czech layout), as a download."""
    if layout not in ("pl", "cz") or fmt not in EXPORT_TYPES:
        raise Http404
    position = _position_for(request, pk)
    render_table = exports.comment_table_xlsx if fmt == "xlsx" else exports.comment_table_pdf
    content = render_table(position=position, layout=layout)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="uwagi-{position.pk}-{layout}.{fmt}"'
    return response
