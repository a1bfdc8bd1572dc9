"""REST API for consent, under /api/v1/consent/: my dependants, the invitations I received,
and who may add me at once (standing consents). A pilgrim only ever finds their own rows:
anyone else's id answers 404."""

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Gender, IdType
from accounts.permissions import HasCompleteProfile
from portal.serializers import BirthDateInEitherCalendar, HijriOfDateField

from . import hooks, selectors, services
from .errors import ConsentError
from .models import Dependant, Invitation


class ConsentAPIError(APIException):
    """A ConsentError (or an owning app's refusal) in the API's one error shape."""

    def __init__(self, error):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


def run(call, **kwargs):
    try:
        return call(**kwargs)
    except ConsentError as error:
        raise ConsentAPIError(error) from error


class ConsentErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class WritesNeedProfile:
    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method in ("POST", "DELETE"):
            permissions.append(HasCompleteProfile())
        return permissions


# --- Dependants ---------------------------------------------------------------------------

class DependantInputSerializer(BirthDateInEitherCalendar, serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    relation = serializers.ChoiceField(choices=Dependant.Relation.choices)
    id_type = serializers.ChoiceField(choices=IdType.choices)
    id_number = serializers.CharField(max_length=15)
    gender = serializers.ChoiceField(choices=Gender.choices)
    document = serializers.FileField(help_text="PDF, JPEG or PNG proving the relation.")


class DependantSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="owner_status",
                                   help_text="pending (staff review), confirmed or rejected.")
    status_label = serializers.CharField(source="get_owner_status_display")
    date_of_birth_hijri = HijriOfDateField(source="date_of_birth")

    class Meta:
        model = Dependant
        fields = ["id", "full_name", "relation", "id_type", "id_number", "gender",
                  "date_of_birth", "date_of_birth_hijri", "status", "status_label",
                  "review_reason", "created_at"]
        read_only_fields = fields


class DependantListView(WritesNeedProfile, APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=DependantSerializer(many=True), summary="My dependants",
                   tags=["consent"])
    def get(self, request):
        return Response(DependantSerializer(
            selectors.dependants_for_owner(owner=request.user), many=True).data)

    @extend_schema(request={"multipart/form-data": DependantInputSerializer},
                   responses={201: DependantSerializer, 400: ConsentErrorSerializer},
                   summary="Add a dependant with a document (staff confirm it)",
                   tags=["consent"])
    def post(self, request):
        data = DependantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dependant = run(services.dependant_add, acting_user=request.user, **data.validated_data)
        return Response(DependantSerializer(dependant).data, status=status.HTTP_201_CREATED)


