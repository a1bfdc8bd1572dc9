from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .selectors import profile_is_complete

PROFILE_REQUIRED_MESSAGE = _("Complete your profile before using the e-services.")


def profile_required(view):
    """For e-service views: a logged-in user without a complete profile completes it first."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not profile_is_complete(request.user):
            messages.info(request, PROFILE_REQUIRED_MESSAGE)
            return redirect("accounts:profile_edit")
        return view(request, *args, **kwargs)

    return wrapper
