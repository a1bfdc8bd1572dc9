from django.urls import path

from . import api

app_name = "accounts_api"

urlpatterns = [
    path("profile/", api.ProfileView.as_view(), name="profile"),
    path("profile/mobile/", api.MobileChangeView.as_view(), name="profile_mobile"),
    path("profile/mobile/confirm/", api.MobileConfirmView.as_view(),
         name="profile_mobile_confirm"),
]
