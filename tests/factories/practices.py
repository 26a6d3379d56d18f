"""Factories for the good-practice library (Wagtail pages are added under their library page)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.models import GoodPracticePage, PracticeCategory
from members.enums import LocalGovernmentKind


class PracticeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kategoria-{n}")
    name_pl = factory.Sequence(lambda n: f"Kategoria {n}")
    name_cs = factory.Sequence(lambda n: f"Kategorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class GoodPracticePageFactory(factory.Factory):
    """A good practice in Bytnica (lubuskie), published under `parent` (a GoodPracticeIndexPage) unless
    `publish=False`; `categories` and `local_governments` are lists."""

    class Meta:
        model = GoodPracticePage

    title = factory.Sequence(lambda n: f"Dobra praktyka {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    summary = "Gmina wspólnie z sąsiadami uruchomiła usługę, która sprawdziła się w praktyce."
    body = "<h3>Problem</h3><p>Opis problemu.</p><h3>Rozwiązanie</h3><p>Opis rozwiązania.</p>"
    started_on = dt.date(2022, 1, 1)
    unit_kind = LocalGovernmentKind.RURAL_GMINA
    town = "Bytnica"
    county = "krośnieński"
    region = "PL-08"
    implementing_unit = "Urząd Gminy Bytnica"
    contact_name = "Anna Przykładowa"
    contact_email = "anna.przykladowa@example.org"
    latitude = Decimal("52.15200")
    longitude = Decimal("15.16800")

    @classmethod
    def _create(cls, model_class, *args, parent, categories=(), local_governments=(), attachments=(), publish=True, user=None, **kwargs):
        page = model_class(live=False, locale=parent.locale, owner=user, **kwargs)
        page.categories = list(categories)
        page.local_governments = list(local_governments)
        for order, attachment in enumerate(attachments):
            attachment.sort_order = order
            page.attachments.add(attachment)
        parent.add_child(instance=page)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        return page


def practice_admin_form(*, association, categories, **changes) -> dict:
    """The Wagtail admin's add-page form for a good practice in Bytnica by `association`, submitted for
    review; `changes` replace fields before nesting, `categories` are PracticeCategory records."""
    data = {
        "title": "Wspólne zakupy energii dla szkół",
        "slug": "wspolne-zakupy-energii-dla-szkol",
        "summary": "Gminy kupują energię razem i płacą mniej.",
        "association": association.pk,
        "unit_kind": LocalGovernmentKind.RURAL_GMINA,
        "implementing_unit": "Urząd Gminy Bytnica",
        "started_on": "2023-01-01",
        "ended_on": "",
        "population": "2600",
        "website": "",
        "town": "Bytnica",
        "county": "krośnieński",
        "region": "PL-08",
        "street_address": "",
        "postal_code": "66-630",
        "latitude": "52.15200",
        "longitude": "15.16800",
        "contact_name": "Anna Przykładowa",
        "contact_function": "",
        "contact_email": "anna@example.org",
        "contact_phone": "",
        "local_governments": "0802032",
        "body": rich_text("<p>Pełna prezentacja.</p>"),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "action-submit": "Submit",
    }
    data.update(changes)
    form = nested_form_data(data)
    # A multiple choice is a repeated key, which nested_form_data would number instead.
    form["categories"] = [category.pk for category in categories]
    return form
