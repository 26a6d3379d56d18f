"""The federation's own name and address, for letterheads and reference numbers.

They are kept as a Wagtail site setting (`cms.FederationSettings`, edited by the secretariat); apps below
`cms` read them here, by model name, so they do not import the public site's code.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings


@dataclass(frozen=True)
class Identity:
    name_pl: str
    name_cs: str
    name_en: str
    short_name: str
    street_address: str
    postal_code: str
    city: str
    email: str

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", "") or self.name_pl

    @property
    def reference_prefix(self) -> str:
        return self.short_name or settings.POSITION_REFERENCE_PREFIX


def federation_identity() -> Identity:
    """The settings of the default site, or the configured fallbacks when the site is not set up yet."""
    model = apps.get_model("cms", "FederationSettings")
    record = model.objects.filter(site__is_default_site=True).first()
    fields = ("name_pl", "name_cs", "name_en", "short_name", "street_address", "postal_code", "city", "email")
    if record is None:
        return Identity(**{field: "" for field in fields})
    return Identity(**{field: getattr(record, field) for field in fields})
