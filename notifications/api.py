"""The SMS gateway's signed webhook: an SMS a person sent to the portal's number."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.schema import ApiErrorSerializer
from portal.serializers import InputSerializer
from portal.signing import HasValidSignature, signed_by

from .inbound import is_e164, sms_inbound_receive
from .models import InboundSms


def _e164(value: str) -> None:
    if not is_e164(value):
        raise serializers.ValidationError(
            _("Give the sender as an international (E.164) number."), code="invalid_number")


# "from" is a Python keyword: the class is built with it as a field name.
InboundSmsSerializer = type("InboundSmsSerializer", (InputSerializer,), {
    "__module__": __name__,
    "__doc__": "One SMS received by the gateway.",
    "id": serializers.CharField(max_length=InboundSms._meta.get_field("message_id").max_length,
                                help_text="The gateway's id of the message."),
    "from": serializers.CharField(max_length=16, validators=[_e164],
                                  help_text="The sender's number, E.164."),
    "text": serializers.CharField(max_length=InboundSms._meta.get_field("text").max_length,
                                  allow_blank=True, trim_whitespace=False),
    "received_at": serializers.DateTimeField(),
})


class InboundSmsAnswerSerializer(serializers.Serializer):
    id = serializers.CharField()


class InboundSmsView(APIView):
    """An SMS sent to the portal's number: "STATUS <reference>" is answered by SMS."""

    authentication_classes = [signed_by("SMS_GATEWAY_WEBHOOK_SECRETS")]
    permission_classes = [HasValidSignature]

    @extend_schema(request=InboundSmsSerializer,
                   responses={200: InboundSmsAnswerSerializer, 400: ApiErrorSerializer,
                              401: ApiErrorSerializer, 503: ApiErrorSerializer},
                   summary="The SMS gateway posts an SMS it received",
                   description="Signed with HMAC-SHA256 over X-Timestamp + \".\" + the raw "
                               "body (portal/signing.py). Every accepted message answers 200, "
                               "whether an SMS is sent back or not (the sender's hourly limit); "
                               "an id received before is answered once.")
    def post(self, request):
        data = InboundSmsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = data.validated_data
        sms_inbound_receive(message_id=message["id"], sender=message["from"],
                            text=message["text"], received_at=message["received_at"])
        return Response({"id": message["id"]})
