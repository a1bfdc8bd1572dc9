from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_new, name="new"),
    path("reports/<int:pk>.<str:fmt>", views.monthly_report_download, name="report"),
    path("files/<str:token>/", views.attachment_download, name="attachment"),
    path("<str:number>/", views.complaint_detail, name="detail"),
    path("<str:number>/confirm/", views.complaint_confirm, name="confirm"),
    path("<str:number>/reopen/", views.complaint_reopen, name="reopen"),
    path("<str:number>/escalate/", views.complaint_escalate, name="escalate"),
    path("<str:number>/payout-account/", views.complaint_payout_account,
         name="payout-account"),
]
