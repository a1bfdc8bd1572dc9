"""REST API for permits (mobile apps depend on this shape; see the issue). Views stay thin."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import IdType
from consent import selectors as consent_selectors
from portal.idempotency import idempotent
from portal.serializers import InputSerializer

from . import booking as bookings
from . import selectors, services, signing, waiting_room
from .errors import PermitError
from .models import Booking, PermitService, Release, Slot
from .queue_refusal import key_recorded


class PermitAPIError(APIException):
    """A PermitError in the API's one error shape: {"code": ..., "detail": ...}."""

    def __init__(self, error: PermitError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


def idempotency_key(request) -> str:
    """The request's Idempotency-Key header, cut to the length bookings and waiting-list
    entries keep."""
    return request.headers.get("Idempotency-Key", "")[:KEY_LENGTH]


KEY_LENGTH = Booking._meta.get_field("idempotency_key").max_length


def run(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except PermitError as error:
        raise PermitAPIError(error) from error


class CanAddSlots(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm("permits.add_slot"))


# --- Serializers (named explicitly: they are schema components) --------------------------

class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class QueueSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="GET it for the state; signed, bound to the account.")
    position = serializers.IntegerField(allow_null=True,
                                        help_text="Null in the pre-queue (drawn at opening).")
    estimated_wait_s = serializers.IntegerField(allow_null=True)
    retry_after_ms = serializers.IntegerField(
        help_text="Poll the url after this many milliseconds (Retry-After in whole seconds).")


class QueueRefusalSerializer(ErrorSerializer):
    queue = QueueSerializer()


class ServiceSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    instructions = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField(
        help_text="Whether the signed-in person may use this service (their gender, profile, "
                  "Hajj eligibility); always true for an anonymous caller.")
    unavailable_reason = serializers.SerializerMethodField(
        help_text="Why not, in plain words in the request's language; null when available.")

    class Meta:
        model = PermitService
        fields = ["code", "name", "kind", "gender", "description", "instructions", "available",
                  "unavailable_reason"]

    def _unavailable(self, service):
        return self.context.get("availability", {}).get(service.pk)

    def get_available(self, service) -> bool:
        return self._unavailable(service) is None

    def get_unavailable_reason(self, service) -> str | None:
        unavailable = self._unavailable(service)
        return unavailable.reason if unavailable else None

    def get_name(self, service) -> str:
        return service.safe_translation_getter("name", any_language=True) or service.code

    def get_description(self, service) -> str:
        return service.safe_translation_getter("description", any_language=True) or ""

    def get_instructions(self, service) -> str:
        return service.safe_translation_getter("instructions", any_language=True) or ""


class SlotSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Slot
        fields = ["id", "service", "starts_at", "ends_at", "capacity", "remaining"]


# The slot list is the read every pilgrim's app polls while choosing, and serializing 45 slot
# instances through the ModelSerializer was 70% of its CPU. The seats are read live, with the
# times, in one query of plain rows on every request, so a booking or a cancellation shows at
# once in every process with nothing to invalidate; only the formatted rows (id, service,
# times) are kept per process, keyed by service, day and time zone, and used only while the
# live rows carry the same slots at the same times (a slot added, moved or removed rebuilds
# them). No Redis: a cache of formatting, worth less than a round trip.
_SLOT_ROWS_KEPT = 512
_slot_rows: dict = {}
_slot_times = serializers.DateTimeField()


def slot_rows(*, service: PermitService, day) -> list[dict]:
    """The slots of a service on a day as SlotSerializer gives them, seats as of now."""
    live = list(selectors.slot_list(service=service, day=day)
                .values_list("pk", "starts_at", "ends_at", "capacity", "remaining"))
    key = (service.pk, day, timezone.get_current_timezone_name())
    static = _slot_rows.get(key)
    if static is None or [(pk, starts, ends) for pk, starts, ends, *_ in live] != static[0]:
        static = ([(pk, starts, ends) for pk, starts, ends, *_ in live],
                  [{"id": pk, "service": service.code,
                    "starts_at": _slot_times.to_representation(starts),
                    "ends_at": _slot_times.to_representation(ends)}
                   for pk, starts, ends, *_ in live])
        if len(_slot_rows) >= _SLOT_ROWS_KEPT:
            _slot_rows.clear()
        _slot_rows[key] = static
    return [{**row, "capacity": capacity, "remaining": remaining}
            for row, (*_, capacity, remaining) in zip(static[1], live, strict=True)]


class SlotQuerySerializer(InputSerializer):
    service = serializers.SlugRelatedField(slug_field="code", queryset=PermitService.objects.all())
    date = serializers.DateField()


class SlotInputSerializer(InputSerializer):
    service = serializers.SlugRelatedField(slug_field="code", queryset=PermitService.objects.all())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        if attrs["ends_at"] <= attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": "ends_at must be after starts_at."})
        return attrs


class CompanionInputSerializer(InputSerializer):
    """One companion: one of my dependants, or a person invited by identity number and
    mobile, who joins only by accepting (their seat is held meanwhile)."""

    dependant = serializers.IntegerField(required=False,
                                         help_text="The id of one of my dependants.")
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=15, required=False)
    mobile = serializers.CharField(max_length=20, required=False,
                                   help_text="The companion's mobile, e.g. +966501234567.")

    def validate(self, attrs):
        invited = [attrs.get(field) for field in ("id_type", "id_number", "mobile")]
        if attrs.get("dependant") is not None and not any(invited):
            return {"dependant": attrs["dependant"]}
        if attrs.get("dependant") is None and all(invited):
            return {field: attrs[field] for field in ("id_type", "id_number", "mobile")}
        raise serializers.ValidationError(
            "Give either dependant, or id_type, id_number and mobile.")


