"""REST API for packages and the pilgrim's own contracts. Views only parse and authorise."""

from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import IdType
from consent import selectors as consent_selectors
from portal.idempotency import idempotent
from portal.serializers import AmountField, InputSerializer
from portal.signing import HasValidSignature, signed_by
from refunds.errors import RefundError
from refunds.policy import refund_of_payments, rule_description
from refunds.services import refund_quote_for_contract

from . import refunding, selectors, services
from .errors import PackageError
from .models import City, Contract, HolySite, Package


class PackageAPIError(APIException):
    """A PackageError (or RefundError) in the API's one error shape."""

    def __init__(self, error):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


def run(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (PackageError, RefundError) as error:
        raise PackageAPIError(error) from error


# --- Serializers (named explicitly: they are schema components) --------------------------


class PackageErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ProviderChannelSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.CharField()
    label = serializers.CharField()


class PackageProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="public_name")
    licence_number = serializers.CharField()
    office_site = serializers.CharField()
    office_location = serializers.SerializerMethodField()

    def get_office_location(self, provider) -> str:
        return provider.safe_translation_getter("office_location", any_language=True) or ""


class ServiceLevelSerializer(serializers.Serializer):
    service = serializers.CharField()
    service_label = serializers.CharField(source="get_service_display")
    description = serializers.CharField()
    time_frame = serializers.CharField()
    how_requested = serializers.CharField()
    how_delivered = serializers.CharField()


class PackageVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    approved_at = serializers.DateTimeField(source="decided_at", allow_null=True)


class PackageSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    season = serializers.IntegerField(source="season_id")
    name = serializers.SerializerMethodField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.SerializerMethodField()
    places_left = serializers.IntegerField()
    departure_city = serializers.CharField()
    camp_site = serializers.CharField()
    camp_code = serializers.CharField()
    distance_to_jamarat_m = serializers.IntegerField(allow_null=True)
    provider = PackageProviderSerializer()
    provider_rating = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True,
        help_text="Share (%) of the provider's survey ratings of 4 or 5 out of 5 over the "
                  "Hijri year to date, as its scorecard shows; null: not yet rated.")
    provider_scorecard_url = serializers.SerializerMethodField()

    def get_provider_scorecard_url(self, package) -> str:
        return reverse("sla:provider_scorecard", kwargs={"pk": package.provider_id})

    def get_name(self, package) -> str:
        return str(package)

    def get_currency(self, package) -> str:
        return "SAR"


class PackageDetailSerializer(PackageSummarySerializer):
    description = serializers.SerializerMethodField()
    camp_location = serializers.SerializerMethodField()
    assembly_points = serializers.SerializerMethodField()
    service_levels = ServiceLevelSerializer(many=True)
    channels = ProviderChannelSerializer(many=True, source="provider.channels.all")
    version = serializers.SerializerMethodField(
        help_text="The ministry-approved version on sale (what an order buys); a change the "
                  "provider proposed is not shown until the ministry approves it.")

    @extend_schema_field(PackageVersionSerializer(allow_null=True))
    def get_version(self, package):
        version = package.current_version
        return PackageVersionSerializer(version).data if version is not None else None

    def _t(self, package, field):
        return package.safe_translation_getter(field, any_language=True) or ""

    def get_description(self, package) -> str:
        return self._t(package, "description")

    def get_camp_location(self, package) -> str:
        return self._t(package, "camp_location")

    def get_assembly_points(self, package) -> str:
        return self._t(package, "assembly_points")


class PackageFilterSerializer(InputSerializer):
    season = serializers.IntegerField(required=False)
    category = serializers.ChoiceField(choices=Package.Category.choices, required=False)
    city = serializers.ChoiceField(choices=City.choices, required=False)
    camp_site = serializers.ChoiceField(choices=HolySite.choices, required=False)
    price_min = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    price_max = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    max_distance = serializers.IntegerField(required=False, min_value=0)
    provider = serializers.IntegerField(required=False)
    available = serializers.BooleanField(required=False, default=False)
    ordering = serializers.ChoiceField(choices=["price", "-price", "distance"], required=False)
    min_rating = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
        help_text="Only packages whose provider is rated at least this share (%); "
                  "providers not yet rated are left out.")


