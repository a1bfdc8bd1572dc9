"""Fill empty entries of locale/<lang>/LC_MESSAGES/django.po from our translation tables.

Sources, first match wins: portal/translations/<lang>.py (our own words), Debian's
iso-codes catalogue for country names (by ISO code, via accounts.countries), then the
catalogues of Django and allauth for their generic words ("active", "e-mail address").
Entries already translated are left alone unless --overwrite; run after makemessages,
then compiletranslations.
"""

import gettext
import importlib
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
ISO_LOCALE_DIR = Path("/usr/share/locale")


def entry_key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def own_table(language):
    """portal/translations/<language>.py, then every <language>_<part>.py beside it (the
    tables are split by app so that several people can translate at once)."""
    package = Path(__file__).resolve().parents[2] / "translations"
    names = [language] + sorted(path.stem for path in package.glob(f"{language}_*.py"))
    table = {}
    for name in names:
        try:
            table.update(importlib.import_module(f"portal.translations.{name}").TRANSLATIONS)
        except ModuleNotFoundError:
            continue
    return table


def country_table(language):
    """English country names of accounts.countries -> the iso-codes name in `language`."""
    import json

    try:
        from accounts.countries import COUNTRY_CHOICES
    except ImportError:
        return {}
    mo = ISO_LOCALE_DIR / language / "LC_MESSAGES" / "iso_3166-1.mo"
    if not (ISO_CODES.exists() and mo.exists()):
        return {}
    catalogue = gettext.GNUTranslations(mo.open("rb"))
    iso = {row["alpha_2"]: row for row in json.loads(ISO_CODES.read_text())["3166-1"]}
    table = {}
    for code, name in COUNTRY_CHOICES:
        row = iso.get(code)
        if row is None:
            continue
        for field in ("common_name", "name"):
            if field in row and catalogue.gettext(row[field]) != row[field]:
                table[str(name._proxy____args[0]) if hasattr(name, "_proxy____args")
                      else str(name)] = catalogue.gettext(row[field])
                break
    return table


def package_catalogues(language):
    import allauth
    import django

    roots = [Path(django.__file__).parent / "conf" / "locale",
             Path(django.__file__).parent / "contrib" / "admin" / "locale",
             Path(django.__file__).parent / "contrib" / "auth" / "locale",
             Path(allauth.__file__).parent / "locale"]
    catalogues = []
    for root in roots:
        mo = root / language / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            catalogues.append(gettext.GNUTranslations(mo.open("rb")))
    return catalogues


def from_packages(catalogues, entry):
    for catalogue in catalogues:
        if entry.msgctxt:
            text = catalogue.pgettext(entry.msgctxt, entry.msgid)
        else:
            text = catalogue.gettext(entry.msgid)
        if text != entry.msgid:
            return text
    return None


class Command(BaseCommand):
    help = "Fill empty translations in locale/*/django.po from portal/translations."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true")
        parser.add_argument("--missing", metavar="LANG",
                            help="Only list the msgids still untranslated in LANG.")

    def handle(self, *args, overwrite=False, missing=None, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
            language = po_path.parent.parent.name
            if missing and language != missing:
                continue
            self.fill(po_path, language, overwrite=overwrite, list_missing=bool(missing))

    def fill(self, po_path, language, *, overwrite, list_missing):
        po = polib.pofile(str(po_path), wrapwidth=100)
        table = {**country_table(language), **own_table(language)}
        catalogues = package_catalogues(language) if language != "en" else []
        filled = left = 0
        for entry in po:
            if entry.obsolete:
                continue
            own = table.get(entry_key(entry))
            # Our own tables always win; other sources only fill what is still empty.
            if entry.translated() and not overwrite and (own is None or entry.msgstr == own):
                continue
            text = own or from_packages(catalogues, entry)
            if language == "en" and not text:
                continue  # English source strings need no translation
            if text is None:
                left += 1
                if list_missing:
                    self.stdout.write(repr(entry_key(entry)))
                continue
            if entry.msgid_plural:
                forms = text if isinstance(text, (list, tuple)) else [text]
                count = int(po.metadata.get("Plural-Forms", "nplurals=2").split("nplurals=")[1]
                            .split(";")[0])
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        po.save()
        if not list_missing:
            self.stdout.write(f"{language}: filled {filled}, still untranslated {left}")
