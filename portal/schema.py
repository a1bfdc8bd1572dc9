"""The OpenAPI schema tells the truth about refusals: every operation lists the errors it
can answer, each in the one error shape (portal/api_errors.py).

drf-spectacular documents only the statuses a view names; schemathesis's status-code check
(tests/test_api_fuzzing.py) holds the schema to every status really sent, so the refusals
that the framework itself answers are added here, once, for every operation.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.contrib.django_allauth import XSessionTokenAuthenticationScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignedWebhookAuthentication


class ApiErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        required=False, help_text=_("Invalid input: the messages of each field named."))


class SessionTokenScheme(XSessionTokenAuthenticationScheme):
    """portal.authentication.SessionTokenAuthentication is allauth's X-Session-Token."""

    target_class = "portal.authentication.SessionTokenAuthentication"


class SignedWebhookScheme(OpenApiAuthenticationExtension):
    """portal.signing's HMAC signature: two headers that go together (every webhook's
    authentication class is a subclass, one per sender's secrets)."""

    target_class = "portal.signing.SignedWebhookAuthentication"
    match_subclasses = True
    name = ["webhookTimestamp", "webhookSignature"]

    def __init__(self, target):
        super().__init__(target)
        # One pair of components per sender (its secrets differ), named after its setting:
        # PERMIT_AUTHORITY_WEBHOOK_SECRETS -> permitAuthorityTimestamp, ...Signature.
        setting = getattr(target, "secrets_setting", "") or "WEBHOOK"
        words = setting.removesuffix("_WEBHOOK_SECRETS").lower().split("_")
        sender = words[0] + "".join(word.title() for word in words[1:])
        self.name = [f"{sender}Timestamp", f"{sender}Signature"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "apiKey", "in": "header", "name": TIMESTAMP_HEADER,
             "description": _("When the request was signed, in whole seconds since "
                              "1970-01-01 UTC.")},
            {"type": "apiKey", "in": "header", "name": SIGNATURE_HEADER,
             "description": _("HMAC-SHA256, in hexadecimal, of the X-Timestamp value, a dot "
                              "and the request body as sent.")},
        ]


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self._refusals():
            if code not in responses:
                responses[code] = self._get_response_for_code(ApiErrorSerializer, code,
                                                              direction=direction)
                responses[code]["description"] = description
        return responses

    def _refusals(self):
        takes_input = self.method != "GET" or bool(self._get_parameters())
        if takes_input:
            yield "400", _("Invalid input or a request the rules refuse.")
        if self._signed_webhook():
            yield "401", _("Not signed, signed with another secret, or signed too long ago.")
            yield "503", _("No secret is configured for these requests yet.")
        elif not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            yield "401", _("No credentials: sign in and send X-Session-Token.")
            yield "403", _("Signed in, but not allowed to do this.")
        if takes_input:
            yield "404", _("What the request names does not exist, or is not yours.")
        if self.view.get_throttles():
            yield "429", _("Too many requests: try again later.")

    def _signed_webhook(self) -> bool:
        authenticators = self.view.get_authenticators()
        return bool(authenticators) and all(
            isinstance(a, SignedWebhookAuthentication) for a in authenticators)