class DependantDetailView(WritesNeedProfile, APIView):
    def _own(self, request, pk):
        dependant = selectors.dependant_for_owner(owner=request.user, pk=pk)
        if dependant is None:
            raise NotFound()
        return dependant

    @extend_schema(responses={200: DependantSerializer, 404: ConsentErrorSerializer},
                   summary="One of my dependants", tags=["consent"])
    def get(self, request, pk):
        return Response(DependantSerializer(self._own(request, pk)).data)

    @extend_schema(responses={204: None, 404: ConsentErrorSerializer},
                   summary="Remove one of my dependants", tags=["consent"])
    def delete(self, request, pk):
        run(services.dependant_remove, dependant=self._own(request, pk), acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Invitations received -----------------------------------------------------------------

class InvitationReceivedSerializer(serializers.ModelSerializer):
    """An invitation to me: who asks (their own name) and for what."""

    inviter_name = serializers.SerializerMethodField()
    what = serializers.SerializerMethodField()
    refusal = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = ["id", "inviter_name", "what", "purpose", "status", "created_at",
                  "expires_at", "decided_at", "refusal"]
        read_only_fields = fields

    def get_inviter_name(self, invitation) -> str:
        profile = getattr(invitation.inviter, "profile", None)
        return profile.full_name if profile else ""

    def get_what(self, invitation) -> str:
        return hooks.handlers(invitation.purpose).describe(
            invitation, language=translation.get_language())

    def get_refusal(self, invitation) -> str | None:
        """Why I could not join (only after an Accept refused for my own eligibility)."""
        error = getattr(invitation, "refusal", None)
        return str(error.message) if error else None


class InvitationListView(APIView):
    @extend_schema(responses=InvitationReceivedSerializer(many=True),
                   summary="Invitations I received", tags=["consent"])
    def get(self, request):
        rows = selectors.invitations_received(user=request.user)
        return Response(InvitationReceivedSerializer(rows, many=True).data)


class _Answer(APIView):
    permission_classes = [*APIView.permission_classes, HasCompleteProfile]

    def _own(self, request, pk):
        invitation = selectors.invitation_for_invitee(user=request.user, pk=pk)
        if invitation is None:
            raise NotFound()
        return invitation


class InvitationAcceptInputSerializer(serializers.Serializer):
    details = serializers.DictField(
        required=False,
        help_text="What the invitation asks of me, for a purpose that asks (a Hajj package "
                  "contract: identity_expires_on, last_hajj_year, relationship, is_mahram).")


class InvitationAcceptView(_Answer):
    """Accept: my own eligibility is checked now; a refusal answers 200 with status
    "refused" and the reason in `refusal` (the seat held for me is released)."""

    @extend_schema(request=InvitationAcceptInputSerializer,
                   responses={200: InvitationReceivedSerializer, 400: ConsentErrorSerializer,
                              404: ConsentErrorSerializer},
                   tags=["consent"])
    def post(self, request, pk):
        invitation = self._own(request, pk)
        data = InvitationAcceptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        options = {}
        form_class = hooks.handlers(invitation.purpose).details_form
        if form_class is not None:
            form = form_class(data.validated_data.get("details") or {})
            if not form.is_valid():
                raise serializers.ValidationError({"details": form.errors})
            options["details"] = form.cleaned_data
        invitation = run(services.accept, invitation=invitation, acting_user=request.user,
                         **options)
        return Response(InvitationReceivedSerializer(invitation).data)


class InvitationDeclineView(_Answer):
    @extend_schema(request=None,
                   responses={200: InvitationReceivedSerializer, 400: ConsentErrorSerializer,
                              404: ConsentErrorSerializer},
                   tags=["consent"])
    def post(self, request, pk):
        invitation = run(services.decline, invitation=self._own(request, pk),
                         acting_user=request.user)
        return Response(InvitationReceivedSerializer(invitation).data)


# --- Standing consents --------------------------------------------------------------------

class StandingConsentInputSerializer(serializers.Serializer):
    id_type = serializers.ChoiceField(choices=IdType.choices)
    id_number = serializers.CharField(max_length=15,
                                      help_text="The identity number of the account holder "
                                                "who may add me without asking.")


class StandingConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    id_type = serializers.CharField(source="grantee_id_type")
    id_number = serializers.CharField(source="grantee_id_number")
    granted_at = serializers.DateTimeField()


class StandingConsentListView(WritesNeedProfile, APIView):
    @extend_schema(responses=StandingConsentSerializer(many=True),
                   summary="Who may add me at once", tags=["consent"])
    def get(self, request):
        return Response(StandingConsentSerializer(
            selectors.consents_granted(grantor=request.user), many=True).data)

    @extend_schema(request=StandingConsentInputSerializer,
                   responses={201: StandingConsentSerializer, 400: ConsentErrorSerializer},
                   summary="Let an account holder add me at once (family)", tags=["consent"])
    def post(self, request):
        data = StandingConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = run(services.consent_grant, acting_user=request.user, **data.validated_data)
        return Response(StandingConsentSerializer(consent).data,
                        status=status.HTTP_201_CREATED)


class StandingConsentRevokeView(APIView):
    permission_classes = [*APIView.permission_classes, HasCompleteProfile]

    @extend_schema(request=None, responses={204: None, 404: ConsentErrorSerializer},
                   summary="Withdraw a standing consent", tags=["consent"])
    def post(self, request, pk):
        consent = selectors.consents_granted(grantor=request.user).filter(pk=pk).first()
        if consent is None:
            raise NotFound()
        run(services.consent_revoke, consent=consent, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
