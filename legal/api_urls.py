from django.urls import path

from . import api

app_name = "legal_api"

urlpatterns = [
    path("terms/", api.TermsView.as_view(), name="terms"),
    path("terms/acceptances/", api.TermsAcceptanceView.as_view(), name="terms_accept"),
]
