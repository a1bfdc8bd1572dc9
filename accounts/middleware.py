from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hajjportal.cache import cache_failures

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


# Sign-in steps whose limits (allauth's, in Redis) must be able to count: each URL name,
# with headless:app: and headless:browser: in front for the mobile and browser APIs.
LIMITED_SIGN_IN = {"account:login", "mfa:authenticate", "account:request_password_reset",
                   "account:signup"}
LIMITED_SIGN_IN_PAGES = {"account_login", "mfa_authenticate", "account_reset_password",
                         "account_signup"}
SIGN_IN_UNAVAILABLE = _("Sign-in is briefly unavailable, try again in a minute.")


class SignInLimitsFailClosedMiddleware:
    """The login limits fail closed: while their store (Redis) is down, nobody signs in.

    A limit that cannot count would let a password guesser try without end, so a POST to a
    limited sign-in step is refused with a clear 503 (and Retry-After) when the cache degraded
    (hajjportal/cache.py `cache_failures`): before the view, by one probe, so the refusal is
    immediate; and during it, when Redis fails mid-way (the view's answer is then dropped).
    Every other cache user fails open. Last in MIDDLEWARE: it calls the view itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not _limited(request.resolver_match.view_name):
            return None
        with cache_failures() as failures:
            cache.get("accounts:sign-in-limits-probe")
            if not failures.seen:
                response = view_func(request, *view_args, **view_kwargs)
        return _unavailable(request) if failures.seen else response


def _limited(view_name: str) -> bool:
    api_name = view_name.removeprefix("headless:app:").removeprefix("headless:browser:")
    return view_name in LIMITED_SIGN_IN_PAGES or (
        api_name != view_name and api_name in LIMITED_SIGN_IN)


def _unavailable(request):
    if request.resolver_match.view_name.startswith("headless:"):
        # allauth's headless error shape, so the apps show the message as they show others.
        response = JsonResponse({"status": 503, "errors": [
            {"code": "sign_in_unavailable", "message": str(SIGN_IN_UNAVAILABLE)}]}, status=503)
    else:
        response = render(request, "account/sign_in_unavailable.html",
                          {"message": SIGN_IN_UNAVAILABLE}, status=503)
    response["Retry-After"] = "60"
    return response
