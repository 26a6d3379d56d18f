"""The events list in the Wagtail admin: the secretariat finds any event and opens it in the workspace."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.enums import EventKind, EventStatus
from events.models import Event
from events.services import Participant, registration_create
from members.enums import RoleKind
from tests.events.conftest import person
from tests.factories import AssociationFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db

EVENTS_URL = "/admin/events/"
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def rows(html):
    """Each row of the listing: the title's link, then the text of every cell."""
    body = html[html.index("<tbody", html.index('class="listing')) :]
    body = body[: body.index("</tbody>")]
    result = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        link = re.search(r'<a href="([^"]+)"', row).group(1)
        result.append([link] + [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)])
    return result


def register(event, count, *, start=0):
    people = [Participant(first_name="Anna", last_name=f"Testowa {n}", email=f"anna.{n}@example.org") for n in range(start, start + count)]
    return registration_create(event=event, participants=people)


def test_admin_events_list_links_to_workspace_with_counts_and_local_start(client, secretariat):
    zgl = AssociationFactory(short_name="ZGL", name="Związek Gmin Lubuskich")
    sopr = AssociationFactory(short_name="SOPR", name="Sdružení obcí Plzeňského regionu", country="CZ")
    seminar = EventFactory(
        organisers=[zgl, sopr],
        title="Seminarium: fundusz przewozów autobusowych",
        capacity=12,
        starts_at=dt.datetime(2099, 3, 17, 10, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2099, 3, 17, 14, 0, tzinfo=WARSAW),
    )
    register(seminar, 14)
    training = EventFactory(
        organisers=[sopr],
        kind=EventKind.TRAINING,
        title="Školení: správní řád v praxi",
        capacity=None,
        time_zone="Europe/Prague",
        starts_at=dt.datetime(2099, 3, 18, 9, 0, tzinfo=PRAGUE),
        ends_at=dt.datetime(2099, 3, 18, 15, 0, tzinfo=PRAGUE),
    )
    register(training, 3)

    response = client.get(EVENTS_URL)

    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("pl"):
        seminar_label, training_label, published = (
            str(EventKind.SEMINAR.label),
            str(EventKind.TRAINING.label),
            str(EventStatus.PUBLISHED.label),
        )
    # Newest first; the start in the event's own zone, named when it is not the site's; twelve places taken
    # and two waiting at the seminar, no limit at the training.
    assert rows(html) == [
        [
            f"/workspace/events/{training.pk}/",
            "Školení: správní řád v praxi",
            training_label,
            "18.03.2099 09:00 (Europe/Prague)",
            published,
            "SOPR",
            "3",
        ],
        [
            f"/workspace/events/{seminar.pk}/",
            "Seminarium: fundusz przewozów autobusowych",
            seminar_label,
            "17.03.2099 10:00",
            published,
            "SOPR, ZGL",
            "12 / 12 (+2)",
        ],
    ]


def test_admin_events_list_filters_by_kind_and_status(client, secretariat):
    organiser = AssociationFactory()
    EventFactory(organisers=[organiser], title="Seminarium o budżecie")
    EventFactory(organisers=[organiser], title="Szkolenie z dostępności", kind=EventKind.TRAINING)
    EventFactory(organisers=[organiser], title="Webinar odwołany", kind=EventKind.WEBINAR, status=EventStatus.CANCELLED)

    def titles(query):
        return [row[1] for row in rows(client.get(EVENTS_URL + query).content.decode())]

    assert titles("?kind=training") == ["Szkolenie z dostępności"]
    assert titles("?status=cancelled") == ["Webinar odwołany"]
    assert titles("?kind=seminar&status=published") == ["Seminarium o budżecie"]
    assert titles("?q=budżecie") == ["Seminarium o budżecie"]


def test_admin_events_list_offers_no_adding_editing_or_deleting(client, secretariat):
    event = EventFactory(organisers=[AssociationFactory()])
    html = client.get(EVENTS_URL).content.decode()
    assert f"{EVENTS_URL}new/" not in html
    assert f"{EVENTS_URL}edit/{event.pk}/" not in html
    assert f"{EVENTS_URL}delete/{event.pk}/" not in html
    assert client.get(f"{EVENTS_URL}new/").status_code in (302, 403)
    assert client.get(f"{EVENTS_URL}edit/{event.pk}/").status_code in (302, 403)
    client.post(f"{EVENTS_URL}delete/{event.pk}/")
    assert Event.objects.filter(pk=event.pk).exists()


def test_admin_events_list_is_read_only_even_for_a_superuser(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    event = EventFactory(organisers=[AssociationFactory()])
    assert client.get(EVENTS_URL).status_code == 200
    assert client.get(f"{EVENTS_URL}edit/{event.pk}/").status_code in (302, 403)
    assert client.get(f"{EVENTS_URL}new/").status_code in (302, 403)


def test_admin_events_list_is_refused_to_a_member_editor_with_admin_access(client):
    # An organiser's editor who also edits the public pages reaches the admin, but not the events list:
    # their events are in the workspace.
    zgl = AssociationFactory()
    EventFactory(organisers=[zgl], title="Seminarium ZGL")
    editor = person(zgl, RoleKind.EDITOR, "zgl.redaktor")
    editor.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get(EVENTS_URL)
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_admin_events_list_redirects_an_anonymous_visitor_to_login(client):
    response = client.get(EVENTS_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_admin_events_list_queries_do_not_grow_with_rows(client, secretariat, django_assert_num_queries):
    def make(number):
        event = EventFactory(organisers=[AssociationFactory(), AssociationFactory()], capacity=2)
        register(event, 3, start=10 * number)

    make(0)
    client.get(EVENTS_URL)  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as one:
        assert client.get(EVENTS_URL).status_code == 200
    for number in range(1, 7):
        make(number)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(EVENTS_URL).status_code == 200
