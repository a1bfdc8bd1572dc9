"""REST API of the terms of use, under /api/v1/legal/: which version is in force and whether
the caller accepted it, and accepting it (the app's side of the website's banner). Views stay
thin: legal.selectors reads, legal.services records."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.schema import ApiErrorSerializer
from portal.serializers import InputSerializer

from . import selectors, services
from .errors import LegalError
from .models import TermsAcceptance


class LegalAPIError(APIException):
    """A LegalError in the API's one error shape."""

    def __init__(self, error: LegalError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


class TermsSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version in force: send it back to "
                                                   "accept it."))
    title = serializers.CharField()
    published_at = serializers.DateTimeField()
    url = serializers.CharField(help_text=_("The page with the text, in the reader's "
                                            "language."))
    accepted = serializers.BooleanField(help_text=_("Whether the caller accepted this "
                                                    "version."))
    accepted_at = serializers.DateTimeField(allow_null=True)


class TermsAcceptanceInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text=_(
        "The version the person read (GET's version): any other is refused."))


def _terms_data(*, user, now):
    terms = selectors.terms_in_force(now=now)
    if terms is None:
        raise LegalAPIError(LegalError("no_terms"))
    acceptance = selectors.terms_acceptance_of(user=user, document=terms)
    return {"version": terms.version, "title": terms.safe_translation_getter("title",
                                                                            any_language=True),
            "published_at": terms.published_at,
            "url": reverse("legal:document", args=[terms.kind]),
            "accepted": acceptance is not None,
            "accepted_at": acceptance.accepted_at if acceptance else None}


class TermsView(APIView):
    @extend_schema(
        operation_id="legal_terms_retrieve", tags=["legal"],
        responses={200: TermsSerializer,
                   404: OpenApiResponse(ApiErrorSerializer,
                                        description=_("No terms of use are published."))},
        summary=_("The terms of use in force, and whether I accepted them"))
    def get(self, request):
        return Response(TermsSerializer(_terms_data(user=request.user,
                                                    now=timezone.now())).data)


class TermsAcceptanceView(APIView):
    @extend_schema(
        operation_id="legal_terms_accept", tags=["legal"],
        request=TermsAcceptanceInputSerializer,
        responses={201: TermsSerializer, 200: TermsSerializer,
                   400: OpenApiResponse(ApiErrorSerializer, description=_(
                       "Not the version in force (code terms_version_stale): nothing is "
                       "recorded.")),
                   404: OpenApiResponse(ApiErrorSerializer,
                                        description=_("No terms of use are published."))},
        summary=_("Accept the terms of use in force"),
        description=_("Records that I accepted the version named, which must be the one in "
                      "force. 201 when recorded now; 200 when I had accepted it already "
                      "(nothing changes)."))
    def post(self, request):
        data = TermsAcceptanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        now = timezone.now()
        try:
            _acceptance, created = services.terms_accept_version(
                acting_user=request.user, version=data.validated_data["version"], now=now,
                via=TermsAcceptance.Via.APP)
        except LegalError as error:
            raise LegalAPIError(error) from error
        return Response(TermsSerializer(_terms_data(user=request.user, now=now)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
