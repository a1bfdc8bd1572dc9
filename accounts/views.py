"""The pilgrim's own profile page (/profile/) and its edit form (/profile/edit/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .errors import AccountsError
from .forms import ProfileForm
from .models import PilgrimProfile
from .selectors import profile_for_user
from .services import profile_save

SAVED_MESSAGE = _("Your profile was saved.")


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
