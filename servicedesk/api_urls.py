from django.urls import path

from . import api

app_name = "servicedesk_api"

urlpatterns = [
    path("types/", api.RequestTypeListView.as_view(), name="types"),
    path("topics/", api.TopicListView.as_view(), name="topics"),
    path("requests/", api.DeskRequestListView.as_view(), name="requests"),
    path("requests/<str:reference>/", api.DeskRequestDetailView.as_view(), name="request"),
    path("requests/<str:reference>/messages/", api.DeskReplyView.as_view(), name="reply"),
    path("inquiry/", api.InquiryView.as_view(), name="inquiry"),
    path("references/inquiry/", api.ReferenceInquiryView.as_view(), name="reference_inquiry"),
]
