from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.profile_edit, name="profile_edit"),
    path("mobile/", views.mobile_change, name="mobile_change"),
    path("mobile/confirm/", views.mobile_confirm, name="mobile_confirm"),
]
