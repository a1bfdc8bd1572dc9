from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("registration/<int:pk>/offer/", views.offer, name="offer"),
    path("request/", views.ask, name="request"),
    path("match/<int:pk>/agent/", views.choose_agent, name="choose_agent"),
    path("heir/", views.heir_claim, name="heir_claim"),
    path("heir/document/<str:token>/", views.probate_document, name="probate_document"),
]
