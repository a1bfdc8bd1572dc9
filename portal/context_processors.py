from django.conf import settings
from django.utils import translation

RTL_LANGUAGES = {"ar", "fa", "ur"}


def portal(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIRECTION": "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr",
        "PORTAL_LANGUAGES": settings.LANGUAGES,
    }
