from django.urls import path

from . import api

app_name = "accounts_api"

urlpatterns = [
    path("profile/", api.ProfileView.as_view(), name="profile"),
]
