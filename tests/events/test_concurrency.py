"""A hundred people registering in the same second for thirty places, each in its own database connection
(SQLite file or PostgreSQL: CI runs the suite on both).

PostgreSQL's default allows 100 connections in all, shared with the test run itself, so at most
CONNECTIONS of the hundred hold a connection at the same moment; they all start together.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events import services
from events.enums import RegistrationStatus
from events.models import Event, Registration
from events.services import Participant
from tests.factories import AssociationFactory, EventFactory

CONNECTIONS = 40


@pytest.mark.django_db(transaction=True)
def test_thirty_places_and_a_hundred_people_at_once_give_thirty_confirmed_and_seventy_waiting():
    event = EventFactory(organisers=[AssociationFactory()], capacity=30)
    barrier = threading.Barrier(100)
    connections = threading.BoundedSemaphore(CONNECTIONS)
    outcomes = []

    def register(number):
        person = Participant(first_name="Osoba", last_name=str(number), email=f"osoba{number}@gmina.example.pl")
        barrier.wait()
        try:
            with connections:
                outcomes.append(services.registration_create(event=Event.objects.get(pk=event.pk), participants=[person])[0].status)
                connection.close()
        except ValidationError as error:
            outcomes.append(f"refused: {error.messages}")
        except Exception as error:  # anything else is a failure of the service, shown in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(number,)) for number in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [RegistrationStatus.CONFIRMED] * 30 + [RegistrationStatus.WAITING] * 70
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 30


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_promote_two_different_people():
    event = EventFactory(organisers=[AssociationFactory()], capacity=2)
    people = [Participant(first_name="Osoba", last_name=str(n), email=f"osoba{n}@gmina.example.pl") for n in range(5)]
    first, second, third, fourth, _fifth = services.registration_create(event=event, participants=people)
    barrier = threading.Barrier(2)
    promoted = []

    def cancel(registration):
        try:
            barrier.wait()
            promoted.append(services.registration_cancel(registration=Registration.objects.get(pk=registration.pk)).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(registration,)) for registration in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(promoted) == sorted([third.pk, fourth.pk])
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2
