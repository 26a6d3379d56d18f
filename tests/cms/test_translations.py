"""The interface reads in Polish, Czech and English, with three plural forms in Polish and Czech, every
string in the code translated, and dates written as each language writes them."""

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from tests.factories import AssociationFactory, ConsultationRoundFactory, TermFactory

CATALOGUES = Path(settings.BASE_DIR) / "federation" / "locale"
# Where makemessages looks for strings: every app, the project's templates and settings (not tests or tools).
SOURCE_DIRECTORIES = ("federation", "members", "presidency", "positions", "events", "cms")
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


def _name(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_every_string_in_the_code_is_in_the_catalogues_translated(tmp_path):
    """makemessages over a copy of the code, so a string nobody extracted counts as untranslated; English
    needs no msgstr (the msgid is English) but may not be fuzzy (a changed msgid keeps its old text)."""
    copy = tmp_path / "project"
    for name in SOURCE_DIRECTORIES:
        shutil.copytree(Path(settings.BASE_DIR) / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy2(Path(settings.BASE_DIR) / "manage.py", copy)
    command = [sys.executable, "manage.py", "makemessages", "-l", "pl", "-l", "cs", "-l", "en", "--no-obsolete"]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    missing = {}
    for language in ("pl", "cs", "en"):
        catalogue = polib.pofile(str(copy / "federation" / "locale" / language / "LC_MESSAGES" / "django.po"))
        entries = catalogue.fuzzy_entries() + ([] if language == "en" else catalogue.untranslated_entries())
        if entries:
            missing[language] = sorted(_name(entry) for entry in entries)
    # Every msgid in the message, whatever pytest's verbosity: the list is what a translator works from.
    assert missing == {}, "\n".join(f"{language}: {msgid!r}" for language, msgids in missing.items() for msgid in msgids)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("pl", "02.03.2026", "02.03.2026 09:05"),
        ("cs", "2. 3. 2026", "2. 3. 2026 9:05"),  # ČSN 01 6910: day, dot, space, month, dot, space, year
        ("en", "02/03/2026", "02/03/2026 09:05"),
    ],
)
def test_short_dates_are_written_as_each_language_writes_them(language, day, moment):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}')
    with translation.override(language):
        assert date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT") == day
        assert template.render(Context({"day": dt.date(2026, 3, 2), "moment": dt.datetime(2026, 3, 2, 9, 5)})) == f"{day}|{moment}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "term", "round_dates"),
    [
        ("pl", "ZGL 01.01.2026–30.06.2026", "(02.03.2026–16.03.2026)"),
        ("cs", "ZGL 1. 1. 2026–30. 6. 2026", "(2. 3. 2026–16. 3. 2026)"),
        ("en", "ZGL 01/01/2026–30/06/2026", "(02/03/2026–16/03/2026)"),
    ],
)
def test_labels_of_terms_and_consultation_rounds_write_dates_as_each_language_does(language, term, round_dates):
    presidency = TermFactory(association=AssociationFactory(short_name="ZGL"))
    consultation = ConsultationRoundFactory(received_on=dt.date(2026, 3, 2), deadline=dt.date(2026, 3, 16))
    with translation.override(language):
        assert str(presidency) == term
        assert str(consultation).endswith(round_dates)
