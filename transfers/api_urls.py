from django.urls import path

from . import api

app_name = "transfers_api"

urlpatterns = [
    path("mine/", api.OverviewView.as_view(), name="mine"),
    path("offers/", api.OfferCreateView.as_view(), name="offers"),
    path("requests/", api.RequestCreateView.as_view(), name="requests"),
    path("heir-claims/", api.HeirClaimListView.as_view(), name="heir_claims"),
    path("matches/<int:match_id>/agent/", api.MatchAgentChooseView.as_view(), name="match_agent"),
]
