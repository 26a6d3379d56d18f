"""factory_boy factories for every record; tests build their data with these."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from members.enums import Country, LegalForm, LocalGovernmentKind, RoleKind
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Role, Topic
from presidency.models import RotationPlace, Term, Trio


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Związek Gmin Regionu {n}")
    short_name = factory.Sequence(lambda n: f"ZGR{n}")
    slug = factory.Sequence(lambda n: f"zgr-{n}")
    legal_form = LegalForm.ASSOCIATION
    country = Country.POLAND
    region = "lubuskie"
    joined_on = dt.date(2013, 10, 29)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_pl = factory.Sequence(lambda n: f"Temat {n}")
    name_cs = factory.Sequence(lambda n: f"Téma {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    lead_association = factory.SubFactory(AssociationFactory)


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    """A Polish rural gmina with a valid, unique TERC code (powiat numbers 01–50, type digit 2)."""

    class Meta:
        model = LocalGovernment

    code = factory.Sequence(lambda n: f"08{n % 50 + 1:02d}{n // 50 % 100:02d}2")
    country = Country.POLAND
    name = factory.Sequence(lambda n: f"Gmina {n}")
    kind = LocalGovernmentKind.RURAL_GMINA
    population = 5000


class LocalGovernmentMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernmentMembership

    local_government = factory.SubFactory(LocalGovernmentFactory)
    association = factory.SubFactory(AssociationFactory)
    joined_on = dt.date(2015, 1, 1)


class RoleFactory(factory.django.DjangoModelFactory):
    """A bare Role row (no permissions): use `members.services.role_grant` where permissions matter."""

    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory)
    kind = RoleKind.STAFF
    starts_on = dt.date(2020, 1, 1)


class TrioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trio

    name = factory.Sequence(lambda n: f"Trio {n}")


class TermFactory(factory.django.DjangoModelFactory):
    """A bare Term row; schedule rules are exercised through `presidency.services`."""

    class Meta:
        model = Term

    association = factory.SubFactory(AssociationFactory)
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 6, 30)


class RotationPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RotationPlace

    association = factory.SubFactory(AssociationFactory)
    position = factory.Sequence(lambda n: n + 1)
