from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("i/<str:token>/", views.invitation, name="invitation"),
    path("i/<str:token>/accept/", views.answer, {"decision": "accept"}, name="accept"),
    path("i/<str:token>/decline/", views.decline, name="decline"),
    path("dependants/add/", views.dependant_add, name="dependant_add"),
    path("dependants/<int:pk>/remove/", views.dependant_remove, name="dependant_remove"),
    path("consents/grant/", views.consent_grant, name="consent_grant"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
]
