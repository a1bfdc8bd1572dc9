from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import User
from .selectors import profile_for_user

PROFILE_REQUIRED_MESSAGE = _("Complete your profile before using the e-services.")


def profile_required(view):
    """For e-service views: a logged-in user without a complete profile completes it first."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        profile = profile_for_user(request.user)  # every profile field is required
        if profile is None:
            messages.info(request, PROFILE_REQUIRED_MESSAGE)
            return redirect("accounts:profile_edit")
        # The view reads `request.user.profile` again: it gets the row just read, not a query.
        User.profile.related.set_cached_value(request.user, profile)
        return view(request, *args, **kwargs)

    return wrapper
