"""The portal's own middleware."""

from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware:
    """Django's LocaleMiddleware for a portal whose URLs carry no language prefix.

    The language comes from the language cookie (the switcher sets it) or Accept-Language,
    is activated for the request and named in Content-Language, as Django's does. Django's
    also looks for a prefix in the path, twice per request, to serve i18n_patterns; the
    portal has none (tests/test_api_middleware.py checks), and those look-ups were most of
    its 75 µs on every booking (bench/booking).
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
