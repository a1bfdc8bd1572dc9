"""One error shape for the whole API: {"code": ..., "detail": ...} plus field errors; and the
error pages of the rest of the site (templates/404.html, 403.html, 500.html)."""

from django.conf import settings
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from .context_processors import language_direction


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        # get_object_or_404's message is English and names the model: the caller gets the
        # translated "Not found." instead.
        exc = NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    code = getattr(exc, "default_code", "error")
    if hasattr(exc, "get_codes"):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {"code": getattr(detail, "code", code) or code, "detail": str(detail)}
    else:
        # DRF's own lazily translated "Invalid input.", so the detail follows the language too.
        response.data = {"code": "invalid", "detail": str(ValidationError.default_detail),
                         "errors": data}
    return response


def _api_error(status: int, code: str, detail) -> JsonResponse:
    return JsonResponse({"code": code, "detail": str(detail)}, status=status)


def _language_of_path(path: str) -> str | None:
    """The language a mistyped or old address names in its first segment (/en/..., /ar/...):
    the portal's URLs carry none, but a visitor who typed one is answered in it."""
    first = path.lstrip("/").split("/", 1)[0].lower()
    return first if first in _LANGUAGE_CODES else None


_LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def page_not_found(request, exception):
    """handler404: under /api/ the one error shape; elsewhere templates/404.html in the
    site's layout, in the language the address names, else the request's."""
    if request.path_info.startswith(settings.API_PATH_PREFIX):
        return _api_error(404, "not_found", NotFound.default_detail)
    language = _language_of_path(request.path_info)
    if language is None:
        return defaults.page_not_found(request, exception)
    with translation.override(language):
        response = defaults.page_not_found(request, exception)
    response.headers["Content-Language"] = language
    return response


def server_error(request):
    """handler500: under /api/ the one error shape; elsewhere templates/500.html, which
    stands alone: rendered without the request's context processors, the database or the
    cache (any of which may be what failed), in the language already chosen for the request
    or the one its address names."""
    if request.path_info.startswith(settings.API_PATH_PREFIX):
        return _api_error(500, "server_error", APIException.default_detail)
    language = (_language_of_path(request.path_info) or translation.get_language()
                or settings.LANGUAGE_CODE)
    try:
        with translation.override(language):
            html = render_to_string("500.html", {
                "LANGUAGE_CODE": language,
                "LANGUAGE_DIRECTION": language_direction(language),
            })
    except Exception:  # noqa: BLE001 - the page itself failing must still answer a 500
        return HttpResponseServerError("<!doctype html><h1>Server Error (500)</h1>")
    response = HttpResponseServerError(html)
    response.headers["Content-Language"] = language
    return response
