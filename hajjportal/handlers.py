"""The JSON API's requests go through the middleware a JSON call needs (API_MIDDLEWARE).

Every middleware in MIDDLEWARE runs on every request. For a call to /api/v1/ most of them do
nothing useful: DRF checks CSRF itself when a call is authenticated by the session cookie, and
the flash messages, the content security policy of HTML pages, allauth's page middleware and
the admin's MFA check have nothing to act on. Yet together they cost about a tenth of a
booking's server CPU at the rush (bench/booking). The docs page under /api/v1/ is HTML and
keeps the site's list.

`routed(get_response)` wraps a handler's get_response so that API paths go to a second
handler loaded with API_MIDDLEWARE: hajjportal/wsgi.py serves the portal with it, and the
test suite's client handler gets the same routing (tests/fixtures/core.py), so the tests see
the middleware production runs.
"""

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler


def is_api_path(path: str) -> bool:
    return path.startswith(settings.API_PATH_PREFIX) and not path.startswith(
        settings.API_HTML_PATHS)


class ApiHandler(BaseHandler):
    """A handler whose middleware chain is API_MIDDLEWARE; requests come built by the caller."""

    def load_middleware(self, is_async=False):
        # BaseHandler reads the list from settings.MIDDLEWARE: the API's list stands in for it
        # while the chain is built (once per process, before any request).
        site = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = site


def api_handler_for(handler) -> ApiHandler:
    """The ApiHandler that answers `handler`'s API calls, built on first use."""
    api = getattr(handler, "_api_handler", None)
    if api is None:
        api = handler._api_handler = ApiHandler()
        api.load_middleware()
    return api


def routed(get_response):
    """`get_response` of a handler, with API paths answered by the handler's ApiHandler."""

    def get_response_routed(self, request):
        if is_api_path(request.path_info):
            return api_handler_for(self).get_response(request)
        return get_response(self, request)

    return get_response_routed


class PortalWSGIHandler(WSGIHandler):
    get_response = routed(WSGIHandler.get_response)

    def __init__(self):
        super().__init__()
        api_handler_for(self)  # at start-up, as the site's chain, not on the first call
