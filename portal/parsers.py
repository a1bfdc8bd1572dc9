"""The API's JSON parser: every request body the API reads is a JSON object."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    """DRF's JSON parser, refusing a body that is a string, a number, null or a list: every
    operation takes named fields, and views may treat request.data as a mapping."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        return data
