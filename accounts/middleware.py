from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

# Recovery codes alone are not a second factor: they only come with TOTP or a passkey.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def staff_needs_mfa_setup(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_staff
        and not Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
    )


class StaffMfaRequiredMiddleware:
    """Staff must have an authenticator before they reach the admin.

    The admin's own login is routed through allauth (accounts/admin.py), so a staff member
    with an authenticator always passes allauth's MFA step at login. One without is sent
    from every admin URL to the TOTP setup page (signing out stays possible at
    /accounts/logout/).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and staff_needs_mfa_setup(
            getattr(request, "user", None)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
