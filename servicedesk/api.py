"""REST API of the service desk (mobile apps): types, topics, own requests, thread, inquiry."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.limits import client_ip
from accounts.permissions import HasCompleteProfile
from portal.parsers import JSONObjectParser
from portal.schema import ApiErrorSerializer
from portal.serializers import InputSerializer

from . import selectors, services
from .errors import DeskError
from .models import DeskRequest, Message, RequestType, Topic


class DeskAPIError(APIException):
    def __init__(self, error: DeskError):
        self.status_code = error.status
        super().__init__(detail=str(error.message), code=error.code)


def run(call, **kwargs):
    try:
        return call(**kwargs)
    except DeskError as error:
        raise DeskAPIError(error) from error


class DeskRequestTypeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    required_documents = serializers.SerializerMethodField()

    class Meta:
        model = RequestType
        fields = ["code", "kind", "name", "fee", "required_documents", "first_response_hours",
                  "resolution_hours"]

    def get_name(self, obj) -> str:
        return str(obj)

    def get_required_documents(self, obj) -> list[str]:
        return obj.document_list


class DeskTopicSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["code", "name"]

    def get_name(self, obj) -> str:
        return str(obj)


class DeskAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("servicedesk:attachment", args=[obj.token])


class DeskMessageSerializer(serializers.ModelSerializer):
    attachments = DeskAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "from_expert", "body", "created_at", "attachments"]


class DeskRequestSerializer(serializers.ModelSerializer):
    request_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    topic = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = DeskRequest
        fields = ["reference", "request_type", "topic", "subject", "status", "status_label",
                  "fee", "created_at", "first_response_due", "resolution_due", "resolved_at"]


class DeskRequestDetailSerializer(DeskRequestSerializer):
    messages = DeskMessageSerializer(many=True, read_only=True)

    class Meta(DeskRequestSerializer.Meta):
        fields = DeskRequestSerializer.Meta.fields + ["messages"]


class DeskRequestInputSerializer(InputSerializer):
    request_type = serializers.SlugRelatedField(slug_field="code",
                                                queryset=RequestType.objects.all())
    topic = serializers.SlugRelatedField(slug_field="code", queryset=Topic.objects.all())
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class DeskReplyInputSerializer(InputSerializer):
    body = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class DeskInquiryInputSerializer(InputSerializer):
    reference = serializers.CharField(max_length=20)
    identity_or_phone = serializers.CharField(max_length=20)


class DeskInquiryResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class ReferenceInquiryResultSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="The kind of record, in the request's language.")
    reference = serializers.CharField()
    state = serializers.CharField(help_text="Its state, in the request's language.")
    next_step = serializers.CharField(
        help_text="What it waits for and by when (Hijri and Gregorian), or empty.")


class RequestTypeListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=DeskRequestTypeSerializer(many=True))
    def get(self, request):
        return Response(DeskRequestTypeSerializer(selectors.request_type_list(), many=True).data)


class TopicListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=DeskTopicSerializer(many=True))
    def get(self, request):
        return Response(DeskTopicSerializer(selectors.topic_list(), many=True).data)


class DeskRequestListView(APIView):
    permission_classes = [HasCompleteProfile]
    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    @extend_schema(responses=DeskRequestSerializer(many=True))
    def get(self, request):
        queryset = selectors.desk_request_list_for_user(user=request.user)
        return Response(DeskRequestSerializer(queryset, many=True).data)

    @extend_schema(request=DeskRequestInputSerializer, responses={201: DeskRequestDetailSerializer})
    def post(self, request):
        data = request.data.copy()
        if hasattr(request.data, "getlist"):
            data.setlist("files", request.FILES.getlist("files"))
        serializer = DeskRequestInputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        desk_request = run(services.desk_request_submit, acting_user=request.user,
                           **serializer.validated_data)
        return Response(DeskRequestDetailSerializer(desk_request).data,
                        status=status.HTTP_201_CREATED)


def _owned(request, reference) -> DeskRequest:
    desk_request = selectors.desk_request_for_owner(user=request.user, reference=reference)
    if desk_request is None:
        raise NotFound()
    return desk_request


class DeskRequestDetailView(APIView):
    permission_classes = [HasCompleteProfile]

    @extend_schema(responses=DeskRequestDetailSerializer)
    def get(self, request, reference):
        return Response(DeskRequestDetailSerializer(_owned(request, reference)).data)


class DeskReplyView(APIView):
    permission_classes = [HasCompleteProfile]
    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    @extend_schema(request=DeskReplyInputSerializer, responses={201: DeskMessageSerializer})
    def post(self, request, reference):
        desk_request = _owned(request, reference)
        data = request.data.copy()
        if hasattr(request.data, "getlist"):
            data.setlist("files", request.FILES.getlist("files"))
        serializer = DeskReplyInputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        message = run(services.desk_reply_add, request=desk_request, acting_user=request.user,
                      **serializer.validated_data)
        return Response(DeskMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class InquiryView(APIView):
    """Public: status of a request by reference and identity number or phone."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=DeskInquiryInputSerializer,
                   responses={200: DeskInquiryResultSerializer, 429: ApiErrorSerializer,
                              503: ApiErrorSerializer})
    def post(self, request):
        serializer = DeskInquiryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        desk_request = run(services.transaction_inquire, ip=client_ip(request),
                           **serializer.validated_data)
        return Response({"reference": desk_request.reference, "status": desk_request.status,
                         "status_label": desk_request.get_status_display()})


class ReferenceInquiryView(APIView):
    """Public: the state of any reference (a permit, a Hajj contract, a complaint, a desk
    request, a transfer match) by the identity number or mobile it was filed with."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=DeskInquiryInputSerializer,
                   responses={200: ReferenceInquiryResultSerializer, 400: ApiErrorSerializer,
                              404: ApiErrorSerializer,
                              429: ApiErrorSerializer, 503: ApiErrorSerializer},
                   summary="The state of any reference number",
                   description="A wrong identity number or phone answers exactly as an unknown "
                               "reference (404). Failures make the client address wait longer "
                               "and longer; the reference itself is never locked.")
    def post(self, request):
        serializer = DeskInquiryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = run(services.reference_inquire, ip=client_ip(request),
                     **serializer.validated_data)
        return Response(ReferenceInquiryResultSerializer(result).data)
