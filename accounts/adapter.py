"""allauth hooks: new sign-ups become pilgrims, and pilgrims complete their profile first.

Sign-up only asks for e-mail and password (the same for the web and the mobile app's headless
API); the pilgrim completes the profile right after the first login, before any e-service:
the web login lands on the profile form, and e-service views use
`accounts.decorators.profile_required` (the API answers 403 "profile_required").
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import roles
from .limits import client_ip
from .selectors import profile_is_complete
from .services import user_add_role


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Said so that a pilgrim knows what to do; the limit is per account first, and per
        # address only far higher (hajjportal/settings.py, ACCOUNT_RATE_LIMITS).
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes and try again, or reset "
            "your password if you have forgotten it."),
    }

    def get_client_ip(self, request):
        """allauth's rate limits key on the same client address as every other limit."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client address")
        return address

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_add_role(user=user, role=roles.PILGRIM)
        return user

    def get_login_redirect_url(self, request):
        user = request.user
        if roles.user_has_role(user, roles.PILGRIM) and not profile_is_complete(user):
            return reverse("accounts:profile_edit")
        return super().get_login_redirect_url(request)