class ContractCompanionInputSerializer(InputSerializer):
    """One companion: one of my dependants (confirmed by staff) with what I state of their
    document, or a person invited by identity number and mobile, who joins only by accepting
    with their own details (their place is held and counted meanwhile)."""

    DEPENDANT_FIELDS = ("identity_expires_on", "nationality", "last_hajj_year", "is_mahram")
    INVITE_FIELDS = ("id_type", "id_number", "mobile")

    dependant = serializers.IntegerField(required=False,
                                         help_text="The id of one of my dependants.")
    identity_expires_on = serializers.DateField(
        required=False, help_text="The dependant's document is valid until (required with "
                                  "dependant).")
    nationality = serializers.ChoiceField(choices=countries, required=False,
                                          help_text="The dependant's (SA if absent).")
    last_hajj_year = serializers.IntegerField(required=False, allow_null=True,
                                              help_text="The dependant's last Hajj (Hijri).")
    is_mahram = serializers.BooleanField(required=False)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=15, required=False)
    mobile = serializers.CharField(max_length=20, required=False,
                                   help_text="The invited companion's mobile, e.g. "
                                             "+966501234567.")

    def validate(self, attrs):
        invited = [attrs.get(name) for name in self.INVITE_FIELDS]
        if attrs.get("dependant") is not None and not any(invited):
            if not attrs.get("identity_expires_on"):
                raise serializers.ValidationError(
                    {"identity_expires_on": "Required with dependant."})
            return {"dependant": attrs["dependant"],
                    **{name: attrs.get(name) for name in self.DEPENDANT_FIELDS}}
        if attrs.get("dependant") is None and all(invited):
            return {name: attrs[name] for name in self.INVITE_FIELDS}
        raise serializers.ValidationError(
            "Give either dependant (with identity_expires_on), or id_type, id_number and "
            "mobile.")


class ContractInvitationSerializer(serializers.Serializer):
    """An invited companion as the holder typed them; never who the number belongs to."""

    id = serializers.IntegerField()
    id_type = serializers.CharField()
    id_number = serializers.CharField(help_text="Masked.")
    mobile = serializers.CharField()
    status = serializers.CharField(help_text="pending, accepted, declined, lapsed, withdrawn.")
    status_label = serializers.CharField(help_text="The status in the language asked for.")
    expires_at = serializers.DateTimeField()


class ContractInputSerializer(InputSerializer):
    package = serializers.IntegerField()
    payment_plan = serializers.ChoiceField(choices=Contract.PaymentPlan.choices)
    acknowledge_channels = serializers.BooleanField(
        help_text="The pilgrim read the provider's channels and complaint procedure.")
    identity_expires_on = serializers.DateField(help_text="The pilgrim's own document.")
    last_hajj_year = serializers.IntegerField(required=False, allow_null=True)
    companions = ContractCompanionInputSerializer(many=True, required=False, default=list)


class ContractPersonSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    relationship = serializers.CharField()
    is_mahram = serializers.BooleanField()
    is_holder = serializers.BooleanField()


class InstalmentSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    due_at = serializers.DateTimeField()
    status = serializers.CharField()


class RefundPreviewSerializer(serializers.Serializer):
    refund = serializers.DecimalField(max_digits=12, decimal_places=2)
    deduction = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    rule = serializers.CharField()


class ContractRefundSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    deduction = serializers.DecimalField(max_digits=12, decimal_places=2)
    rule = serializers.CharField(source="rule_text")
    status = serializers.CharField()


class ContractSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    season = serializers.IntegerField(source="season_id")
    package = serializers.IntegerField(source="package_id", allow_null=True)
    provider = serializers.CharField(source="provider.public_name")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    clients = serializers.IntegerField()
    price_per_person = serializers.DecimalField(max_digits=10, decimal_places=2,
                                                allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    payment_plan = serializers.CharField()
    channels_acknowledged_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ContractDetailSerializer(ContractSerializer):
    persons = ContractPersonSerializer(many=True, source="persons.all")
    instalments = InstalmentSerializer(many=True, source="instalments.all")
    refund_preview = serializers.SerializerMethodField()
    refund = serializers.SerializerMethodField()
    invitations = serializers.SerializerMethodField(
        help_text="Invited companions as the holder typed them (number masked); each joins "
                  "only by accepting.")

    @extend_schema_field(ContractInvitationSerializer(many=True))
    def get_invitations(self, contract) -> list:
        found = consent_selectors.invitations_for_objects(purpose="packages.contract",
                                                          object_ids=[contract.pk])
        typed = [consent_selectors.invitation_as_typed(i) for i in found.get(contract.pk, [])]
        return ContractInvitationSerializer(typed, many=True).data

    @extend_schema_field(RefundPreviewSerializer(allow_null=True))
    def get_refund_preview(self, contract) -> dict | None:
        preview = contract_refund_preview(contract)
        return RefundPreviewSerializer(preview).data if preview else None

    @extend_schema_field(ContractRefundSerializer(allow_null=True))
    def get_refund(self, contract) -> dict | None:
        refund = getattr(contract, "refund", None) if not contract.is_live else None
        return ContractRefundSerializer(refund).data if refund else None


def contract_refund_preview(contract, now=None):
    """What cancelling now would refund; None when the contract cannot be cancelled."""
    if not contract.is_live:
        return None
    paid = services.contract_amount_paid(contract)
    if selectors.contract_full_refund_right_until(contract=contract,
                                                   now=now or timezone.now()):
        return {"refund": paid, "deduction": Decimal("0.00"), "currency": "SAR",
                "rule": rule_description(services.lowered_service_rule())}
    try:
        quote = refund_quote_for_contract(contract=contract, now=now)
    except RefundError:
        return None
    return {"refund": refund_of_payments(quote, amount_paid=paid), "deduction": quote.deduction,
            "currency": quote.currency, "rule": quote.rule_text}


class ConfirmField(serializers.BooleanField):
    """A confirmation is the JSON value true and nothing else: "yes", 1 or "true" (which a
    BooleanField would take for true) are refused, so no stray value cancels anything."""

    default_error_messages = {"not_true": _("Send true to confirm.")}

    def to_internal_value(self, data):
        if data is not True:
            self.fail("not_true")
        return True


class CancelInputSerializer(InputSerializer):
    confirm = ConfirmField(help_text="true: cancel now, with the refund the cancellation "
                                     "quote gave (GET .../cancellation/).")


class PayInputSerializer(InputSerializer):
    card_token = serializers.CharField(max_length=100,
                                       help_text="Token from the payment page of the gateway.")


# --- Views ------------------------------------------------------------------------------


class PackageListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[PackageFilterSerializer],
                   responses=PackageSummarySerializer(many=True),
                   summary="Published packages (filter and compare)")
    def get(self, request):
        filters = PackageFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        packages = selectors.package_list_rated(filters=filters.validated_data)
        return Response(PackageSummarySerializer(packages, many=True).data)


class PackageDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: PackageDetailSerializer, 404: PackageErrorSerializer},
                   summary="A published package with its service levels and channels")
    def get(self, request, pk):
        package = selectors.package_get_published(pk=pk)
        if package is None:
            raise Http404
        return Response(PackageDetailSerializer(selectors.packages_rate([package])[0]).data)


def own_contract(request, pk):
    contract = selectors.contract_get_for_pilgrim(user=request.user, pk=pk)
    if contract is None:
        raise Http404
    return contract


