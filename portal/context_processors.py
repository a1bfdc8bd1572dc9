from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .furniture import notices_shown, page_furniture

RTL_LANGUAGES = {"ar", "fa", "ur"}

# Each language is offered in its own name (an autonym), so it is never translated.
LANGUAGE_AUTONYMS = {
    "ar": "العربية",
    "en": "English",
    "ms": "Bahasa Melayu",
    "fa": "فارسی",
    "ur": "اردو",
    "id": "Bahasa Indonesia",
}


def language_direction(language: str | None) -> str:
    return "rtl" if (language or "").split("-")[0] in RTL_LANGUAGES else "ltr"


def portal(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    read = []

    def furniture():
        # One cache read per request for both lazy values.
        if not read:
            read.append(page_furniture(language=language))
        return read[0]

    return {
        "LANGUAGE_DIRECTION": language_direction(language),
        "PORTAL_LANGUAGES": settings.LANGUAGES,
        "PORTAL_LANGUAGE_CHOICES": [
            {"code": code, "autonym": LANGUAGE_AUTONYMS.get(code, code),
             "direction": language_direction(code)}
            for code, _name in settings.LANGUAGES
        ],
        # Only read when a page shows the banner (every full page, but not JSON views), from
        # the cache kept per change and language (portal/furniture.py).
        "maintenance_notices": SimpleLazyObject(
            lambda: notices_shown(furniture()["maintenance_notices"],
                                  getattr(request, "session", None))),
        "care_centre": SimpleLazyObject(lambda: furniture()["care_centre"]),
    }