class BookingInputSerializer(InputSerializer):
    slot = serializers.IntegerField(help_text="Slot id")
    companions = CompanionInputSerializer(many=True, required=False, default=list)
    accept_instructions = serializers.BooleanField(required=False, default=False)


class BookingPersonSerializer(serializers.Serializer):
    full_name = serializers.CharField(source="display_name",
                                      help_text="As the booker gave it (own or dependant's).")
    role = serializers.CharField()


class InvitationAsTypedSerializer(serializers.Serializer):
    """An invited companion as the booker typed them; never who the number belongs to."""

    id = serializers.IntegerField()
    id_type = serializers.CharField()
    id_number = serializers.CharField(help_text="Masked.")
    mobile = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "accepted", "declined", "lapsed",
                                              "withdrawn"])
    status_label = serializers.CharField(help_text="The status in the language asked for.")
    expires_at = serializers.DateTimeField()


def booking_invitations(booking) -> list[dict]:
    invitations = getattr(booking, "consent_invitations", None)
    if invitations is None:
        invitations = consent_selectors.invitations_for_objects(
            purpose=services.INVITATION_PURPOSE, object_ids=[booking.pk])[booking.pk]
    return [consent_selectors.invitation_as_typed(i) for i in invitations]


class BookingSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    slot = SlotSerializer(read_only=True, allow_null=True)
    permit_number = serializers.SerializerMethodField()
    permit_status = serializers.SerializerMethodField()
    permit_code = serializers.SerializerMethodField()
    persons = BookingPersonSerializer(many=True, read_only=True)
    invitations = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = ["id", "status", "permit_number", "permit_status", "permit_code", "service",
                  "slot", "seats", "persons", "invitations", "created_at", "cancelled_at",
                  "due_by"]

    @extend_schema_field(InvitationAsTypedSerializer(many=True))
    def get_invitations(self, booking):
        return InvitationAsTypedSerializer(booking_invitations(booking), many=True).data

    def _permit(self, booking):
        return getattr(booking, "permit", None)

    def get_permit_number(self, booking) -> str | None:
        permit = self._permit(booking)
        return permit.number if permit else None

    def get_permit_status(self, booking) -> str | None:
        permit = self._permit(booking)
        return permit.status if permit else None

    def get_permit_code(self, booking) -> str | None:
        """The signed code the QR carries, verifiable offline with the public key."""
        permit = self._permit(booking)
        return services.permit_code(permit=permit) if permit else None


