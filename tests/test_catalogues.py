"""The .po catalogues under locale/ are the only source of translated strings; this module is
their check. Arabic translates every msgid the code uses; English may leave a msgstr empty,
which means the msgid itself (the code's wording is English), and a non-empty English msgstr
is a deliberate rewording held to the same placeholder rules. Persian, Urdu, Malay and
Indonesian may lag, but never below the coverage they had when the check was written.
No entry may be fuzzy: Django would skip it, silently showing English.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Share of the code's msgids translated: every language complete since 2026-12-06. Never lower.
COVERAGE_FLOOR = {"ar": 100.0, "en": 100.0, "fa": 100.0, "ur": 100.0, "ms": 100.0, "id": 100.0}
# The portal's two placeholder kinds (it uses named ones only: a bare "%" in a msgid such as
# "deduction (% of the contract value)" is a percent sign, not a placeholder).
NAMED = re.compile(r"%\((\w+)\)")
BRACED = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def key(entry):
    return (entry.msgctxt, entry.msgid)


def catalogue(language):
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def live(language):
    return {key(entry): entry for entry in catalogue(language) if not entry.obsolete}


def placeholders(text):
    text = text.replace("%%", "")
    return frozenset(NAMED.findall(text)), frozenset(BRACED.findall(text))


def forms(entry):
    """The non-empty translations of an entry: its msgstr, or each plural form."""
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return [text for text in texts if text]


def placeholder_faults(entry):
    """A translation may not name a placeholder the msgid lacks (a KeyError when rendered);
    a singular one must keep every name, while a plural form may leave the count unsaid."""
    source = placeholders(entry.msgid)
    if entry.msgid_plural:
        plural = placeholders(entry.msgid_plural)
        source = (source[0] | plural[0], source[1] | plural[1])
    faults = []
    for text in forms(entry):
        named, braced = placeholders(text)
        if entry.msgid_plural:
            wrong = not (named <= source[0] and braced <= source[1])
        else:
            wrong = (named, braced) != source
        if wrong:
            faults.append((entry.msgid, text))
    return faults


@pytest.fixture(scope="module")
def code_msgids(tmp_path_factory):
    """The msgids the code uses, extracted by Django's own makemessages in a copy of the
    source tree with an empty locale/, so the real catalogues are never touched."""
    if shutil.which("xgettext") is None:
        pytest.skip("makemessages needs GNU gettext: apt-get install gettext")
    root = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("source") / "tree"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(
        ".*", "locale", "static", "var", "bench", "build", "*.egg-info", "__pycache__",
        "node_modules"))
    (copy / "locale").mkdir()
    subprocess.run([sys.executable, "manage.py", "makemessages", "--locale", "ar"], cwd=copy,
                   check=True, capture_output=True)
    extracted = polib.pofile(str(copy / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    return {key(entry) for entry in extracted}


def coverage(language, code):
    entries = live(language)
    if language == "en":
        done = [item for item in code if item in entries]
    else:
        done = [item for item in code if item in entries and entries[item].translated()]
    return 100 * len(done) / len(code)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_msgid_the_code_uses_is_in_the_catalogue(code_msgids, language):
    missing = sorted(code_msgids - live(language).keys(), key=str)
    assert missing == []


def test_arabic_translates_every_entry():
    untranslated = [entry.msgid for entry in live("ar").values() if not entry.translated()]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language):
    assert [entry.msgid for entry in live(language).values() if "fuzzy" in entry.flags] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_msgids_placeholders(language):
    faults = [fault for entry in live(language).values() for fault in placeholder_faults(entry)]
    assert faults == []


def test_each_language_keeps_its_coverage(code_msgids):
    figures = {language: coverage(language, code_msgids) for language in LANGUAGES}
    shares = ", ".join(f"{language} {figure:.2f}%" for language, figure in figures.items())
    print(f"catalogue coverage of the code's {len(code_msgids)} msgids: {shares}")
    assert {language: figure for language, figure in figures.items()
            if figure < COVERAGE_FLOOR[language]} == {}


@pytest.mark.parametrize("language", ["ar", "fa", "ur"])
def test_every_country_has_a_name_in_the_language(language):
    """django-countries names the countries; its own catalogues translate them for ar and fa,
    ours (which Django reads first) keep the portal's wording and add Urdu, Malay and
    Indonesian, which django-countries does not ship. In these scripts no name equals the
    English one, so an English name on the page is a missing translation."""
    with translation.override(None):
        english = {country.code: str(country.name) for country in countries}
    with translation.override(language):
        names = {country.code: str(country.name) for country in countries}
    assert [code for code, name in names.items() if name == english[code]] == []
