"""One error shape for the whole API: {"code": ..., "detail": ...} plus field errors."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


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


def page_not_found(request, exception):
    """handler404: under /api/ the one error shape instead of the HTML page."""
    if request.path_info.startswith(settings.API_PATH_PREFIX):
        return _api_error(404, "not_found", NotFound.default_detail)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: under /api/ the one error shape instead of the HTML page."""
    if request.path_info.startswith(settings.API_PATH_PREFIX):
        return _api_error(500, "server_error", APIException.default_detail)
    return defaults.server_error(request)
