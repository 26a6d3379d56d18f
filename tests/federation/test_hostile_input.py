"""Hostile input: script, HTML, CSS, external URLs and template syntax typed into every text field a
person can fill reach no page, PDF, feed, calendar, API answer or mail as markup, and spreadsheet formulas
reach no export as a formula.

Each text field gets its own tag (`[h07] <script>…`), so a failure names the output and the field:
"position page /stanowiska/…: script element ← position.preamble". Records are made through the services,
as the forms do; rich text goes through the editor's conversion, as the admin form does.
"""

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import icalendar
import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from cms.demo.practices import PRACTICES_SECTION
from cms.models import FederationSettings, GoodPracticePage, NewsPage
from cms.services import news_publish, site_setup
from events import certificates
from events import services as event_services
from events.enums import EventKind
from events.models import Event
from events.services import Invoice, Participant
from federation.pdf import BASE_URL, LocalFilesFetcher
from members import services as member_services
from members.enums import RoleKind
from members.models import Association
from members.permissions import SECRETARIAT_GROUP
from positions import pdf as position_pdf
from positions import services as position_services
from positions.enums import CommentWeight, Decision, IdentifierKind, PositionStatus, Settlement, Stance
from positions.models import DraftAct, DraftActIdentifier, Position
from presidency import services as presidency_services
from tests.conftest import SITE_CONTENT
from tests.factories import (
    AssociationFactory,
    EventFactory,
    LocalGovernmentFactory,
    LocalGovernmentMembershipFactory,
    TopicFactory,
    UserFactory,
    published_position_make,
)
from tests.factories.practices import GoodPracticePageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext comes from poppler-utils: run `make test`"),
]

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# Each case is typed whole into every field (cut to the field's length). The cases together hold every
# payload of the brief; they are split so that each fits a 100-character field with its tag.
PAYLOADS = {
    "tags": '<script>alert(1)</script><img src=x onerror=alert(1)>"><svg onload=alert(1)>',
    "frames": "<iframe src=http://evil.example/></iframe><link rel=stylesheet href=http://evil.example/a.css>",
    "styles": '<style>body{background:url(http://evil.example/x)}</style><a href="javascript:alert(1)">x</a>',
    "template": "{{ 7*7 }}{{ 424242|add:1 }}'\";alert(1)//${7*7}",
}

