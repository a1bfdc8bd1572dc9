"""The portal's own middleware."""

import re
from itertools import accumulate, repeat
from operator import sub

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from . import versions


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


class VersionsMiddleware:
    """The cache versions a request reads (portal/versions.py) are read once, together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions.read_once():
            return self.get_response(request)


# A JSON string (an unterminated one runs to the end, so the pattern never backtracks), and
# any byte that is not a bracket.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\[\s\S])*(?:"|\\?\Z)')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")
# Opening brackets to 2 and closing ones to 0: less one, the steps of the nesting depth.
_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
FORM_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def json_nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether `body`, read as JSON, nests arrays and objects deeper than `limit`.

    Python's json module recurses once per level and raises RecursionError near 1,000, a
    500 wherever a body is parsed. This reads the depth without parsing, in C-speed passes:
    strings (which may hold brackets) out, everything but brackets out, then the running sum
    of +1 per opening and -1 per closing bracket. Bodies with fewer openings than the limit
    (every real request) cost two counts.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", body)).translate(_STEPS)
    return max(accumulate(map(sub, brackets, repeat(1))), default=0) > limit


class JsonDepthMiddleware:
    """Refuses a request body nested deeper than JSON_MAX_DEPTH before any view parses it.

    One guard for every JSON body the portal reads: DRF's parser and allauth's headless API,
    which decodes request.body itself whatever the content type; hence every body that is
    not a form is read. The refusal is a 400 in the shape of the API it was sent to:
    allauth's `{"status", "errors": [{"code", "message"}]}` under its prefix, the portal's
    `{"code", "detail"}` everywhere else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._too_deep(request):
            return self._refusal(request)
        return self.get_response(request)

    @staticmethod
    def _too_deep(request) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") or request.content_type.startswith(
                FORM_CONTENT_TYPES) or not request.headers.get("Content-Length"):
            return False
        return json_nesting_exceeds(request.body, settings.JSON_MAX_DEPTH)

    @staticmethod
    def _refusal(request):
        message = _("The request body is nested more than %(max)s levels deep.") % {
            "max": settings.JSON_MAX_DEPTH}
        if request.path_info.startswith(settings.HEADLESS_PATH_PREFIX):
            return JsonResponse({"status": 400, "errors": [
                {"message": message, "code": "too_deep"}]}, status=400)
        return JsonResponse({"code": "too_deep", "detail": message}, status=400)
