"""The pilgrim's own profile page (/profile/), its edit form (/profile/edit/), and the change
of the mobile number confirmed by a code (/profile/mobile/, /profile/mobile/confirm/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .errors import AccountsError
from .forms import MobileChangeForm, MobileCodeForm, ProfileForm
from .models import PilgrimProfile
from .selectors import mobile_change_pending, profile_for_user
from .services import mobile_change_confirm, mobile_change_start, profile_save

SAVED_MESSAGE = _("Your profile was saved.")
CODE_SENT_MESSAGE = _("We sent a code to %(mobile)s. Enter it here to confirm the number.")
MOBILE_CHANGED_MESSAGE = _("Your mobile number was changed. Messages now go to %(mobile)s.")


@login_required
def profile(request):
    profile = profile_for_user(request.user)
    if profile is None:
        return redirect("accounts:profile_edit")
    return render(request, "accounts/profile.html", {"profile": profile})


@login_required
def profile_edit(request):
    instance = profile_for_user(request.user) or PilgrimProfile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if instance.pk is not None:
        # SMS go to this number: it changes only through the code sent to the new one.
        del form.fields["mobile"]
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(user=request.user, acting_user=request.user, data=form.cleaned_data)
        except AccountsError as exc:
            form.add_error("id_number", exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, SAVED_MESSAGE)
            return redirect("accounts:profile")
    return render(request, "accounts/profile_form.html",
                  {"form": form, "is_new": instance.pk is None})


@login_required
def mobile_change(request):
    """Step 1: the new number; a code is sent to it."""
    if profile_for_user(request.user) is None:
        return redirect("accounts:profile_edit")
    form = MobileChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = mobile_change_start(user=request.user, acting_user=request.user,
                                         mobile=form.cleaned_data["mobile"])
        except AccountsError as exc:
            form.add_error("mobile", exc.message)
        else:
            messages.info(request, CODE_SENT_MESSAGE % {"mobile": change.mobile})
            return redirect("accounts:mobile_confirm")
    return render(request, "accounts/mobile_change.html", {"form": form})


@login_required
def mobile_confirm(request):
    """Step 2: the code from the SMS (or, with "resend", a new code to the same number)."""
    change = mobile_change_pending(request.user)
    if change is None:
        return redirect("accounts:mobile_change")
    resend = request.method == "POST" and "resend" in request.POST
    form = MobileCodeForm(None if resend else (request.POST or None))
    try:
        if resend:
            mobile_change_start(user=request.user, acting_user=request.user,
                                mobile=change.mobile)
            messages.info(request, CODE_SENT_MESSAGE % {"mobile": change.mobile})
            return redirect("accounts:mobile_confirm")
        if request.method == "POST" and form.is_valid():
            profile = mobile_change_confirm(user=request.user, acting_user=request.user,
                                            code=form.cleaned_data["code"])
            messages.success(request, MOBILE_CHANGED_MESSAGE % {"mobile": profile.mobile})
            return redirect("accounts:profile")
    except AccountsError as exc:
        form.add_error(None if resend else "code", exc.message)
    return render(request, "accounts/mobile_confirm.html", {"form": form, "change": change})
