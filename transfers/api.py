"""REST API of the priority transfer for the mobile app: the overview, offer, request, a
party's choice of accredited agent for its match, and heirs' claims to a deceased holder's
priority."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCompleteProfile
from portal.serializers import InputSerializer

from . import selectors, services
from .errors import TransferError
from .models import (
    AccreditedAgent,
    HeirClaim,
    Match,
    Offer,
    Province,
    Registration,
    Relation,
    TransferRequest,
)


class TransferAPIError(APIException):
    def __init__(self, error: TransferError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


def run(call, **kwargs):
    try:
        return call(**kwargs)
    except TransferError as error:
        raise TransferAPIError(error) from error


class TransferRegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ["id", "due_year", "priority_number", "province", "deposit", "status"]


class TransferOfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = ["id", "registration", "province", "price", "relative_id_number", "status",
                  "queued_at"]


class TransferRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = TransferRequest
        fields = ["id", "province", "relation", "status", "queued_at"]


class TransferMatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Match
        fields = ["id", "status", "price", "holder_agent", "recipient_agent", "agent_fee",
                  "matched_at", "deadline", "completed_at"]


class TransferAgentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="provider.public_name", read_only=True)

    class Meta:
        model = AccreditedAgent
        fields = ["id", "name", "province", "accredited_until"]


class TransferOverviewSerializer(serializers.Serializer):
    registrations = TransferRegistrationSerializer(many=True)
    offers = TransferOfferSerializer(many=True)
    requests = TransferRequestSerializer(many=True)
    matches = TransferMatchSerializer(many=True)
    agents = TransferAgentSerializer(many=True)


class TransferOfferInputSerializer(InputSerializer):
    registration = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=11, decimal_places=2, min_value=Decimal("0"))
    relative_id_number = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=15,
        help_text=_("For a relative only: their identity number. The offer then goes only to "
                    "that relative's request naming you, never to the general line."))


class TransferRequestInputSerializer(InputSerializer):
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    relation = serializers.ChoiceField(choices=Relation.choices, required=False, default="")
    relative_id_number = serializers.CharField(required=False, default="", max_length=15)


class OverviewView(APIView):
    permission_classes = [HasCompleteProfile]

    @extend_schema(responses=TransferOverviewSerializer)
    def get(self, request):
        return Response(TransferOverviewSerializer(
            selectors.transfer_overview(user=request.user)).data)


class OfferCreateView(APIView):
    permission_classes = [HasCompleteProfile]

    @extend_schema(request=TransferOfferInputSerializer, responses={201: TransferOfferSerializer})
    def post(self, request):
        data = TransferOfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = get_object_or_404(Registration, pk=data.validated_data["registration"],
                                         holder=request.user)
        offer = run(services.offer_create, acting_user=request.user, registration=registration,
                    price=data.validated_data["price"],
                    relative_id_number=data.validated_data["relative_id_number"])
        return Response(TransferOfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class RequestCreateView(APIView):
    permission_classes = [HasCompleteProfile]

    @extend_schema(request=TransferRequestInputSerializer,
                   responses={201: TransferRequestSerializer})
    def post(self, request):
        data = TransferRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = run(services.request_create, acting_user=request.user, **data.validated_data)
        return Response(TransferRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class TransferAgentChoiceInputSerializer(InputSerializer):
    agent = serializers.PrimaryKeyRelatedField(
        queryset=AccreditedAgent.objects.all(),
        help_text=_("The id of an accredited agent, from the agents in the overview."))


class MatchAgentChooseView(APIView):
    """A party to a match (the holder or the recipient) chooses its accredited agent; the
    transfer can be completed once both chose the same one."""

    permission_classes = [HasCompleteProfile]

    @extend_schema(
        request=TransferAgentChoiceInputSerializer, responses={200: TransferMatchSerializer},
        parameters=[OpenApiParameter("match_id", int, OpenApiParameter.PATH,
                                     description=_("The match's id."))])
    def post(self, request, match_id):
        # Someone else's match is simply not found: its existence is nobody else's business.
        match = get_object_or_404(
            Match.objects.filter(Q(offer__user=request.user) | Q(request__user=request.user)),
            pk=match_id)
        data = TransferAgentChoiceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = run(services.match_choose_agent, match=match, acting_user=request.user,
                     agent=data.validated_data["agent"])
        return Response(TransferMatchSerializer(chosen).data)


# --- Heirs ----------------------------------------------------------------------------------

class TransferErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("A stable code for the refusal."))
    detail = serializers.CharField(help_text=_("The refusal, in the language asked for."))


class TransferHeirClaimSerializer(serializers.ModelSerializer):
    # What the heir typed, never the registration it matched: the answer is the same whether
    # or not one exists, until staff decide.
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    refusal_reason_label = serializers.CharField(source="get_refusal_reason_display",
                                                 read_only=True)

    class Meta:
        model = HeirClaim
        fields = ["id", "due_year", "priority_number", "status", "status_label",
                  "refusal_reason", "refusal_reason_label", "original_name", "filed_at",
                  "decided_at"]


class TransferHeirClaimInputSerializer(InputSerializer):
    # The same limits as the page's form (transfers/forms.py HeirClaimForm).
    due_year = serializers.IntegerField(min_value=1400, max_value=1600,
                                        help_text=_("Due year (Hijri)"))
    priority_number = serializers.IntegerField(min_value=1, help_text=_("Priority number"))
    holder_id_number = serializers.CharField(
        max_length=15, help_text=_("Identity number of the deceased holder"))
    probate_document = serializers.FileField(help_text=_("Probate document (PDF, JPEG or PNG)"))


class HeirClaimListView(APIView):
    """An heir's own claims, and filing a new one with the probate document: the same
    services as the page (transfers/views.py heir_claim)."""

    permission_classes = [HasCompleteProfile]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(description=_("Your own claims as an heir, the newest first."),
                   responses=TransferHeirClaimSerializer(many=True))
    def get(self, request):
        claims = selectors.heir_claim_list_for_user(user=request.user)
        return Response(TransferHeirClaimSerializer(claims, many=True).data)

    @extend_schema(description=_("File a claim to a deceased holder's priority with the "
                                 "probate document; staff review it. The answer is the same "
                                 "whether or not the registration exists."),
                   request={"multipart/form-data": TransferHeirClaimInputSerializer},
                   responses={201: TransferHeirClaimSerializer, 400: TransferErrorSerializer,
                              429: TransferErrorSerializer})
    def post(self, request):
        data = TransferHeirClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = run(services.heir_claim_file, acting_user=request.user, **data.validated_data)
        return Response(TransferHeirClaimSerializer(claim).data, status=status.HTTP_201_CREATED)
