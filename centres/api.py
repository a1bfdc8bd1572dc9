"""Public read API of a centre: its services (documents, fees) and the hall board."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.calendars import local_date

from . import selectors
from .models import Centre, CentreService


class CentreServiceSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    required_documents = serializers.SerializerMethodField()

    class Meta:
        model = CentreService
        fields = ["id", "code", "name", "fee", "required_documents"]

    def get_name(self, obj) -> str:
        return str(obj)

    def get_required_documents(self, obj) -> list[str]:
        return obj.document_list


class CentreCallSerializer(serializers.Serializer):
    number = serializers.CharField()
    counter = serializers.CharField()
    called_at = serializers.DateTimeField()
    status = serializers.CharField()


class CentreBoardSerializer(serializers.Serializer):
    called = CentreCallSerializer(many=True)
    waiting = serializers.IntegerField()


class ServiceListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CentreServiceSerializer(many=True))
    def get(self, request, code):
        centre = get_object_or_404(Centre, code=code, is_active=True)
        return Response(CentreServiceSerializer(selectors.service_list(centre=centre),
                                                many=True).data)


class DisplayView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CentreBoardSerializer)
    def get(self, request, code):
        centre = get_object_or_404(Centre, code=code, is_active=True)
        return Response(selectors.display_board(centre=centre, day=local_date(timezone.now())))
