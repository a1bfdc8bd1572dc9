from django.urls import path

from . import views

app_name = "transfers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("registration/<int:pk>/offer/", views.offer, name="offer"),
    path("request/", views.ask, name="request"),
    path("match/<int:pk>/agent/", views.choose_agent, name="choose_agent"),
]
