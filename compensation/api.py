"""Compensation API: the public calculator and the pilgrim's own claims.

Other clients depend on the calculator's exact shape:
POST /api/v1/compensation/quote/ {"season", "package_value", "item", "failure",
"occurrence"} -> 200 {"amount", "currency", "rule", "corrective_period_minutes"}.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from portal.serializers import AmountField, CountField, InputSerializer

from .calculator import quote
from .errors import CompensationError
from .models import Claim, FailureKind, ServiceItem, mask_iban
from .payouts import claim_payout_account_set


class CompensationAPIError(APIException):
    """A CompensationError in the API's one error shape: {"code": ..., "detail": ...}."""

    def __init__(self, error: CompensationError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


class CompensationErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class CompensationQuoteInputSerializer(InputSerializer):
    season = serializers.IntegerField(help_text="Hijri year, e.g. 1445")
    package_value = AmountField()
    item = serializers.ChoiceField(choices=ServiceItem.choices)
    failure = serializers.ChoiceField(choices=FailureKind.choices)
    occurrence = CountField(default=1)


class CompensationQuoteSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    rule = serializers.CharField()
    corrective_period_minutes = serializers.IntegerField()


class QuoteAnonThrottle(AnonRateThrottle):
    scope = "compensation_quote_anon"
    rate = "30/minute"


class QuoteUserThrottle(UserRateThrottle):
    scope = "compensation_quote_user"
    rate = "60/minute"


class CompensationQuoteView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [QuoteAnonThrottle, QuoteUserThrottle]

    @extend_schema(request=CompensationQuoteInputSerializer,
                   responses={200: CompensationQuoteSerializer, 400: CompensationErrorSerializer},
                   summary="Compensation calculator (public)")
    def post(self, request):
        data = CompensationQuoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = quote(**data.validated_data)
        except CompensationError as error:
            raise CompensationAPIError(error) from error
        return Response(CompensationQuoteSerializer({
            "amount": result.amount, "currency": result.currency, "rule": result.rule_text,
            "corrective_period_minutes": result.corrective_period_minutes,
        }).data)


class ClaimSerializer(serializers.Serializer):
    complaint = serializers.CharField(source="complaint.number")
    status = serializers.CharField()
    item = serializers.CharField()
    failure = serializers.CharField()
    occurrence = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.SerializerMethodField()
    rule = serializers.CharField(source="rule_text")
    ministry_provides = serializers.BooleanField()
    decide_due_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()
    paid_at = serializers.DateTimeField(allow_null=True)

    def get_currency(self, obj) -> str:
        return "SAR"


class ClaimListView(APIView):
    @extend_schema(responses={200: ClaimSerializer(many=True)},
                   summary="My compensation claims")
    def get(self, request):
        claims = Claim.objects.filter(pilgrim=request.user).select_related("complaint")
        return Response(ClaimSerializer(claims.order_by("-created_at"), many=True).data)


class PayoutAccountInputSerializer(InputSerializer):
    iban = serializers.CharField(max_length=64, help_text="A Saudi IBAN (SA + 22 characters)")


class PayoutAccountSerializer(serializers.Serializer):
    complaint = serializers.CharField(source="complaint.number")
    payout_account = serializers.SerializerMethodField()

    def get_payout_account(self, obj) -> str:
        return mask_iban(obj.payout_iban)


class ClaimPayoutAccountView(APIView):
    """The pilgrim gives the IBAN their compensation is paid to (else: the card paid with).
    An IBAN that is not a valid Saudi one is refused (400, translated) and nothing stored."""

    @extend_schema(request=PayoutAccountInputSerializer,
                   responses={200: PayoutAccountSerializer, 400: CompensationErrorSerializer,
                              404: CompensationErrorSerializer,
                              409: CompensationErrorSerializer},
                   summary="Give the IBAN my compensation is paid to")
    def post(self, request, number):
        data = PayoutAccountInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = Claim.objects.filter(pilgrim=request.user, complaint__number=number).first()
        if claim is None:
            raise CompensationAPIError(CompensationError("not_yours"))
        try:
            claim = claim_payout_account_set(claim=claim, acting_user=request.user,
                                             iban=data.validated_data["iban"])
        except ValidationError as error:
            raise serializers.ValidationError({"iban": error.messages}) from error
        except CompensationError as error:
            raise CompensationAPIError(error) from error
        return Response(PayoutAccountSerializer(claim).data)
