"""The payment gateway's calls into the portal, under /api/v1/payments/."""

from django.urls import path

from . import api

app_name = "payments_api"

urlpatterns = [
    path("gateway/events/", api.GatewayEventView.as_view(), name="gateway-events"),
]