# Output fields shared with the serializers above, so the hand-built payload renders the same.
_DATETIME = serializers.DateTimeField()


def booking_payload(booking) -> dict:
    """BookingSerializer's output for a booking just made, without its per-call field setup.

    The booking POST is the rush-hour endpoint: a ModelSerializer builds its fields anew for
    every response, which cost about as much CPU as the booking's SQL. A test keeps the two
    identical (tests/test_permits_booking_fast_path.py).
    """
    slot, permit = booking.slot, getattr(booking, "permit", None)

    def when(value):
        return _DATETIME.to_representation(value) if value else None

    return {
        "id": booking.pk, "status": booking.status,
        "permit_number": permit.number if permit else None,
        "permit_status": permit.status if permit else None,
        "permit_code": services.permit_code(permit=permit) if permit else None,
        "service": booking.service.code,
        "slot": slot and {"id": slot.pk, "service": booking.service.code,
                          "starts_at": when(slot.starts_at), "ends_at": when(slot.ends_at),
                          "capacity": slot.capacity, "remaining": slot.remaining},
        "seats": booking.seats,
        "persons": [{"full_name": row.display_name, "role": row.role}
                    for row in booking.party],
        "invitations": [{**row, "expires_at": when(row["expires_at"])}
                        for row in booking_invitations(booking)],
        "created_at": when(booking.created_at), "cancelled_at": when(booking.cancelled_at),
        "due_by": when(booking.due_by),
    }


def companions_from(user, data):
    return services.companions_from(user=user, data=data)


# --- Views --------------------------------------------------------------------------------

class ServiceListView(APIView):
    @extend_schema(responses=ServiceSerializer(many=True), summary="Permit services")
    def get(self, request):
        services = list(selectors.service_list())
        availability = selectors.service_availability(user=request.user, services=services)
        return Response(ServiceSerializer(services, many=True,
                                          context={"availability": availability}).data)


class SlotListView(APIView):
    def get_permissions(self):
        if self.request.method == "POST":
            return [*super().get_permissions(), CanAddSlots()]
        return super().get_permissions()

    @extend_schema(
        parameters=[
            OpenApiParameter("service", OpenApiTypes.STR, required=True,
                             enum=["hajj", "umrah", "rawdah_men", "rawdah_women",
                                   "mashair_vehicle"]),
            OpenApiParameter("date", OpenApiTypes.DATE, required=True),
        ],
        responses=SlotSerializer(many=True), summary="Slots of a service on a day",
    )
    def get(self, request):
        query = SlotQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(slot_rows(service=query.validated_data["service"],
                                  day=query.validated_data["date"]))

    @extend_schema(request=SlotInputSerializer,
                   responses={201: SlotSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
                   summary="Create a slot (staff)")
    def post(self, request):
        data = SlotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = run(services.slot_create, **data.validated_data)
        return Response(SlotSerializer(slot).data, status=status.HTTP_201_CREATED)


class BookingListView(APIView):
    @extend_schema(responses=BookingSerializer(many=True), summary="My bookings")
    def get(self, request):
        bookings = selectors.with_invitations(selectors.booking_list_for_user(user=request.user))
        return Response(BookingSerializer(bookings, many=True).data)

    # Each key marked before its claim: hajjportal/wsgi.py then leaves a retry under it to
    # Django, which replays what is stored.
    @idempotent("permits.booking", before_claim=key_recorded)
    @extend_schema(
        request=BookingInputSerializer,
        parameters=[OpenApiParameter(
            "Queue-Pass", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
            description="The pass the waiting room gave this account (GET on the queue url), "
                        "needed to book a slot of an open release; used up by the booking.")],
        responses={201: BookingSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                   409: ErrorSerializer, 429: QueueRefusalSerializer,
                   503: ErrorSerializer},
        summary="Book a slot (permit issued at once)",
    )
    def post(self, request):
        data = BookingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = run(self._book, request, data.validated_data)
        return Response(booking_payload(booking), status=status.HTTP_201_CREATED)

    def _book(self, request, data):
        return bookings.booking_create(
            acting_user=request.user, slot=Slot(pk=data["slot"]),
            companions=companions_from(request.user, data["companions"]),
            instructions_accepted=data["accept_instructions"],
            idempotency_key=idempotency_key(request),
            queue_pass=request.headers.get("Queue-Pass", ""))

    def handle_exception(self, exc):
        error = exc.__cause__ if isinstance(exc, PermitAPIError) else None
        if isinstance(error, PermitError) and error.code == "queue":
            return queue_response(request=self.request, error=error)
        return super().handle_exception(exc)


def queue_response(*, request, error: PermitError) -> Response:
    """429 with the account's place: {"code": "queue", "detail", "queue": {url, position,
    estimated_wait_s, retry_after_ms}}, and Retry-After from the queue."""
    release, place = error.queue
    url = request.build_absolute_uri(
        waiting_room.poll_path(release_id=release.id, user_id=request.user.pk))
    return Response(
        {"code": "queue", "detail": str(error.message),
         "queue": {"url": url, "position": place.position,
                   "estimated_wait_s": place.estimated_wait_s,
                   "retry_after_ms": place.retry_after_ms}},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(max(1, place.retry_after_s))})


