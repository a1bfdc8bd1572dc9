from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .selectors import profile_is_complete


class HasCompleteProfile(BasePermission):
    """DRF permission for e-service endpoints: the pilgrim completed the profile."""

    message = _("Complete your profile before using the e-services.")
    code = "profile_required"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated
                    and profile_is_complete(request.user))
