"""REST API for the permits a pilgrim applies for rather than books in a slot: Hajj permit
requests, vehicle entry permits and the waiting list of a full slot.

The same services as the pages (permits/views.py hajj, vehicle, waitlist_join,
waitlist_confirm), in the error shape of the bookings API (permits/api.py). A pilgrim only
ever finds their own records: anyone else's is "not found", not "forbidden", so the API does
not tell which ids exist.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCompleteProfile
from portal.idempotency import idempotent
from portal.serializers import InputSerializer

from . import booking as bookings
from . import selectors, services
from .api import (
    BookingPersonSerializer,
    BookingSerializer,
    CompanionInputSerializer,
    ErrorSerializer,
    PermitAPIError,
    QueueRefusalSerializer,
    SlotSerializer,
    companions_from,
    idempotency_key,
    queue_response,
    run,
)
from .errors import PermitError
from .models import Booking, Slot, WaitlistEntry


class WritesNeedProfile:
    """Reading one's own records needs the login only; applying, cancelling, confirming and
    leaving need the complete profile, as the pages do (accounts.decorators.profile_required).
    """

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method == "POST":
            permissions.append(HasCompleteProfile())
        return permissions


# --- Serializers (named explicitly: they are schema components) ----------------------------

class _IssuedPermitFields(serializers.ModelSerializer):
    """The permit of a booking, once issued: its number, state and signed QR code."""

    # One enum for bookings, Hajj requests and vehicle permits: BookingStatusEnum, named in
    # the settings' ENUM_NAME_OVERRIDES.
    status = serializers.ChoiceField(choices=Booking.Status.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    permit_number = serializers.SerializerMethodField()
    permit_status = serializers.SerializerMethodField()
    permit_code = serializers.SerializerMethodField(
        help_text=_("The signed code the permit's QR carries, verifiable offline with the "
                    "public key."))

    def get_permit_number(self, booking) -> str | None:
        permit = getattr(booking, "permit", None)
        return permit.number if permit else None

    def get_permit_status(self, booking) -> str | None:
        permit = getattr(booking, "permit", None)
        return permit.status if permit else None

    def get_permit_code(self, booking) -> str | None:
        permit = getattr(booking, "permit", None)
        return services.permit_code(permit=permit) if permit else None


class HajjPermitRequestSerializer(_IssuedPermitFields):
    """A Hajj permit request: staff decide it within the working days; once issued it
    carries its permit."""

    contract_reference = serializers.CharField(source="contract.reference", read_only=True)
    persons = BookingPersonSerializer(many=True, read_only=True)
    due_by = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text=_("Staff decide by the end of this working day."))
    decision_reason = serializers.CharField(
        source="refusal_reason", read_only=True,
        help_text=_("Why the request was refused; empty unless it was."))

    class Meta:
        model = Booking
        fields = ["id", "status", "status_label", "contract", "contract_reference", "seats",
                  "persons", "created_at", "due_by", "decided_at", "decision_reason",
                  "permit_number", "permit_status", "permit_code", "cancelled_at"]
        read_only_fields = fields


class HajjPermitRequestInputSerializer(InputSerializer):
    contract = serializers.IntegerField(
        help_text=_("The id of one of your own paid package contracts."))


class VehiclePermitSerializer(_IssuedPermitFields):
    """A vehicle entry permit to the holy sites for the days it names, issued at once."""

    days = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = ["id", "status", "status_label", "plate_number", "vehicle_type", "driver_name",
                  "driver_id_number", "days", "created_at", "cancelled_at", "permit_number",
                  "permit_status", "permit_code"]
        read_only_fields = fields

    def get_days(self, booking) -> list[date]:
        return [row.day for row in booking.vehicle_days.all()]


class VehiclePermitInputSerializer(InputSerializer):
    # The same limits as the page's form (permits/forms.py VehicleForm).
    plate_number = serializers.CharField(max_length=20)
    vehicle_type = serializers.CharField(max_length=50)
    driver_name = serializers.CharField(max_length=200)
    driver_id_number = serializers.CharField(max_length=30)
    days = serializers.ListField(child=serializers.DateField(), allow_empty=False,
                                 help_text=_("The days the vehicle enters the holy sites."))


class WaitlistEntrySerializer(serializers.ModelSerializer):
    """A party waiting for seats in a full slot, offered them together in turn."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    slot = SlotSerializer(read_only=True)
    party_size = serializers.IntegerField(source="seats", read_only=True)
    position = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text=_("Place in the slot's line while waiting, 1 being the next offered."))
    offer_expires_at = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text=_("Confirm the offer before this moment, or it passes to the next in line."))

    class Meta:
        model = WaitlistEntry
        fields = ["id", "status", "status_label", "slot", "party_size", "position",
                  "created_at", "offered_at", "offer_expires_at", "booking"]
        read_only_fields = fields


