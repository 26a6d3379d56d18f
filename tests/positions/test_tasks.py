import datetime as dt

from django.core import mail
from django.utils import translation

from positions import services
from positions.enums import CommentWeight, PositionStatus
from tests.factories import POINTS

ONE_DAY = dt.timedelta(days=1)


def test_opening_signing_asks_every_signatory_after_commit(fed, draft, django_capture_on_commit_callbacks):
    services.position_transition(position=draft, to=PositionStatus.FINAL, by=fed.people.zgl_editor)
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):  # the user's language does not matter
        services.position_transition(
            position=draft, to=PositionStatus.SIGNING, by=fed.people.ozs_admin, signing_deadline=fed.today + 7 * ONE_DAY
        )

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ozs.prezes@example.org",
        "smo.predseda@example.org",
        "zgl.prezes@example.org",
        "zgp.prezes@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["smo.predseda@example.org"])
    assert message.subject == f"Otwarto podpisywanie: „{draft.title}”"  # mail goes out in the site's language
    assert draft.current_version.sha256 in message.body
    assert f"/workspace/positions/{draft.pk}/" in message.body


def test_a_text_change_during_signing_asks_the_signatories_again(fed, draft, django_capture_on_commit_callbacks):
    services.position_transition(position=draft, to=PositionStatus.FINAL, by=fed.people.zgl_editor)
    services.position_transition(
        position=draft, to=PositionStatus.SIGNING, by=fed.people.ozs_admin, signing_deadline=fed.today + 7 * ONE_DAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_save(position=draft, base_number=1, title=draft.title, points=POINTS[:1], by=fed.people.zgl_editor)

    assert len(mail.outbox) == 4
    assert all(version.sha256 in message.body for message in mail.outbox)


def test_a_comment_is_reported_to_the_lead_associations_editors(fed, draft, django_capture_on_commit_callbacks):
    services.position_transition(
        position=draft, to=PositionStatus.CONSULTATION, by=fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_submit(
            position=draft, association=fed.smo, by=fed.people.smo_editor, text_="Doplnit odkaz.", weight=CommentWeight.FUNDAMENTAL, point=1
        )

    assert [message.to for message in mail.outbox] == [["zgl.redaktor@example.org"]]
    assert "Doplnit odkaz." in mail.outbox[0].body
