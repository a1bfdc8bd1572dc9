"""The pilgrim's own profile over the API: GET and PUT /api/v1/accounts/profile/."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.serializers import BirthDateField, InputSerializer

from .errors import AccountsError
from .identity import validate_identity_number
from .models import PilgrimProfile
from .selectors import profile_for_user
from .services import profile_save


class ProfileInputSerializer(InputSerializer):
    full_name = serializers.CharField(max_length=200)
    id_type = serializers.ChoiceField(choices=PilgrimProfile.IdType.choices)
    id_number = serializers.CharField(max_length=20)
    nationality = serializers.ChoiceField(choices=countries)
    gender = serializers.ChoiceField(choices=PilgrimProfile.Gender.choices)
    date_of_birth = BirthDateField()
    mobile = PhoneNumberField(help_text=_("E.164, e.g. +966501234567."))
    preferred_language = serializers.ChoiceField(choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = settings.LANGUAGES

    def validate(self, attrs):
        try:
            validate_identity_number(attrs["id_type"], attrs["id_number"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"id_number": get_error_detail(exc)}) from exc
        return attrs


class ProfileOutputSerializer(serializers.ModelSerializer):
    mobile = serializers.CharField(help_text=_("E.164, e.g. +966501234567."))
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = PilgrimProfile
        fields = ("email", "full_name", "id_type", "id_number", "nationality", "gender",
                  "date_of_birth", "mobile", "preferred_language", "updated_at")
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
        """Create or replace the profile (all fields required)."""
        serializer = ProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            profile = profile_save(user=request.user, acting_user=request.user,
                                   data=serializer.validated_data)
        except AccountsError as exc:
            raise serializers.ValidationError(
                {"id_number": [serializers.ErrorDetail(exc.message, code=exc.code)]}
            ) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return Response(ProfileOutputSerializer(profile).data, status=status.HTTP_200_OK)
