"""Middleware for the JSON API (settings.API_MIDDLEWARE)."""

from django.utils import translation
from django.utils.cache import patch_vary_headers


class ApiLocaleMiddleware:
    """LocaleMiddleware for API calls: the language from Accept-Language (or the language
    cookie a browser sends), activated for the call and named in Content-Language.

    Django's LocaleMiddleware also looks for a language prefix in the path, twice per
    request; the portal's URLs have none (tests/test_api_middleware.py checks), and those
    look-ups were most of its 75 µs on every booking (bench/booking).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
