from django.urls import path

from . import api

app_name = "notifications_api"

urlpatterns = [
    path("sms/inbound/", api.InboundSmsView.as_view(), name="sms_inbound"),
]