class BookingCancelView(APIView):
    @extend_schema(request=None, responses={200: BookingSerializer, 400: ErrorSerializer},
                   summary="Cancel my booking")
    def post(self, request, pk):
        booking = get_object_or_404(Booking, pk=pk, user=request.user)
        run(services.booking_cancel, booking=booking, acting_user=request.user)
        booking = selectors.booking_list_for_user(user=request.user).get(pk=pk)
        return Response(BookingSerializer(booking).data)


class BookedInMyNameSerializer(serializers.ModelSerializer):
    """A booking another account made with me on it: its service and slot, for me to see and
    leave; the booker is named by their own profile name."""

    service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    slot = SlotSerializer(read_only=True)
    booked_by = serializers.CharField(source="user.profile.full_name", default="")

    class Meta:
        model = Booking
        fields = ["id", "status", "service", "slot", "booked_by", "created_at"]
        read_only_fields = fields


class BookedInMyNameView(APIView):
    @extend_schema(responses=BookedInMyNameSerializer(many=True),
                   summary="Bookings others made with me on them")
    def get(self, request):
        bookings = selectors.booked_by_others_for_user(user=request.user)
        return Response(BookedInMyNameSerializer(bookings, many=True).data)


class BookingLeaveView(APIView):
    @extend_schema(request=None, responses={200: BookedInMyNameSerializer,
                                            400: ErrorSerializer, 404: ErrorSerializer},
                   summary="Take myself off a booking another account made")
    def post(self, request, pk):
        booking = get_object_or_404(selectors.booked_by_others_for_user(user=request.user),
                                    pk=pk)
        booking = run(services.booking_leave, booking=booking, acting_user=request.user)
        return Response(BookedInMyNameSerializer(booking).data)


# --- Releases and their waiting room -----------------------------------------------------

class ReleaseSalesSerializer(serializers.Serializer):
    """What the release's slots sold since its pre-queue opened, from its own bookings."""

    seats = serializers.IntegerField(
        help_text="Seats booked (a booking cancelled since counts: it was sold then).")
    first_booked_at = serializers.DateTimeField(source="first_at", allow_null=True)
    last_booked_at = serializers.DateTimeField(source="last_at", allow_null=True)
    span_s = serializers.FloatField(source="span_seconds", allow_null=True,
                                    help_text="From the first booking to the last.")
    sustained_per_second = serializers.FloatField(
        source="per_second", allow_null=True,
        help_text="Seats over the span, a span of at least one second; null before any sale.")
    busiest_second_seats = serializers.IntegerField(
        help_text="The most seats booked within one second of the clock.")


