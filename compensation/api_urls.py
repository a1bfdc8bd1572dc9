from django.urls import path

from . import api

app_name = "compensation_api"

urlpatterns = [
    path("quote/", api.CompensationQuoteView.as_view(), name="quote"),
    path("claims/", api.ClaimListView.as_view(), name="claims"),
    path("claims/<str:number>/payout-account/", api.ClaimPayoutAccountView.as_view(),
         name="claim-payout-account"),
]
