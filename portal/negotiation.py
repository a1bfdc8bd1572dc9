"""Content negotiation that answers the API's everyday request without parsing.

DRF's DefaultContentNegotiation parses the Accept header and the query string on every
call, a twentieth of a booking's server CPU (bench/booking). Mobile apps send no Accept,
`*/*` or `application/json`; for those the answer is the first renderer, exactly what the
full negotiation returns. Anything else (another media type, a list with q-values, a
`?format=` override or a format suffix) goes through DRF's negotiation unchanged.
"""

from rest_framework.negotiation import DefaultContentNegotiation


class PlainAcceptNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        first = renderers[0]
        accept = request.META.get("HTTP_ACCEPT", "*/*")
        if (format_suffix is None and accept in ("*/*", first.media_type)
                and not self._format_override(request)):
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)

    def _format_override(self, request) -> bool:
        name = self.settings.URL_FORMAT_OVERRIDE
        return bool(name) and f"{name}=" in request.META.get("QUERY_STRING", "")
