from django.urls import path

from . import api

app_name = "complaints_api"

urlpatterns = [
    path("", api.ComplaintListView.as_view(), name="list"),
    path("<str:number>/", api.ComplaintDetailView.as_view(), name="detail"),
    path("<str:number>/reply/", api.ComplaintReplyView.as_view(), name="reply"),
    path("<str:number>/escalate/", api.ComplaintEscalateView.as_view(), name="escalate"),
    path("<str:number>/confirm/", api.ComplaintConfirmView.as_view(), name="confirm"),
    path("<str:number>/reopen/", api.ComplaintReopenView.as_view(), name="reopen"),
]
