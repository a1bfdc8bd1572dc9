"""The pilgrim's own profile over the API: GET and PUT /api/v1/accounts/profile/, and the
change of its mobile number, confirmed by a code sent to the new number:
POST /api/v1/accounts/profile/mobile/ then POST /api/v1/accounts/profile/mobile/confirm/."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.serializers import BirthDateInEitherCalendar, HijriOfDateField, InputSerializer

from .errors import STATUS, AccountsError
from .identity import validate_identity_number
from .models import PilgrimProfile
from .selectors import profile_for_user
from .services import mobile_change_confirm, mobile_change_start, profile_save


class ProfileInputSerializer(BirthDateInEitherCalendar, InputSerializer):
    full_name = serializers.CharField(max_length=200)
    id_type = serializers.ChoiceField(choices=PilgrimProfile.IdType.choices)
    id_number = serializers.CharField(max_length=20)
    nationality = serializers.ChoiceField(choices=countries)
    gender = serializers.ChoiceField(choices=PilgrimProfile.Gender.choices)
    mobile = PhoneNumberField(help_text=_("E.164, e.g. +966501234567."))
    preferred_language = serializers.ChoiceField(choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = settings.LANGUAGES

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            validate_identity_number(attrs["id_type"], attrs["id_number"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"id_number": get_error_detail(exc)}) from exc
        return attrs


class ProfileOutputSerializer(serializers.ModelSerializer):
    mobile = serializers.CharField(help_text=_("E.164, e.g. +966501234567."))
    email = serializers.EmailField(source="user.email", read_only=True)
    date_of_birth_hijri = HijriOfDateField(source="date_of_birth")

    class Meta:
        model = PilgrimProfile
        fields = ("email", "full_name", "id_type", "id_number", "nationality", "gender",
                  "date_of_birth", "date_of_birth_hijri", "mobile", "preferred_language",
                  "updated_at")
        read_only_fields = fields


ERROR = inline_serializer("AccountsError", {
    "code": serializers.CharField(), "detail": serializers.CharField(),
    "errors": serializers.DictField(required=False),
})


class ProfileView(APIView):
    """The signed-in user's own profile; nobody reads or writes another's here."""

    @extend_schema(
        operation_id="accounts_profile_retrieve", tags=["accounts"],
        responses={200: ProfileOutputSerializer,
                   404: OpenApiResponse(ERROR, description=_("No profile yet."))},
    )
    def get(self, request):
        profile = profile_for_user(request.user)
        if profile is None:
            raise NotFound(_("You have not completed your profile yet."), code="profile_missing")
        return Response(ProfileOutputSerializer(profile).data)

    @extend_schema(
        operation_id="accounts_profile_update", tags=["accounts"],
        request=ProfileInputSerializer,
        responses={200: ProfileOutputSerializer,
                   400: OpenApiResponse(ERROR, description=_("Invalid input."))},
    )
    def put(self, request):
        """Create or replace the profile (all fields required). The mobile number of an
        existing profile changes only through profile/mobile/ (a code sent to it): here it
        must be the current one."""
        serializer = ProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            profile = profile_save(user=request.user, acting_user=request.user,
                                   data=serializer.validated_data)
        except AccountsError as exc:
            field = "mobile" if exc.code == "mobile_needs_code" else "id_number"
            raise serializers.ValidationError(
                {field: [serializers.ErrorDetail(exc.message, code=exc.code)]}
            ) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return Response(ProfileOutputSerializer(profile).data, status=status.HTTP_200_OK)


class AccountsRefused(APIException):
    """An AccountsError in the API's one error shape, with its status (accounts.errors)."""

    def __init__(self, error: AccountsError):
        self.status_code = STATUS.get(error.code, 400)
        super().__init__(detail=error.message, code=error.code)


class MobileChangeInputSerializer(InputSerializer):
    mobile = PhoneNumberField(help_text=_("The new number, E.164, e.g. +966501234567."))


class MobileCodeInputSerializer(InputSerializer):
    code = serializers.CharField(max_length=12, help_text=_("The 6-digit code from the SMS."))


class MobileChangeOutputSerializer(serializers.Serializer):
    mobile = serializers.CharField(help_text=_("The number the code was sent to."))
    expires_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField()


class MobileChangeView(APIView):
    """Ask for a new mobile number: a code goes to it by SMS; asking again sends a new code
    (not sooner than the resend wait). The profile keeps its number until confirmed."""

    @extend_schema(
        operation_id="accounts_profile_mobile_change", tags=["accounts"],
        request=MobileChangeInputSerializer,
        responses={202: MobileChangeOutputSerializer,
                   400: OpenApiResponse(ERROR, description=_("Invalid input.")),
                   429: OpenApiResponse(ERROR, description=_("A code was sent a moment ago."))},
    )
    def post(self, request):
        serializer = MobileChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            change = mobile_change_start(user=request.user, acting_user=request.user,
                                         mobile=serializer.validated_data["mobile"])
        except AccountsError as exc:
            raise AccountsRefused(exc) from exc
        return Response(MobileChangeOutputSerializer(change).data,
                        status=status.HTTP_202_ACCEPTED)


class MobileConfirmView(APIView):
    """The code from the SMS: the profile's mobile becomes the new number, and the old number
    is told by SMS."""

    @extend_schema(
        operation_id="accounts_profile_mobile_confirm", tags=["accounts"],
        request=MobileCodeInputSerializer,
        responses={200: ProfileOutputSerializer,
                   400: OpenApiResponse(ERROR, description=_("Wrong or expired code.")),
                   404: OpenApiResponse(ERROR, description=_("No change waits for a code."))},
    )
    def post(self, request):
        serializer = MobileCodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            profile = mobile_change_confirm(user=request.user, acting_user=request.user,
                                            code=serializer.validated_data["code"])
        except AccountsError as exc:
            raise AccountsRefused(exc) from exc
        return Response(ProfileOutputSerializer(profile).data)