class WaitlistJoinInputSerializer(InputSerializer):
    slot = serializers.IntegerField(help_text=_("The id of a full slot."))
    companions = CompanionInputSerializer(many=True, required=False, default=list)


class WaitlistConfirmInputSerializer(InputSerializer):
    accept_instructions = serializers.BooleanField(required=False, default=False)


# --- Hajj permit requests ------------------------------------------------------------------

class HajjRequestListView(WritesNeedProfile, APIView):
    @extend_schema(responses=HajjPermitRequestSerializer(many=True),
                   summary=_("My Hajj permit requests"))
    def get(self, request):
        requests = selectors.hajj_requests_for_user(user=request.user)
        return Response(HajjPermitRequestSerializer(requests, many=True).data)

    @idempotent("permits.hajj_request")
    @extend_schema(
        request=HajjPermitRequestInputSerializer,
        responses={201: HajjPermitRequestSerializer, 400: ErrorSerializer,
                   403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
        summary=_("Request the Hajj permit for a paid contract"),
        description=_("Staff decide within the working days of the season's rule."))
    def post(self, request):
        data = HajjPermitRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = get_object_or_404(request.user.contracts.all(),
                                     pk=data.validated_data["contract"])
        booking = run(services.hajj_request_create, acting_user=request.user, contract=contract,
                      idempotency_key=idempotency_key(request))
        return Response(HajjPermitRequestSerializer(booking).data,
                        status=status.HTTP_201_CREATED)


class HajjRequestCancelView(WritesNeedProfile, APIView):
    @extend_schema(request=None,
                   responses={200: HajjPermitRequestSerializer, 400: ErrorSerializer,
                              404: ErrorSerializer},
                   summary=_("Cancel my Hajj permit request or permit"))
    def post(self, request, pk):
        booking = get_object_or_404(selectors.hajj_requests_for_user(user=request.user), pk=pk)
        run(services.booking_cancel, booking=booking, acting_user=request.user)
        booking = selectors.hajj_requests_for_user(user=request.user).get(pk=pk)
        return Response(HajjPermitRequestSerializer(booking).data)


# --- Vehicle entry permits -----------------------------------------------------------------

class VehiclePermitListView(WritesNeedProfile, APIView):
    @extend_schema(responses=VehiclePermitSerializer(many=True),
                   summary=_("My vehicle entry permits"))
    def get(self, request):
        permits = selectors.vehicle_permits_for_user(user=request.user)
        return Response(VehiclePermitSerializer(permits, many=True).data)

    @idempotent("permits.vehicle_permit")
    @extend_schema(
        request=VehiclePermitInputSerializer,
        responses={201: VehiclePermitSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                   409: ErrorSerializer},
        summary=_("Apply for a vehicle entry permit (issued at once)"))
    def post(self, request):
        data = VehiclePermitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = run(services.vehicle_permit_create, acting_user=request.user,
                      idempotency_key=idempotency_key(request), **data.validated_data)
        return Response(VehiclePermitSerializer(booking).data, status=status.HTTP_201_CREATED)


# --- Waiting list --------------------------------------------------------------------------

def _own_entry(request, pk) -> WaitlistEntry:
    return get_object_or_404(selectors.waitlist_entries_for_user(user=request.user), pk=pk)


def _entry_data(request, entry) -> dict:
    """The entry read again, so its position in line is the one after the change."""
    entry = selectors.waitlist_entries_for_user(user=request.user).get(pk=entry.pk)
    return WaitlistEntrySerializer(entry).data


class WaitlistListView(WritesNeedProfile, APIView):
    @extend_schema(responses=WaitlistEntrySerializer(many=True),
                   summary=_("My waiting-list entries"))
    def get(self, request):
        entries = selectors.waitlist_entries_for_user(user=request.user)
        return Response(WaitlistEntrySerializer(entries, many=True).data)

    @idempotent("permits.waitlist_join")
    @extend_schema(
        request=WaitlistJoinInputSerializer,
        parameters=[OpenApiParameter(
            "Queue-Pass", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
            description=_("The waiting room's pass, needed to join the waiting list of a slot "
                          "of an open release; used up by the join."))],
        responses={201: WaitlistEntrySerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                   404: ErrorSerializer, 429: QueueRefusalSerializer, 503: ErrorSerializer},
        summary=_("Join the waiting list of a full slot"),
        description=_("When seats free up they are offered by SMS to the first party that "
                      "fits; confirm the offer before it expires."))
    def post(self, request):
        data = WaitlistJoinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = Slot.objects.filter(pk=data.validated_data["slot"]).first()
        if slot is None:
            raise PermitAPIError(PermitError("no_slot"))
        # A retried join (same key, or the account already in the slot's line) answers with
        # the entry it made the first time, as a repeated booking does.
        # A slot of an open release needs the waiting room's pass (Queue-Pass), as booking.
        entry = run(_waitlist_join, user=request.user, slot=slot,
                    companions=data.validated_data["companions"],
                    idempotency_key=idempotency_key(request),
                    queue_pass=request.headers.get("Queue-Pass", ""))
        return Response(_entry_data(request, entry), status=status.HTTP_201_CREATED)

    def handle_exception(self, exc):
        error = exc.__cause__ if isinstance(exc, PermitAPIError) else None
        if isinstance(error, PermitError) and error.code == "queue":
            return queue_response(request=self.request, error=error)
        return super().handle_exception(exc)


@transaction.atomic
def _waitlist_join(*, user, slot, companions, idempotency_key, queue_pass) -> WaitlistEntry:
    # The companions are recorded in the same transaction as the entry, so a refused join
    # leaves nothing behind.
    return bookings.waitlist_join(acting_user=user, slot=slot,
                                  companions=companions_from(user, companions),
                                  idempotency_key=idempotency_key, queue_pass=queue_pass)


class WaitlistConfirmView(WritesNeedProfile, APIView):
    @extend_schema(
        request=WaitlistConfirmInputSerializer,
        responses={201: BookingSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                   404: ErrorSerializer, 409: ErrorSerializer},
        summary=_("Accept the seats offered to my waiting-list entry"),
        description=_("Books the held seats and issues the permit, the rules checked again "
                      "for every person."))
    def post(self, request, pk):
        entry = _own_entry(request, pk)
        data = WaitlistConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = run(services.waitlist_confirm, token=entry.token, acting_user=request.user,
                      instructions_accepted=data.validated_data["accept_instructions"])
        booking = selectors.booking_list_for_user(user=request.user).get(pk=booking.pk)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class WaitlistLeaveView(WritesNeedProfile, APIView):
    @extend_schema(
        request=None,
        responses={200: WaitlistEntrySerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        summary=_("Leave a waiting list"),
        description=_("Seats already offered to the entry pass to the next in line."))
    def post(self, request, pk):
        entry = run(services.waitlist_leave, entry=_own_entry(request, pk),
                    acting_user=request.user)
        return Response(_entry_data(request, entry))
