"""The PDF of an adopted position: rendered once per adopted text, stored, and served as stored.

The document is what the public, ministries and parliament staff file: the federation's letterhead, the
reference, place and date, the text with numbered points, the table of the associations that signed it and
a verification box with the text's SHA-256 and the address of the public page that confirms it. It is
always rendered in the site's default language (Polish), whatever language the request that triggered it
was in, so the one stored file is the same for everyone.
"""

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from federation.identity import federation_identity
from positions import selectors
from positions.enums import PUBLIC_STATUSES, Decision
from positions.models import DraftAct, PositionDocument, PositionVersion
from positions.text import subpoint_label

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatoryRow:
    """One line of the table of signatories: an association that signed, abstained or consented tacitly."""

    association_name: str
    association_short_name: str
    signer_name: str
    signer_function: str
    signed_on: dt.date | None
    decision: str  # Decision.SIGNED / Decision.ABSTAINED, or "tacit"
    decision_label: str
    reservation: str


TACIT = "tacit"


# --- Reads ----------------------------------------------------------------------------------------------


def adopted_version_get(*, version_id: int) -> PositionVersion:
    """The version with everything the document shows; ValueError unless it is the adopted text of a
    public (published or superseded) position."""
    version = (
        PositionVersion.objects.select_related("position__term__association", "position__lead_association", "position__superseded_by")
        .prefetch_related(Prefetch("position__draft_acts", queryset=DraftAct.objects.prefetch_related("identifiers")))
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise ValueError(f"No version {version_id}.")
    _check_adopted(version)
    return version


def _check_adopted(version: PositionVersion) -> None:
    position = version.position
    if position.status not in PUBLIC_STATUSES or not position.adopted_on:
        raise ValueError(f"Version {version.pk} belongs to a position that is not public (status {position.status}).")
    if position.current_version_id != version.pk:
        raise ValueError(f"Version {version.pk} is not the adopted text of {position.reference} (that is {position.current_version_id}).")


def document_get(*, version_id: int) -> PositionDocument | None:
    """The stored PDF of a version, if it was rendered."""
    return PositionDocument.objects.filter(version_id=version_id).first()


def verify_url(*, sha256: str) -> str:
    """The absolute address of the public page that confirms the text with this hash (default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("positions_public:verify", kwargs={"sha256": sha256})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def pdf_path(*, position) -> str:
    """Where the public downloads the PDF (relative address, language-neutral)."""
    return reverse("positions_documents:pdf", kwargs={"slug": position.slug})


def signatory_rows(*, position) -> tuple[list[SignatoryRow], str]:
    """The associations under the adopted text, by name, and the result line ("signed by 4 of 4; …").

    Signatures and abstentions on the adopted version (never a declined one); under the tacit-consent
    rule, the members that did not answer by the deadline are listed as consenting tacitly. The result
    line is the adoption result's summary without objections and unanswered requests, which the public
    document does not name.
    """
    result = selectors.adoption_result_public(position=position)
    rows = [
        SignatoryRow(
            association_name=signature.association.name,
            association_short_name=signature.association.short_name,
            signer_name=signature.signer_name,
            signer_function=signature.signer_function,
            signed_on=timezone.localdate(signature.signed_at),
            decision=signature.decision,
            decision_label=_("signed") if signature.decision == Decision.SIGNED else _("abstained"),
            reservation=signature.reservation,
        )
        for signature in selectors.signature_list_public(position=position)
    ]
    rows += [
        SignatoryRow(
            association_name=association.name,
            association_short_name=association.short_name,
            signer_name="",
            signer_function="",
            signed_on=None,
            decision=TACIT,
            decision_label=_("tacit consent"),
            reservation="",
        )
        for association in result.tacit
    ]
    rows.sort(key=lambda row: row.association_name)
    return rows, result.public_summary


def identifier_label(identifier) -> str:
    """E.g. "druk sejmowy nr 2184-A": the kind of number and the number."""
    return _("%(kind)s no. %(value)s") % {"kind": identifier.get_kind_display(), "value": identifier.value}


def numbered_points(version: PositionVersion) -> list[dict]:
    return [
        {
            "number": number,
            "text": point["text"],
            "subpoints": [{"label": f"{subpoint_label(index)})", "text": text} for index, text in enumerate(point["subpoints"])],
        }
        for number, point in enumerate(version.points, start=1)
    ]


# --- Rendering ------------------------------------------------------------------------------------------


def _css_string(value: str) -> str:
    """A CSS string literal that cannot end the string or the <style> element it sits in."""
    escaped = re.sub(r'[\\"<>\n\r]', lambda m: f"\\{ord(m.group()):X} ", value)
    return f'"{escaped}"'


def _page_counter_css() -> str:
    """The CSS `content` value for "Strona 3 z 10": the translated words around the two page counters."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    message = _("Page %(number)s of %(total)s") % {"number": marker_page, "total": marker_pages}
    parts = []
    for chunk in re.split(r"(\x00PAGES?\x00)", message):
        if chunk == marker_page:
            parts.append("counter(page)")
        elif chunk == marker_pages:
            parts.append("counter(pages)")
        elif chunk:
            parts.append(_css_string(chunk))
    return " ".join(parts)


def position_html(*, version: PositionVersion) -> str:
    """The HTML of the document for an adopted version, in the site's default language."""
    _check_adopted(version)
    position = version.position
    with translation.override(settings.LANGUAGE_CODE):
        rows, summary = signatory_rows(position=position)
        context = {
            "language_code": settings.LANGUAGE_CODE,
            "identity": federation_identity(),
            "position": position,
            "version": version,
            "points": numbered_points(version),
            "draft_acts": [
                {"title": act.title, "identifiers": [identifier_label(identifier) for identifier in act.identifiers.all()]}
                for act in position.draft_acts.all()
            ],
            "place_and_date": f"{position.adopted_place}, {date_format(position.adopted_on, 'SHORT_DATE_FORMAT')}",
            "signatories": rows,
            "result_summary": summary,
            "term": position.term,
            "verify_url": verify_url(sha256=version.sha256),
            "page_counter_css": _page_counter_css(),
        }
        return render_to_string("positions/pdf/position.html", context)


def document_render(*, version: PositionVersion) -> bytes:
    """The PDF (tagged, PDF/UA-1) of an adopted version. Renders every time: use `document_ensure` to store."""
    from federation.pdf import render_pdf  # WeasyPrint loads only where a PDF is made

    return render_pdf(position_html(version=version))


def _file_name(version: PositionVersion) -> str:
    """Where the version's PDF is stored: one name per version, always the same, so an interrupted attempt's
    file is found and replaced. A slug too long for the column is shortened and the version's number added
    (slugs are unique; their beginnings need not be)."""
    position = version.position
    folder, slug = f"positions/pdf/{position.adopted_on.year}/", position.slug or f"position-{position.pk}"
    room = PositionDocument._meta.get_field("file").max_length - len(folder) - len(".pdf")
    if len(slug) > room:
        suffix = f"-v{version.pk}"
        slug = slug[: room - len(suffix)].rstrip("-") + suffix
    return f"{folder}{slug}.pdf"


def document_ensure(*, version_id: int) -> PositionDocument:
    """The stored PDF of an adopted version, rendering and storing it the first time.

    Idempotent: an existing document is returned untouched. When two workers race, both may render, but
    only one file and one row are kept: the write happens under a lock on the version row, re-checked,
    and the loser of an insert race deletes its file and returns the winner's document. A worker killed
    after writing the file but before committing the row leaves a file without a row; the next attempt
    (the task queued again, or the PDF's address) writes over it, so the version never has two files.
    Raises ValueError for a version that is not the adopted text of a public position.
    Side effects: one file in the default storage, one PositionDocument row.
    """
    existing = document_get(version_id=version_id)
    if existing is not None:
        return existing
    version = adopted_version_get(version_id=version_id)
    content = document_render(version=version)  # slow: outside the lock
    lost_race = False
    with transaction.atomic():
        PositionVersion.objects.select_for_update().filter(pk=version_id).first()
        existing = document_get(version_id=version_id)
        if existing is not None:
            return existing
        name = _file_name(version)
        if default_storage.exists(name):
            # Left by an attempt that died before its row was committed: the name is this version's alone.
            logger.warning("Replacing %s, left without a record by an interrupted attempt", name)
            default_storage.delete(name)
        name = default_storage.save(name, ContentFile(content), max_length=PositionDocument._meta.get_field("file").max_length)
        try:
            with transaction.atomic():
                document = PositionDocument.objects.create(
                    version=version, file=name, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
                )
        except IntegrityError:
            default_storage.delete(name)
            lost_race = True
        except BaseException:
            default_storage.delete(name)
            raise
    if lost_race:
        return PositionDocument.objects.get(version_id=version_id)
    logger.info("Stored the PDF of %s (version %s): %s, %s bytes", version.position.reference, version.number, name, len(content))
    return document
