"""The permit authority's reports: the Ministry of Interior's system tells the portal that a
Hajj permit was issued, printed or refused.

    POST /api/v1/permits/authority/events/
    {"event_id", "event": "issued" | "printed" | "refused", "request", "permit_number",
     "reason", "occurred_at"}

Signed as every webhook of the portal (portal/signing.py; the secrets in
PERMIT_AUTHORITY_WEBHOOK_SECRETS). `request` is the booking number the pilgrim sees
(H1448-000123). Answers: 200 applied, already in that state, or a report seen before (its
event_id: nothing changes); 409 out of order (nothing changes); 404 no such request; 400 a
malformed report; 401 not signed by the authority or outside the time window. The state
changes go through the services the admin's actions call (permits.services).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.serializers import InputSerializer
from portal.signing import HasValidSignature, signed_by

from . import services
from .api import ErrorSerializer, PermitAPIError
from .models import AuthorityEvent, Permit

NUMBER_LENGTH = Permit._meta.get_field("number").max_length


class AuthorityEventInputSerializer(InputSerializer):
    event_id = serializers.CharField(
        max_length=AuthorityEvent._meta.get_field("event_id").max_length,
        help_text=_("The authority's own identifier of the report; a report sent again with "
                    "the same identifier changes nothing."))
    event = serializers.ChoiceField(choices=AuthorityEvent.Event.choices)
    request = serializers.CharField(
        max_length=AuthorityEvent._meta.get_field("request_reference").max_length,
        help_text=_("The booking number of the Hajj request, as the pilgrim sees it "
                    "(H1448-000123)."))
    permit_number = serializers.CharField(
        max_length=NUMBER_LENGTH, required=False, allow_blank=True, default="",
        help_text=_("The permit's number: required when it is issued."))
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text=_("Why the permit was refused: required when it is."))
    occurred_at = serializers.DateTimeField(
        help_text=_("When the authority issued, printed or refused the permit."))

    def validate(self, data):
        if data["event"] == AuthorityEvent.Event.ISSUED and not data["permit_number"].strip():
            raise serializers.ValidationError(
                {"permit_number": _("An issued permit needs its number.")})
        if data["event"] == AuthorityEvent.Event.REFUSED and not data["reason"].strip():
            raise serializers.ValidationError(
                {"reason": _("A refusal needs its reason.")})
        return data


class AuthorityEventAnswerSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    outcome = serializers.ChoiceField(choices=AuthorityEvent.Outcome.choices)
    replayed = serializers.BooleanField(
        help_text=_("True when this event_id was received before: nothing changed now."))
    request = serializers.CharField()


class AuthorityEventView(APIView):
    authentication_classes = [signed_by("PERMIT_AUTHORITY_WEBHOOK_SECRETS")]
    permission_classes = [HasValidSignature]

    @extend_schema(
        request=AuthorityEventInputSerializer,
        responses={200: AuthorityEventAnswerSerializer, 400: ErrorSerializer,
                   401: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
        summary=_("Report a Hajj permit issued, printed or refused (the permit authority)"),
        description=_("Signed by the permit authority with HMAC-SHA256 over the X-Timestamp "
                      "header, a dot and the raw body, in X-Signature. A report out of order "
                      "(printed before issued, anything after a refusal, another number for "
                      "an issued permit) answers 409 and changes nothing."))
    def post(self, request):
        data = AuthorityEventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        receipt = services.authority_event_receive(
            event_id=values["event_id"], event=values["event"], reference=values["request"],
            permit_number=values["permit_number"].strip(), reason=values["reason"].strip(),
            occurred_at=values["occurred_at"], payload=request.data)
        if receipt.error is not None:
            raise PermitAPIError(receipt.error)
        row = receipt.event
        return Response(AuthorityEventAnswerSerializer({
            "event_id": row.event_id, "outcome": row.outcome, "replayed": receipt.replayed,
            "request": row.request_reference}).data)
