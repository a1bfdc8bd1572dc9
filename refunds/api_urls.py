from django.urls import path

from . import api

app_name = "refunds_api"

urlpatterns = [
    path("quote/", api.RefundQuoteView.as_view(), name="quote"),
]