class ReleaseSerializer(serializers.ModelSerializer):
    # `sales` of a whole list are read in one query when the view passes them in the context
    # ("sales": release id -> selectors.ReleaseSales); otherwise each release reads its own.
    service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    slots = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sales = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = ["id", "service", "slots", "opens_at", "prequeue_minutes", "admit_per_second",
                  "pass_seconds", "sales"]

    @extend_schema_field(ReleaseSalesSerializer)
    def get_sales(self, release):
        known = self.context.get("sales", {})
        sales = known[release.pk] if release.pk in known else selectors.release_sales(release)
        return ReleaseSalesSerializer(sales).data


class ReleaseInputSerializer(InputSerializer):
    service = serializers.SlugRelatedField(slug_field="code", queryset=PermitService.objects.all())
    slots = serializers.PrimaryKeyRelatedField(many=True, queryset=Slot.objects.all(),
                                               allow_empty=False)
    opens_at = serializers.DateTimeField()
    prequeue_minutes = serializers.IntegerField(min_value=0, max_value=24 * 60)
    admit_per_second = serializers.IntegerField(min_value=1, max_value=100_000)
    pass_seconds = serializers.IntegerField(min_value=1, max_value=24 * 3600, required=False)


class ReleaseListView(APIView):
    """Releases behind the waiting room: for staff who may add slots."""

    permission_classes = [CanAddSlots]

    @extend_schema(responses=ReleaseSerializer(many=True), summary="Releases (staff)")
    def get(self, request):
        releases = list(selectors.release_list())
        sales = selectors.release_sales_of(release.pk for release in releases)
        return Response(ReleaseSerializer(releases, many=True, context={"sales": sales}).data)

    @extend_schema(request=ReleaseInputSerializer,
                   responses={201: ReleaseSerializer, 400: ErrorSerializer,
                              403: ErrorSerializer},
                   summary="Create a release (staff)")
    def post(self, request):
        data = ReleaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            release = services.release_create(acting_user=request.user, **data.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


class QueuePlaceSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=list(waiting_room.STATES))
    position = serializers.IntegerField(allow_null=True)
    estimated_wait_s = serializers.IntegerField(allow_null=True)
    retry_after_s = serializers.IntegerField(
        help_text="Poll again after this many seconds (0: no need to), rounded up.")
    retry_after_ms = serializers.IntegerField(
        help_text=f"Poll again after this many milliseconds (0: no need to): when the line "
                  f"should have reached this place, at most {waiting_room.POLL_LATEST_MS} ms "
                  f"while waiting. Prefer it to retry_after_s: the admitted then book when "
                  f"their turn comes, not all at the next whole second.")
    # The serializer's field is named for the JSON key "pass" (a Python keyword).
    vars()["pass"] = serializers.CharField(
        allow_null=True, help_text="When admitted: send it as the Queue-Pass header.")
    seats_left = serializers.IntegerField()
    pass_valid_s = serializers.IntegerField(help_text="When admitted: seconds left to book.")


class QueuePollView(APIView):
    """The poll, as the schema and the test client see it. In production hajjportal/wsgi.py
    answers this path before Django (waiting_room.wsgi_poll), with the same answer."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []

    @extend_schema(responses={200: QueuePlaceSerializer, 404: ErrorSerializer,
                              503: ErrorSerializer},
                   summary="My place in a release's waiting room")
    def get(self, request, token):
        code, body = waiting_room.poll_answer(token)
        headers = {"Cache-Control": "no-store"}
        if code == 200 and body.get("retry_after_s"):
            headers["Retry-After"] = str(body["retry_after_s"])
        return Response(body, status=code, headers=headers)


class PublicKeyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses=inline_serializer("PermitPublicKey", {
            "algorithm": serializers.CharField(), "format": serializers.CharField(),
            "public_key": serializers.CharField()}),
        summary="Public key for verifying permit codes offline",
    )
    def get(self, request):
        return Response({"algorithm": "Ed25519", "format": "HP1.<payload>.<signature>",
                         "public_key": signing.public_key_pem()})
