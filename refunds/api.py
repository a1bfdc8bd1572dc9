"""Public refund calculator: the same computation as a real cancellation (refunds.policy).

Other clients depend on this exact shape:
POST /api/v1/refunds/quote/ {"season", "contract_value", "clients", "cancel_date",
"permit_state"} -> 200 {"refund", "deduction", "currency", "rule"}.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from portal.serializers import AmountField, CountField, InputSerializer

from . import calculator
from .choices import PermitState
from .errors import RefundError


class RefundAPIError(APIException):
    """A RefundError in the API's one error shape: {"code": ..., "detail": ...}."""

    def __init__(self, error: RefundError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


class RefundErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class RefundQuoteInputSerializer(InputSerializer):
    season = serializers.IntegerField(help_text="Hijri year, e.g. 1445")
    contract_value = AmountField()
    clients = CountField()
    cancel_date = serializers.DateField()
    permit_state = serializers.ChoiceField(choices=PermitState.choices)


class RefundQuoteSerializer(serializers.Serializer):
    refund = serializers.DecimalField(max_digits=12, decimal_places=2)
    deduction = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    rule = serializers.CharField()


class QuoteAnonThrottle(AnonRateThrottle):
    rate = "30/minute"


class QuoteUserThrottle(UserRateThrottle):
    rate = "60/minute"


class RefundQuoteView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [QuoteAnonThrottle, QuoteUserThrottle]

    @extend_schema(request=RefundQuoteInputSerializer,
                   responses={200: RefundQuoteSerializer, 400: RefundErrorSerializer},
                   summary="Refund calculator (public)")
    def post(self, request):
        data = RefundQuoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            quote, _policy = calculator.quote(**data.validated_data)
        except RefundError as error:
            raise RefundAPIError(error) from error
        return Response(RefundQuoteSerializer({
            "refund": quote.refund, "deduction": quote.deduction,
            "currency": quote.currency, "rule": quote.rule_text,
        }).data)
