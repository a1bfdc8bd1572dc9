from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from .selectors import care_centre_get, maintenance_announced

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


def _maintenance_notices():
    now = timezone.now()
    notices = list(maintenance_announced(now=now)[:2])
    for window in notices:
        window.in_progress = window.is_in_progress(now=now)
    return notices


def portal(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIRECTION": language_direction(language),
        "PORTAL_LANGUAGES": settings.LANGUAGES,
        "PORTAL_LANGUAGE_CHOICES": [
            {"code": code, "autonym": LANGUAGE_AUTONYMS.get(code, code),
             "direction": language_direction(code)}
            for code, _name in settings.LANGUAGES
        ],
        # Only queried when a page shows the banner (every full page, but not JSON views).
        "maintenance_notices": SimpleLazyObject(_maintenance_notices),
        "care_centre": SimpleLazyObject(care_centre_get),
    }