class ContractListView(APIView):
    @extend_schema(responses=ContractSerializer(many=True), summary="My contracts")
    def get(self, request):
        contracts = selectors.contract_list_for_pilgrim(user=request.user)
        return Response(ContractSerializer(contracts, many=True).data)

    @idempotent("packages.contract_order")
    @extend_schema(request=ContractInputSerializer,
                   responses={201: ContractDetailSerializer, 400: PackageErrorSerializer,
                              403: PackageErrorSerializer, 409: PackageErrorSerializer},
                   summary="Order a package for me and my companions")
    def post(self, request):
        data = ContractInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = data.validated_data
        package = Package.objects.filter(pk=params["package"]).first()
        if package is None:
            raise PackageAPIError(PackageError("not_published"))
        contract = run(
            services.contract_order, acting_user=request.user, package=package,
            holder={"identity_expires_on": params["identity_expires_on"],
                    "last_hajj_year": params.get("last_hajj_year")},
            companions=params["companions"], payment_plan=params["payment_plan"],
            acknowledged_channels=params["acknowledge_channels"],
        )
        body = ContractDetailSerializer(own_contract(request, contract.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ContractDetailView(APIView):
    @extend_schema(responses={200: ContractDetailSerializer, 404: PackageErrorSerializer},
                   summary="One of my contracts, with what cancelling today would refund")
    def get(self, request, pk):
        return Response(ContractDetailSerializer(own_contract(request, pk)).data)


class ContractPayView(APIView):
    @idempotent("packages.contract_pay")
    @extend_schema(request=PayInputSerializer,
                   responses={200: ContractDetailSerializer, 400: PackageErrorSerializer,
                              402: PackageErrorSerializer, 503: PackageErrorSerializer},
                   summary="Pay the next instalment")
    def post(self, request, pk):
        data = PayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = own_contract(request, pk)
        run(services.contract_pay, contract=contract,
            card_token=data.validated_data["card_token"])
        return Response(ContractDetailSerializer(own_contract(request, pk)).data)


class ContractCancellationView(APIView):
    @extend_schema(responses={200: RefundPreviewSerializer, 400: PackageErrorSerializer,
                              404: PackageErrorSerializer},
                   summary="What cancelling one of my contracts now would refund",
                   description="Changes nothing: POST .../cancel/ cancels.")
    def get(self, request, pk):
        preview = contract_refund_preview(own_contract(request, pk))
        if preview is None:
            raise PackageAPIError(PackageError("not_cancellable"))
        return Response(RefundPreviewSerializer(preview).data)


class ContractCancelView(APIView):
    @idempotent("packages.contract_cancel")
    @extend_schema(request=CancelInputSerializer,
                   responses={200: RefundPreviewSerializer, 400: PackageErrorSerializer,
                              404: PackageErrorSerializer},
                   summary="Cancel one of my contracts",
                   description="Needs {\"confirm\": true}; GET .../cancellation/ quotes the "
                               "refund first. A ?preview= parameter is refused here: it "
                               "never cancels.")
    def post(self, request, pk):
        contract = own_contract(request, pk)
        if "preview" in request.query_params:
            # Clients of the old combined endpoint: their preview must not become a cancel.
            raise PackageAPIError(PackageError("preview_elsewhere"))
        CancelInputSerializer(data=request.data).is_valid(raise_exception=True)
        refund = run(services.contract_cancel, contract=contract,
                     reason=Contract.CancelReason.PILGRIM, now=timezone.now(),
                     acting_user=request.user)
        return Response(RefundPreviewSerializer({
            "refund": refund.amount, "deduction": refund.deduction, "currency": "SAR",
            "rule": refund.rule_text}).data)


# --- The payment gateway's webhook ---------------------------------------------------------


class GatewayEventSerializer(InputSerializer):
    """A settlement the payment gateway reports (packages/payments.py, the protocol)."""

    TYPES = ["refund.settled", "refund.failed", "payout.settled", "payout.failed"]

    event_id = serializers.CharField(max_length=100)
    type = serializers.ChoiceField(choices=TYPES)
    id = serializers.CharField(max_length=100)
    key = serializers.CharField(max_length=200)
    amount = AmountField()
    currency = serializers.RegexField(r"^[A-Z]{3}$")
    occurred_at = serializers.DateTimeField()
    reason = serializers.CharField(max_length=500, allow_blank=True, required=False,
                                   default="")


class GatewayEventAnswerSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    applied = serializers.BooleanField(help_text="False: this event_id was received before, "
                                                 "and nothing changed.")


class GatewayEventView(APIView):
    """The payment gateway's signed webhook: a refund or payout settled or failed."""

    authentication_classes = [signed_by("PAYMENT_GATEWAY_WEBHOOK_SECRETS")]
    permission_classes = [HasValidSignature]

    @extend_schema(request=GatewayEventSerializer,
                   responses={200: GatewayEventAnswerSerializer, 400: PackageErrorSerializer,
                              409: PackageErrorSerializer},
                   summary="The payment gateway reports a settlement",
                   description="Signed with HMAC-SHA256 over X-Timestamp + \".\" + the raw "
                               "body (portal/signing.py). An event_id received before answers "
                               "200 with applied false and changes nothing.")
    def post(self, request):
        data = GatewayEventSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        applied = run(refunding.gateway_event_receive, event=data.validated_data)
        return Response({"event_id": data.validated_data["event_id"], "applied": applied})
