"""Small helpers for records whose names exist in each of the site's languages."""

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language


class TranslatedField:
    """Read `<name>_<language>` for the active language, falling back to the default language.

    Used on records (not pages) that carry a short name in each language, such as policy topics.
    """

    def __init__(self, name: str):
        self.name = name

    def __get__(self, instance, owner):
        if instance is None:
            return self
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        for code in (language, settings.LANGUAGE_CODE):
            value = getattr(instance, f"{self.name}_{code}", "")
            if value:
                return value
        return ""


def short_date(day) -> str:
    """A date as the active language writes it in a message (e.g. "29 października 2013" in Polish, "29 October 2013" in English)."""
    return date_format(day, "DATE_FORMAT")
