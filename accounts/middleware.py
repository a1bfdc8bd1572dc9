from django.shortcuts import redirect
from django.urls import reverse


class StaffMfaRequiredMiddleware:
    """Staff must have an authenticator before they reach the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith("/admin/")
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user).exists():
                return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
