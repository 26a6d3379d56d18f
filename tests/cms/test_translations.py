"""The interface reads in Polish, Czech and English, with three plural forms in Polish and Czech."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

CATALOGUES = Path(settings.BASE_DIR) / "federation" / "locale"
MEMBERS = ("%(counter)s member association", "%(counter)s member associations")

PLURALS = {
    "pl": {
        1: "1 stowarzyszenie członkowskie",
        2: "2 stowarzyszenia członkowskie",
        5: "5 stowarzyszeń członkowskich",
        12: "12 stowarzyszeń członkowskich",
        22: "22 stowarzyszenia członkowskie",
    },
    "cs": {
        1: "1 členské sdružení",
        2: "2 členská sdružení",
        5: "5 členských sdružení",
        12: "12 členských sdružení",
        22: "22 členských sdružení",
    },
    "en": {
        1: "1 member association",
        2: "2 member associations",
        5: "5 member associations",
        12: "12 member associations",
        22: "22 member associations",
    },
}


@pytest.mark.parametrize("language", ["pl", "cs", "en"])
@pytest.mark.parametrize("count", [1, 2, 5, 12, 22])
def test_plural_forms_follow_the_language(language, count):
    with translation.override(language):
        assert ngettext(*MEMBERS, count) % {"counter": count} == PLURALS[language][count]


@pytest.mark.parametrize("language", ["pl", "cs"])
def test_catalogue_has_three_plural_forms_and_no_untranslated_message(language):
    text = (CATALOGUES / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=3;" in text
    entries = text.split("\n\n")[1:]
    untranslated = [
        entry for entry in entries if re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.MULTILINE) or "#, fuzzy" in entry
    ]
    assert untranslated == []


def test_validation_message_is_translated():
    from django.core.exceptions import ValidationError

    from members.validators import validate_nip

    expected = {
        "pl": "Cyfra kontrolna numeru NIP się nie zgadza",
        "cs": "Kontrolní číslice čísla NIP nesouhlasí",
        "en": "This NIP number's check digit does not match",
    }
    for language, fragment in expected.items():
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                validate_nip("1941277244")
            message = str(error.value.messages[0])
        assert message.startswith(fragment)
        assert ("check digit" in message) is (language == "en")
