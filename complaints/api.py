"""Complaints API for pilgrims (their own complaints only): create, list, detail, reply,
escalate, confirm, reopen. Errors use the one shape {"code": ..., "detail": ...}."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCompleteProfile
from portal.parsers import JSONObjectParser
from portal.serializers import InputSerializer

from . import selectors, services
from .errors import ComplaintError
from .models import FAILURE_CHOICES, ITEM_CHOICES, About, Complaint, Transition


class ComplaintAPIError(APIException):
    def __init__(self, error: ComplaintError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


class ComplaintErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ComplaintCreateSerializer(InputSerializer):
    about = serializers.ChoiceField(choices=About.choices, default=About.PROVIDER)
    contract = serializers.IntegerField(required=False, allow_null=True)
    item = serializers.ChoiceField(choices=ITEM_CHOICES)
    failure = serializers.ChoiceField(choices=FAILURE_CHOICES)
    description = serializers.CharField(max_length=5000)
    occurred_at = serializers.DateTimeField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ComplaintAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return f"/complaints/files/{obj.token}/"


class ComplaintStepSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()
    attachments = ComplaintAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Transition
        fields = ["kind", "from_status", "to_status", "at", "note", "by", "attachments"]

    def get_by(self, obj) -> str:
        if obj.actor_id is None:
            return "system"
        return "pilgrim" if obj.actor_id == obj.complaint.pilgrim_id else "staff"


class ComplaintClaimSerializer(serializers.Serializer):
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    rule = serializers.CharField(source="rule_text")
    ministry_provides = serializers.BooleanField()
    decide_due_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)


class ComplaintSerializer(serializers.ModelSerializer):
    provider = serializers.SerializerMethodField()
    contract = serializers.SerializerMethodField()
    can_escalate = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = ["number", "about", "contract", "provider", "season", "item", "failure",
                  "description", "occurred_at", "channel", "status", "created_at",
                  "ack_due_at", "acknowledged_at", "fix_due_at", "resolved_at",
                  "resolution_note", "escalated_at", "decided_at", "decision_reason",
                  "closed_at", "can_escalate"]

    def get_provider(self, obj) -> str | None:
        return obj.provider.public_name if obj.provider else None

    def get_contract(self, obj) -> str | None:
        return obj.contract.reference if obj.contract else None

    def get_can_escalate(self, obj) -> bool:
        return obj.provider_time_passed(timezone.now())


class ComplaintDetailSerializer(ComplaintSerializer):
    timeline = serializers.SerializerMethodField()
    claim = serializers.SerializerMethodField()

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "timeline", "claim"]

    @extend_schema(exclude=True)
    def get_timeline(self, obj) -> list:
        return ComplaintStepSerializer(selectors.complaint_timeline(complaint=obj),
                                       many=True).data

    def get_claim(self, obj) -> dict | None:
        claim = getattr(obj, "claim", None)
        return ComplaintClaimSerializer(claim).data if claim else None


class ReplySerializer(InputSerializer):
    text = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReasonSerializer(InputSerializer):
    reason = serializers.CharField(max_length=2000, required=False, default="",
                                   allow_blank=True)


PERMISSIONS = [IsAuthenticated, HasCompleteProfile]
PARSERS = [MultiPartParser, FormParser, JSONObjectParser]


def _own(request, number) -> Complaint:
    complaint = selectors.complaint_get_for_pilgrim(user=request.user, number=number)
    if complaint is None:
        raise NotFound(code="not_found")
    return complaint


# Refusals about one input field answer as that field's error, so the 400 names it.
FIELD_OF_ERROR = {"occurred_in_future": "occurred_at", "occurred_before_season": "occurred_at"}


def _call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except ComplaintError as error:
        if error.code in FIELD_OF_ERROR:
            raise serializers.ValidationError({FIELD_OF_ERROR[error.code]: [
                serializers.ErrorDetail(str(error.message), code=error.code)]}) from error
        raise ComplaintAPIError(error) from error


def _files(request):
    return request.FILES.getlist("files") if hasattr(request, "FILES") else []


class ComplaintListView(APIView):
    permission_classes = PERMISSIONS
    parser_classes = PARSERS

    @extend_schema(responses={200: ComplaintSerializer(many=True)}, summary="My complaints")
    def get(self, request):
        return Response(ComplaintSerializer(
            selectors.complaint_list_for_pilgrim(user=request.user), many=True).data)

    @extend_schema(request=ComplaintCreateSerializer,
                   responses={201: ComplaintDetailSerializer, 400: ComplaintErrorSerializer},
                   summary="File a complaint")
    def post(self, request):
        data = ComplaintCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = data.validated_data
        contract = None
        if params.get("contract"):
            contract = selectors.contracts_open_to_complaints(user=request.user).filter(
                pk=params["contract"]).first()
            if contract is None:
                raise ComplaintAPIError(ComplaintError("not_your_contract"))
        complaint = _call(services.complaint_file, acting_user=request.user, about=params["about"],
                          contract=contract, item=params["item"], failure=params["failure"],
                          description=params["description"],
                          occurred_at=params["occurred_at"], files=_files(request))
        return Response(ComplaintDetailSerializer(
            _own(request, complaint.number)).data, status=201)


class ComplaintDetailView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses={200: ComplaintDetailSerializer, 404: ComplaintErrorSerializer},
                   summary="One of my complaints with its timeline")
    def get(self, request, number):
        return Response(ComplaintDetailSerializer(_own(request, number)).data)


class ComplaintReplyView(APIView):
    permission_classes = PERMISSIONS
    parser_classes = PARSERS

    @extend_schema(request=ReplySerializer,
                   responses={200: ComplaintDetailSerializer, 400: ComplaintErrorSerializer},
                   summary="Reply (restarts the clock when the provider asked for information)")
    def post(self, request, number):
        complaint = _own(request, number)
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.complaint_reply, complaint=complaint, acting_user=request.user,
              text=data.validated_data["text"], files=_files(request))
        return Response(ComplaintDetailSerializer(_own(request, number)).data)


def _action_view(name, summary, call):
    class ActionView(APIView):
        permission_classes = PERMISSIONS

        @extend_schema(request=ReasonSerializer,
                       responses={200: ComplaintDetailSerializer, 400: ComplaintErrorSerializer,
                                  409: ComplaintErrorSerializer},
                       summary=summary, operation_id=f"complaints_{name}")
        def post(self, request, number):
            complaint = _own(request, number)
            data = ReasonSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            _call(call, complaint=complaint, acting_user=request.user,
                  reason=data.validated_data["reason"])
            return Response(ComplaintDetailSerializer(_own(request, number)).data)

    ActionView.__name__ = f"Complaint{name.title()}View"
    return ActionView


ComplaintEscalateView = _action_view(
    "escalate", "Escalate now (once the provider's time has passed)",
    lambda complaint, acting_user, reason: services.complaint_escalate(
        complaint=complaint, acting_user=acting_user, reason=reason))
ComplaintConfirmView = _action_view(
    "confirm", "Confirm the provider's fix",
    lambda complaint, acting_user, reason: services.complaint_confirm(
        complaint=complaint, acting_user=acting_user))
ComplaintReopenView = _action_view(
    "reopen", "Reopen: not fixed after all",
    lambda complaint, acting_user, reason: services.complaint_reopen(
        complaint=complaint, acting_user=acting_user, reason=reason))