# What only unescaped payload produces: escaping turns every "<" of the payloads into "&lt;".
RAW_MARKERS = {
    "script element": "<script>alert(1)",
    "img with onerror": "<img src=x onerror",
    "svg with onload": "<svg onload",
    "iframe": "<iframe src=http://evil",
    "external stylesheet": "<link rel=stylesheet href=http://evil",
    "style element": "<style>body{",
    "javascript link": '<a href="javascript:',
    "template evaluated": "424243",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background", "xlink:href", "srcset", "ping"}
TAG = re.compile(r"\[(h\d\d)\]")


class Fields:
    """Hands out the hostile value of each field, tagged, and remembers which field a tag stands for."""

    def __init__(self, payload: str):
        self.payload = payload
        self.labels: dict[str, str] = {}
        self.values: dict[str, str] = {}

    def __call__(self, label: str, max_length: int | None = 255) -> str:
        code = f"h{len(self.labels) + 1:02d}"
        value = f"[{code}] {self.payload}"
        value = value[:max_length] if max_length else value
        self.labels[code], self.values[label] = label, value
        return value

    def field_near(self, text: str, index: int) -> str:
        """The field whose tag comes last before `index` in `text` (the field the markup came from)."""
        tags = TAG.findall(text[max(0, index - 400) : index])
        return self.labels.get(tags[-1], "?") if tags else "no tag nearby"


# --- Checks ---------------------------------------------------------------------------------------------


def _external(value: str) -> bool:
    value = value.strip().lower()
    if value.startswith("javascript:"):
        return True
    return any(urlsplit(part.strip().split(" ")[0]).netloc.endswith("evil.example") for part in value.split(","))


def html_problems(where: str, html: str, fields: Fields) -> list[str]:
    """Markup of the payloads that reached `html` as markup, each with the field it came from."""
    problems = [
        f"{where}: {name} ← {fields.field_near(html, html.index(marker))}" for name, marker in RAW_MARKERS.items() if marker in html
    ]
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for attribute, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            hostile = (
                (attribute in URL_ATTRIBUTES and _external(value))
                or (attribute == "style" and "evil.example" in value)
                or (attribute.startswith("on") and "alert" in value)
            )
            if hostile:
                problems.append(f"{where}: <{tag.name} {attribute}={value[:60]!r}> ← {fields.field_near(value, len(value))}")
        if tag.name in ("style", "script") and tag.string and ("evil.example" in tag.string or "alert(" in tag.string):
            problems.append(f"{where}: <{tag.name}> with the payload ← {fields.field_near(tag.string, len(tag.string))}")
    return problems


def visible_problems(where: str, html: str, fields: Fields, labels: list[str]) -> list[str]:
    """Fields whose text the page should show, escaped, and does not."""
    # Rich text keeps the text but not in one piece: the editor linked and bolded the tag.
    return [
        f"{where}: {label} not shown as text"
        for label in labels
        if escape(fields.values[label].split("] ", 1)[1] if label.endswith(".body") else fields.values[label]) not in html
    ]


def mail_problems(message, fields: Fields) -> list[str]:
    where = f"mail {message.subject[:50]!r} to {message.to}"
    problems = []
    if message.content_subtype != "plain":
        problems += html_problems(where, message.body, fields)
    for content, mimetype in getattr(message, "alternatives", []):
        if "html" in mimetype:
            problems += html_problems(f"{where} ({mimetype})", content, fields)
    if "\n" in message.subject or "\r" in message.subject:
        problems.append(f"{where}: a line break in the subject")
    for entity in ("&lt;", "&gt;", "&quot;", "&#x27;", "&amp;"):
        if entity in message.body:  # plain text: escaping would print entities to the reader
            problems.append(f"{where}: HTML entity {entity} in a plain-text body")
    if "424243" in message.body:
        problems.append(f"{where}: template evaluated ← {fields.field_near(message.body, message.body.index('424243'))}")
    for filename, content, mimetype in message.attachments:
        if mimetype.startswith("text/calendar"):
            problems += ical_problems(f"{where}, {filename}", content, fields)
    return problems


def ical_problems(where: str, content: bytes | str, fields: Fields) -> list[str]:
    text = content.decode() if isinstance(content, bytes) else content
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    problems = [f"{where}: injected line {line[:40]!r}" for line in unfolded.splitlines() if line.startswith("X-EVIL")]
    if "424243" in text:
        problems.append(f"{where}: template evaluated")
    icalendar.Calendar.from_ical(text)  # still a valid calendar
    return problems


def feed_problems(where: str, content: str, fields: Fields) -> list[str]:
    """An Atom feed: no raw markup in the XML, and none in the HTML its html-typed elements carry."""
    problems = [f"{where}: {name} in the XML" for name, marker in RAW_MARKERS.items() if marker in content]
    for element in ET.fromstring(content).iter():
        if element.get("type") == "html" and element.text:
            problems += html_problems(f"{where} <{element.tag.split('}')[-1]} type=html>", element.text, fields)
    return problems


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks our fetcher for (the fetcher still answers as in production)."""
    urls = []
    original = LocalFilesFetcher.fetch

    def recording_fetch(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalFilesFetcher, "fetch", recording_fetch)
    return urls


def _get(client, url, problems, where=None, status=200):
    response = client.get(url)
    if response.status_code != status:
        problems.append(f"{where or url}: status {response.status_code}, expected {status}")
        return None
    return response


# --- The world, every text field hostile ----------------------------------------------------------------


def _through_editor(model, field: str, text: str) -> str:
    """What the admin form stores when a hostile client posts the editor's content with `text` as a
    paragraph and a javascript: link on its first word (the browser's editor sends JSON, never HTML)."""
    widget = model._meta.get_field(field).formfield().widget
    contentstate = {
        "blocks": [
            {
                "key": "hostl",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [{"offset": 0, "length": 5, "style": "BOLD"}],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}},
    }
    return widget.value_from_datadict({field: json.dumps(contentstate)}, {}, field)


def _person(v, association, kind, username, *, title=""):
    user = UserFactory(
        username=username, first_name=v(f"user.first_name ({username})", 150), last_name=v(f"user.last_name ({username})", 150)
    )
    member_services.role_grant(user=user, association=association, kind=kind, title=title, starts_on=D(2020, 1, 1))
    return user


def build(v: Fields, capture):
    """Every record a person can type into, with hostile text; mail is sent as in production."""
    today = timezone.localdate()
    now = timezone.now()
    content = {language: {**SITE_CONTENT[language], "practices": PRACTICES_SECTION[language]} for language in ("pl", "en")}
    pages = site_setup(content=content, federation={"name_pl": "Federacja Testowa", "name_en": "Test Federation", "short_name": "FT"})
    FederationSettings.objects.update(
        name_pl=v("federation.name_pl"),
        name_en=v("federation.name_en"),
        street_address=v("federation.street_address"),
        city=v("federation.city", 100),
    )

    lead = member_services.association_save(
        association=Association(
            name=v("association.name"),
            short_name=v("association.short_name", 40),
            slug="wrogi-zwiazek",
            region=v("association.region", 100),
            street_address=v("association.street_address"),
            city=v("association.city", 100),
            phone=v("association.phone", 40),
            description=v("association.description", None),
            joined_on=D(2013, 10, 29),
        )
    )
    other = member_services.association_save(
        association=Association(name=v("association.name (presiding)"), short_name="OZS", slug="ozs", joined_on=D(2014, 5, 1))
    )
    topic = TopicFactory(name_pl=v("topic.name_pl", 150), name_en=v("topic.name_en", 150), lead_association=lead)
    gmina = LocalGovernmentFactory(name=v("local_government.name", 150))
    LocalGovernmentMembershipFactory(local_government=gmina, association=lead)

    lead_editor = _person(v, lead, RoleKind.EDITOR, "lead.editor")
    lead_signatory = _person(v, lead, RoleKind.SIGNATORY, "lead.signatory", title=v("role.title", 150))
    other_editor = _person(v, other, RoleKind.EDITOR, "other.editor")
    other_admin = _person(v, other, RoleKind.ADMINISTRATOR, "other.admin")
    other_signatory = _person(v, other, RoleKind.SIGNATORY, "other.signatory", title=v("role.title (presiding)", 150))

    # Presidency: the presiding term and the two after it, joined in a trio.
    terms = [
        presidency_services.term_create(
            association=association,
            starts_on=starts,
            ends_on=ends,
            programme=v(f"term.programme ({number})", None),
            priorities=v(f"term.priorities ({number})", None),
            handover_note=v(f"term.handover_note ({number})", None),
        )
        for number, (association, starts, ends) in enumerate(
            [
                (other, today - 30 * ONE_DAY, today + 150 * ONE_DAY),
                (lead, today + 151 * ONE_DAY, today + 330 * ONE_DAY),
                (other, today + 331 * ONE_DAY, today + 510 * ONE_DAY),
            ],
            start=1,
        )
    ]
    presidency_services.trio_form(terms=terms, name=v("trio.name", 150), programme=v("trio.programme", None))

    # Positions: a draft act, a position commented on, signed and published; a draft beside it.
    draft_act = position_services.draft_act_save(
        draft_act=DraftAct(
            title=v("draft_act.title", 500),
            originating_body=v("draft_act.originating_body"),
            summary=v("draft_act.summary", None),
            topic=topic,
            stance=Stance.SUPPORT_WITH_AMENDMENTS,
            stance_is_public=True,
        )
    )
    DraftActIdentifier.objects.create(draft_act=draft_act, kind=IdentifierKind.SEJM_PRINT, value=v("draft_act_identifier.value", 100))
    text = {
        "title": v("position.title", 500),
        "preamble": v("position.preamble", None),
        "points": [{"text": v("position.point", None), "subpoints": [v("position.subpoint", None)]}],
        "justification": v("position.justification", None),
    }
    position = position_services.position_create(
        lead_association=lead,
        by=lead_editor,
        topic=topic,
        draft_acts=[draft_act],
        addressees=v("position.addressees", None),
        forum=v("position.forum"),
        **text,
    )
    text["points"] = [*text["points"], {"text": v("position.point (version 2)", None), "subpoints": []}]
    position_services.version_save(position=position, base_number=1, by=lead_editor, change_note=v("position_version.change_note"), **text)
    position = Position.objects.get(pk=position.pk)
    position_services.position_transition(
        position=position, to=PositionStatus.CONSULTATION, by=lead_editor, consultation_deadline=today + 7 * ONE_DAY
    )
    with capture(execute=True):
        comment = position_services.comment_submit(
            position=position,
            association=other,
            by=other_editor,
            text_=v("comment.text", None),
            weight=CommentWeight.RECOMMENDATION,
            point=1,
            proposed_wording=v("comment.proposed_wording", None),
            justification=v("comment.justification", None),
        )
    position_services.comment_settle(comment=comment, settlement=Settlement.PARTLY_ACCEPTED, reply=v("comment.reply", None), by=lead_editor)
    position_services.position_transition(position=position, to=PositionStatus.FINAL, by=lead_editor)
    with capture(execute=True):
        position_services.position_transition(
            position=position, to=PositionStatus.SIGNING, by=other_admin, signing_deadline=today + 14 * ONE_DAY
        )
    position = Position.objects.select_related("current_version").get(pk=position.pk)
    position_services.signature_record(
        position=position,
        association=lead,
        decision=Decision.SIGNED,
        by=lead_signatory,
        text_sha256=position.current_version.sha256,
        mandate_body=v("signature.mandate_body"),
    )
    position_services.signature_record(
        position=position,
        association=other,
        decision=Decision.ABSTAINED,
        by=other_signatory,
        text_sha256=position.current_version.sha256,
        reservation=v("signature.reservation", None),
    )
    with capture(execute=True):  # the PDF is rendered and stored after commit
        position_services.position_transition(
            position=position, to=PositionStatus.PUBLISHED, by=other_admin, adopted_place=v("position.adopted_place", 100)
        )
    position = Position.objects.select_related("current_version").get(pk=position.pk)
    draft = position_services.position_create(
        lead_association=lead,
        by=lead_editor,
        title=v("position.title (draft)", 500),
        points=[{"text": v("position.point (draft)", None), "subpoints": []}],
    )

    # Events: a seminar with a registration, a training that took place (certificates, then cancelled),
    # and a board sitting with its agenda and minutes.
    def event(kind, label, starts, by, organisers, agenda=None):
        return event_services.event_save(
            event=Event(
                kind=kind,
                title=v(f"event.title ({label})"),
                description=v(f"event.description ({label})", None) + "\r\nX-EVIL:1",
                venue=v(f"event.venue ({label})"),
                address=v(f"event.address ({label})"),
                speakers=v(f"event.speakers ({label})", None),
                vat_basis=v(f"event.vat_basis ({label})"),
                accreditation_number=v(f"event.accreditation_number ({label})", 60),
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=4),
                capacity=30,
            ),
            organisers=organisers,
            by=by,
            agenda=agenda,
        )

    def participant(label, email):
        return Participant(
            first_name=v(f"registration.first_name ({label})", 100),
            last_name=v(f"registration.last_name ({label})", 100),
            email=email,
            job_title=v(f"registration.job_title ({label})", 150),
            unit=v(f"registration.unit ({label})"),
            local_government=gmina,
        )

    def invoice(label):
        return Invoice(
            buyer_name=v(f"registration.buyer_name ({label})"),
            buyer_address=v(f"registration.buyer_address ({label})"),
            recipient_name=v(f"registration.recipient_name ({label})"),
            recipient_address=v(f"registration.recipient_address ({label})"),
        )

    seminar = event(EventKind.SEMINAR, "seminar", now + 14 * ONE_DAY, lead_editor, [lead])
    event_services.event_publish(event=seminar, by=lead_editor)
    with capture(execute=True):
        (registration,) = event_services.registration_create(
            event=seminar, participants=[participant("seminar", "uczestnik@example.org")], invoice=invoice("seminar")
        )

    training = event(EventKind.TRAINING, "training", now + 7 * ONE_DAY, lead_editor, [lead])
    event_services.event_publish(event=training, by=lead_editor)
    with capture(execute=True):
        (trainee,) = event_services.registration_create(
            event=training, participants=[participant("training", "kursant@example.org")], invoice=invoice("training")
        )
    training.starts_at, training.ends_at = now - 5 * dt.timedelta(hours=1), now - dt.timedelta(hours=1)
    with capture(execute=True):  # participants are told the time changed
        event_services.event_save(event=training, organisers=[lead], by=lead_editor)
    event_services.registration_check_in(registration=trainee, by=lead_editor)
    with capture(execute=True):
        event_services.certificates_issue(event=training, by=lead_editor)
    trainee.refresh_from_db()
    certificate_html = certificates.certificate_html(registration=trainee)
    with capture(execute=True):
        event_services.event_cancel(event=training, by=lead_editor, reason=v("event.cancel_reason", None))

    meeting = event(
        EventKind.BOARD_SITTING, "board sitting", now + 3 * ONE_DAY, other_admin, [], agenda=[(v("agenda_item.title", 500), position)]
    )
    event_services.event_publish(event=meeting, by=other_admin)
    event_services.minutes_record(event=meeting, minutes=v("event.minutes", None), positions_adopted=[position], by=other_admin)

    # Editorial pages: what the rich-text editor stores from hostile pasted HTML.
    news = news_publish(
        index=pages["pl"]["news"],
        title=v("news.title"),
        date=today,
        summary=v("news.summary", None),
        body=_through_editor(NewsPage, "body", v("news.body", None)),
        slug="wrogi-news",
    )
    practice = GoodPracticePageFactory(
        parent=pages["pl"]["practices"],
        title=v("practice.title"),
        slug="wroga-praktyka",
        summary=v("practice.summary", None),
        body=_through_editor(GoodPracticePage, "body", v("practice.body", None)),
        town=v("practice.town", 100),
        county=v("practice.county", 100),
        implementing_unit=v("practice.implementing_unit"),
        contact_name=v("practice.contact_name", 150),
        contact_function=v("practice.contact_function", 150),
        street_address=v("practice.street_address"),
    )
    return locals()


# --- The test -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(PAYLOADS))
def test_hostile_text_in_every_field_reaches_no_output_as_markup(
    case, settings, tmp_path, fetched, mailoutbox, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://federacja.example.pl"
    v = Fields(PAYLOADS[case])
    w = build(v, django_capture_on_commit_callbacks)
    pages, position, seminar, meeting, lead = w["pages"], w["position"], w["seminar"], w["meeting"], w["lead"]
    problems: list[str] = []
    query = quote(v.payload)

    # Public pages, as an anonymous visitor (with the payload also reflected from the address).
    positions_url = pages["pl"]["positions"].url
    events_url = pages["pl"]["events"].url
    public = {
        "home": (pages["pl"]["home"].url, []),
        "home (en)": (pages["en"]["home"].url, []),
        "association page": (f"{pages['pl']['members'].url}{lead.slug}/", ["association.name", "association.description"]),
        "members page": (pages["pl"]["members"].url, []),
        "presidency page": (pages["pl"]["presidency"].url, ["term.programme (1)", "trio.programme"]),
        "positions list": (positions_url, ["position.title"]),
        "positions list, hostile query": (f"{positions_url}?q={query}", []),
        "position page": (
            f"{positions_url}{position.slug}/",
            [
                "position.title",
                "position.preamble",
                "position.point",
                "position.subpoint",
                "position.justification",
                "signature.reservation",
            ],
        ),
        "draft acts page": (f"{positions_url}projekty/", ["draft_act.title", "draft_act.summary"]),
        "verification page": (f"/verify/{position.current_version.sha256}/", ["position.title"]),
        "events list": (events_url, ["event.title (seminar)"]),
        "events list, past": (f"{events_url}?past=1", []),
        "event page": (f"{events_url}{seminar.slug}/", ["event.title (seminar)", "event.venue (seminar)"]),
        "meeting page": (f"{events_url}{meeting.slug}/", ["event.title (board sitting)", "agenda_item.title"]),
        "news list": (pages["pl"]["news"].url, ["news.title"]),
        "news page": (w["news"].url, ["news.title", "news.summary", "news.body"]),
        "practices list": (pages["pl"]["practices"].url, ["practice.title"]),
        "practice page": (w["practice"].url, ["practice.title", "practice.summary", "practice.implementing_unit"]),
        "search": ("/search/?q=" + quote("Hostile"), []),
        "search, hostile query": (f"/search/?q={query}", []),
        "open data page": ("/open-data/", []),
    }
    anonymous = Client()
    for where, (url, shown) in public.items():
        response = _get(anonymous, url, problems, f"{where} {url}")
        if response is not None:
            html = response.content.decode()
            problems += html_problems(f"{where} {url}", html, v)
            problems += visible_problems(f"{where} {url}", html, v, shown)

    # Feeds, sitemap and calendars.
    for where, url in {
        "positions feed": f"{positions_url}feed/",
        "news feed": f"{pages['pl']['news'].url}feed/",
        "practices feed": f"{pages['pl']['practices'].url}feed/",
    }.items():
        response = _get(anonymous, url, problems, where)
        if response is not None:
            problems += feed_problems(f"{where} {url}", response.content.decode(), v)
    response = _get(anonymous, "/sitemap.xml", problems)
    if response is not None:
        problems += feed_problems("sitemap", response.content.decode(), v)
    for url in ("/calendar/events.ics", f"/calendar/{lead.slug}.ics"):
        response = _get(anonymous, url, problems)
        if response is not None:
            problems += ical_problems(url, response.content, v)
            summaries = {str(c.get("summary")) for c in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
            if v.values["event.title (seminar)"] not in summaries:
                problems.append(f"{url}: the seminar's title is not its summary, as typed")

    # The JSON API: text as typed, served as JSON that no browser sniffs as HTML.
    for url in (
        "/api/v1/associations",
        f"/api/v1/associations/{lead.slug}",
        "/api/v1/positions",
        f"/api/v1/positions/{position.slug}",
        "/api/v1/draft-acts",
        "/api/v1/events",
        f"/api/v1/events/{seminar.slug}",
        "/api/v1/presidency/terms",
        "/api/v1/presidency/terms/current",
        "/api/v1/presidency/trios",
        "/api/v1/local-governments",
    ):
        response = _get(anonymous, url, problems)
        if response is None:
            continue
        if not response["Content-Type"].startswith("application/json") or response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{url}: served as {response['Content-Type']}, nosniff {response.get('X-Content-Type-Options')}")
        json.loads(response.content)
        if "424243" in response.content.decode():
            problems.append(f"{url}: template evaluated")
    association_json = json.loads(anonymous.get(f"/api/v1/associations/{lead.slug}").content)
    if v.values["association.name"] not in json.dumps(association_json, ensure_ascii=False).replace('\\"', '"'):
        problems.append("API association: the name is not given as typed")

    # The open-data CSV files: tagged values start with "[", no formula; text as typed.
    for url in ("/open-data/positions.csv", "/open-data/signatures.csv"):
        response = _get(anonymous, url, problems)
        if response is not None:
            cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
            problems += [f"{url}: formula cell {cell[:40]!r}" for cell in cells if cell.startswith(("=", "+", "-", "@"))]

    # The members' workspace, as the lead association's editor and as the presiding administrator.
    editor = Client()
    editor.force_login(w["lead_editor"])
    base = f"/workspace/positions/{position.pk}/"
    for where, (url, shown) in {
        "workspace positions": ("/workspace/positions/", ["position.title"]),
        "workspace position": (base, ["position.title", "position.point", "position.addressees"]),
        "workspace versions": (f"{base}versions/", ["position_version.change_note"]),
        "workspace compare": (f"{base}versions/compare/?a=1&b=2", []),
        "workspace comments": (f"{base}comments/", ["comment.text", "comment.proposed_wording", "comment.reply"]),
        "workspace draft edit": (f"/workspace/positions/{w['draft'].pk}/edit/", []),
        "workspace events": ("/workspace/events/", ["event.title (seminar)"]),
        "workspace event": (f"/workspace/events/{seminar.pk}/", ["event.title (seminar)"]),
        "workspace event edit": (f"/workspace/events/{seminar.pk}/edit/", []),
        "workspace registrations": (f"/workspace/events/{seminar.pk}/registrations/", ["registration.unit (seminar)"]),
    }.items():
        response = _get(editor, url, problems, f"{where} {url}")
        if response is not None:
            html = response.content.decode()
            problems += html_problems(f"{where} {url}", html, v)
            problems += visible_problems(f"{where} {url}", html, v, shown)
    presiding = Client()
    presiding.force_login(w["other_admin"])
    response = _get(presiding, f"/workspace/events/{meeting.pk}/", problems)
    if response is not None:
        html = response.content.decode()
        problems += html_problems("workspace meeting", html, v)
        problems += visible_problems("workspace meeting", html, v, ["event.minutes", "agenda_item.title"])

    # Spreadsheets: every text cell a string, never a formula.
    for url in (f"{base}comments/export-cz.xlsx", f"/workspace/events/{seminar.pk}/registrations/export.xlsx"):
        response = _get(editor, url, problems)
        if response is not None:
            for sheet in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets:
                problems += [f"{url}: formula cell {c.coordinate}" for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    response = _get(editor, f"/workspace/events/{seminar.pk}/registrations/export.csv", problems)
    if response is not None:
        cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
        problems += [f"registrations CSV: formula cell {cell[:40]!r}" for cell in cells if cell.startswith(("=", "+", "-", "@"))]

    # The admin's listings, as the secretariat.
    secretariat = UserFactory(username="sekretariat", is_staff=True)
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    admin = Client()
    admin.force_login(secretariat)
    for url in (
        "/admin/members/associations/",
        "/admin/members/roles/",
        "/admin/members/topics/",
        "/admin/members/local-governments/",
        "/admin/members/memberships/",
        "/admin/positions/positions/",
        "/admin/positions/draft-acts/",
        "/admin/events/",
        "/admin/presidency/terms/",
        f"/admin/pages/{pages['pl']['news'].pk}/",
    ):
        response = _get(admin, url, problems)
        if response is not None:
            problems += html_problems(f"admin {url}", response.content.decode(), v)

    # PDFs: the adopted position (stored at publication), the comment table and the certificate.
    problems += html_problems("position PDF (HTML)", position_pdf.position_html(version=position.current_version), v)
    documents = {
        "stored position PDF": position_pdf.document_get(version_id=position.current_version_id).file.read(),
        "certificate PDF": certificates.certificate_pdf(registration=w["trainee"]),
    }
    response = _get(editor, f"{base}comments/export-pl.pdf", problems)
    if response is not None:
        documents["comment table PDF"] = response.content
    problems += html_problems("certificate (HTML)", w["certificate_html"], v)
    for where, content in documents.items():
        text = _collapsed(pdf_text(content, tmp_path))
        if "424243" in text:
            problems.append(f"{where}: template evaluated")
        # pdftotext may read a wrapped line out of order: the start of the text, tag included, is enough.
        if where.endswith("position PDF") and _collapsed(v.values["position.preamble"])[:30] not in text:
            problems.append(f"{where}: the preamble is not printed as text")
        if where == "certificate PDF" and _collapsed(v.values["registration.last_name (training)"])[:30] not in text:
            problems.append(f"{where}: the participant's name is not printed as text")
    problems += [f"PDF rendering fetched {url}" for url in fetched if not (url.startswith(BASE_URL) or url.startswith("data:"))]

    # Mail: comment, signing, registrations, change, certificates, cancellation.
    subjects = [message.subject for message in mailoutbox]
    if len(mailoutbox) < 7:
        problems.append(f"expected every kind of mail, got {subjects}")
    for message in mailoutbox:
        problems += mail_problems(message, v)
    if not any(v.values["comment.text"] in message.body for message in mailoutbox):
        problems.append("comment mail: the comment is not quoted as typed")

    assert problems == [], f"{case}: " + "\n".join(problems)


# --- Rich text: the editor's conversion is the sanitiser --------------------------------------------------


HOSTILE_RICH_TEXT = (
    '<p>Wstęp<script>alert(1)</script><img src="x" onerror="alert(1)"/>'
    "<style>body{background:url(http://evil.example/x.png)}</style><iframe src=http://evil.example/></iframe>"
    '<a href="javascript:alert(1)">js</a> <a href="http://example.org/" onclick="alert(1)" style="color:red">ok</a></p>'
    "<link rel=stylesheet href=http://evil.example/a.css>"
)
CRAFTED_CONTENTSTATE = {
    "blocks": [
        {
            "key": "aaaaa",
            "type": "unstyled",
            "depth": 0,
            "text": "<script>alert(1)</script> kliknij",
            "inlineStyleRanges": [],
            "entityRanges": [{"offset": 26, "length": 7, "key": 0}],
        },
        {
            "key": "bbbbb",
            "type": "atomic",
            "depth": 0,
            "text": " ",
            "inlineStyleRanges": [],
            "entityRanges": [{"offset": 0, "length": 1, "key": 1}],
        },
    ],
    "entityMap": {
        "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
        "1": {"type": "EMBED", "mutability": "IMMUTABLE", "data": {"url": "http://evil.example/"}},
    },
}


@pytest.mark.parametrize("model, field", [(NewsPage, "body"), (GoodPracticePage, "body")])
def test_rich_text_editor_stores_no_script_style_iframe_handler_or_javascript_url(model, field):
    widget = model._meta.get_field(field).formfield().widget
    pasted = widget.value_from_datadict({field: widget.format_value(HOSTILE_RICH_TEXT)}, {}, field)
    crafted = widget.value_from_datadict({field: json.dumps(CRAFTED_CONTENTSTATE)}, {}, field)

    for stored in (pasted, crafted):
        lowered = stored.lower()
        assert [
            bad
            for bad in ("<script", "<style", "<iframe", "<link", "<img", "onerror", "onclick", "style=", "javascript:")
            if bad in lowered
        ] == []
    assert "Wstęp" in pasted and 'href="http://example.org/"' in pasted
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <a>kliknij</a>" in crafted


def test_rich_text_saved_through_the_editor_renders_without_markup(site_pages, client):
    v = Fields(PAYLOADS["tags"])
    widget = NewsPage._meta.get_field("body").formfield().widget
    body = widget.value_from_datadict({"body": json.dumps(CRAFTED_CONTENTSTATE)}, {}, "body")
    news = news_publish(
        index=site_pages["pl"]["news"],
        title="Aktualność",
        date=D(2026, 3, 1),
        summary="Krótko.",
        body=body + _through_editor(NewsPage, "body", HOSTILE_RICH_TEXT),
    )
    html = client.get(news.url).content.decode()
    assert html_problems("news page", html, v) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <a>kliknij</a>" in html


# --- URLs: only web addresses are taken --------------------------------------------------------------------


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)//http://example.org",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_association_website_must_be_a_web_address(db, url):
    association = Association(name="Związek", short_name="Z", slug="z", joined_on=D(2013, 10, 29), website=url)
    with pytest.raises(ValidationError) as error:
        member_services.association_save(association=association)
    assert "website" in error.value.message_dict


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_event_online_link_must_be_a_web_address(db, url):
    organiser = AssociationFactory()
    editor = UserFactory(username="editor")
    member_services.role_grant(user=editor, association=organiser, kind=RoleKind.EDITOR, starts_on=D(2020, 1, 1))
    starts = timezone.now() + 7 * ONE_DAY
    event = Event(kind=EventKind.WEBINAR, title="Webinar", starts_at=starts, ends_at=starts + ONE_DAY, online_url=url)
    with pytest.raises(ValidationError) as error:
        event_services.event_save(event=event, organisers=[organiser], by=editor)
    assert "online_url" in error.value.message_dict


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_good_practice_website_must_be_a_web_address(db, url):
    content = {language: {**SITE_CONTENT[language], "practices": PRACTICES_SECTION[language]} for language in SITE_CONTENT}
    library = site_setup(content=content)["pl"]["practices"]
    with pytest.raises(ValidationError) as error:
        GoodPracticePageFactory(parent=library, website=url)
    assert "website" in error.value.message_dict


# --- Spreadsheet formulas ---------------------------------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+SUM(1,2)", "-2+3", "@SUM(1)"]


def _formula_cells(cells) -> list[str]:
    return [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_open_data_csv_cells_never_start_a_formula(site_pages, client):
    from positions.models import Signature

    lead = AssociationFactory(name=FORMULAS[0], short_name="ZGL")
    position = published_position_make(lead_association=lead, reference_number=1, title=FORMULAS[1])
    position.adopted_place = FORMULAS[2]
    position.save(update_fields=["adopted_place"])
    signer = UserFactory(username="prezes")
    Signature.objects.create(
        position=position,
        version=position.current_version,
        association=lead,
        signer=signer,
        signer_name=FORMULAS[3],
        signer_function=FORMULAS[0],
        decision=Decision.SIGNED,
        text_sha256=position.current_version.sha256,
    )
    for url in ("/open-data/positions.csv", "/open-data/signatures.csv"):
        rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert _formula_cells(cells) == [], url
    positions_rows = list(csv.DictReader(io.StringIO(client.get("/open-data/positions.csv").content.decode("utf-8-sig"))))
    assert [(row["title"], row["lead_association"], row["adopted_place"]) for row in positions_rows] == [
        (f"'{FORMULAS[1]}", f"'{FORMULAS[0]}", f"'{FORMULAS[2]}")
    ]


def test_registrations_xlsx_and_csv_cells_never_start_a_formula(db, client):
    organiser = AssociationFactory()
    editor = UserFactory(username="organizator")
    member_services.role_grant(user=editor, association=organiser, kind=RoleKind.EDITOR, starts_on=D(2020, 1, 1))
    seminar = EventFactory(organisers=[organiser])
    event_services.registration_create(
        event=seminar,
        participants=[Participant(FORMULAS[0], FORMULAS[1], "a@example.org", job_title=FORMULAS[2], unit=FORMULAS[3])],
        invoice=Invoice(buyer_name=FORMULAS[0], buyer_address=FORMULAS[1], recipient_name=FORMULAS[2], recipient_address=FORMULAS[3]),
    )
    client.force_login(editor)

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/workspace/events/{seminar.pk}/registrations/export.xlsx").content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    typed = [cell for cell in cells if cell.value in FORMULAS]
    assert sorted({cell.value for cell in typed}) == sorted(FORMULAS)
    assert [cell.coordinate for cell in typed if not cell.quotePrefix] == []

    content = client.get(f"/workspace/events/{seminar.pk}/registrations/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert _formula_cells([cell for row in rows for cell in row]) == []
    assert {f"'{formula}" for formula in FORMULAS} <= {cell for row in rows for cell in row}


# --- Long titles ------------------------------------------------------------------------------------------


def test_pdf_of_a_position_with_the_longest_slug_is_stored(db, site_pages, django_capture_on_commit_callbacks):
    """The slug may be 80 characters; with its folder the file name passed the column's 100 (PostgreSQL
    refused it, and the position had no PDF)."""
    lead = AssociationFactory(short_name="ZGL")
    position = published_position_make(lead_association=lead, reference_number=1, title="Stanowisko " * 40)
    position.slug = ("2026-01-" + "stanowisko-" * 10)[:80]
    position.save(update_fields=["slug"])

    document = position_pdf.document_ensure(version_id=position.current_version_id)

    document.refresh_from_db()
    assert len(document.file.name) <= 100
    assert document.file.name.startswith("positions/pdf/2026/2026-01-stanowisko-")
    assert document.file.read().startswith(b"%PDF-")
