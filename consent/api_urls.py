from django.urls import path

from . import api

app_name = "consent_api"

urlpatterns = [
    path("dependants/", api.DependantListView.as_view(), name="dependants"),
    path("dependants/<int:pk>/", api.DependantDetailView.as_view(), name="dependant"),
    path("invitations/", api.InvitationListView.as_view(), name="invitations"),
    path("invitations/<int:pk>/accept/", api.InvitationAcceptView.as_view(), name="accept"),
    path("invitations/<int:pk>/decline/", api.InvitationDeclineView.as_view(), name="decline"),
    path("standing-consents/", api.StandingConsentListView.as_view(), name="consents"),
    path("standing-consents/<int:pk>/revoke/", api.StandingConsentRevokeView.as_view(),
         name="consent_revoke"),
]
