"""The acceptance of the terms that sign-up asks for (ACCOUNT_SIGNUP_FORM_CLASS): allauth
builds both its web form and the headless API's sign-up input on this class, so the website
and the app refuse a sign-up without it alike. accounts does not know this app; the setting
names the class."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import MESSAGES
from .models import TermsAcceptance
from .selectors import terms_in_force
from .services import terms_accept


class SignupTermsForm(forms.Form):
    # allauth orders its sign-up fields by this: the acceptance last, above the button.
    field_order = ["email", "password1", "password2", "accept_terms", "terms_version"]

    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of use and the privacy policy"),
        error_messages={"required": MESSAGES["terms_not_accepted"][1]})
    # The version the person was shown; the app may send it, the web form always does.
    terms_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = terms_in_force(now=timezone.now())
        if self.terms is None:
            # Nothing published to accept (staff withdrew every version): sign-up goes on.
            del self.fields["accept_terms"], self.fields["terms_version"]
        else:
            self.fields["terms_version"].initial = self.terms.version

    def clean_terms_version(self):
        version = self.cleaned_data.get("terms_version")
        if version is not None and version != self.terms.version:
            raise ValidationError(MESSAGES["terms_changed"][1], code="terms_changed")
        return version

    def signup(self, request, user):
        if self.terms is None:
            return
        headless = request.path.startswith(settings.HEADLESS_PATH_PREFIX)
        # The version was checked in clean(): this records the one in force at the save.
        terms_accept(acting_user=user, version=None, now=timezone.now(),
                     via=(TermsAcceptance.Via.SIGNUP_APP if headless
                          else TermsAcceptance.Via.SIGNUP_WEB))


class TermsAcceptForm(forms.Form):
    """A signed-in user accepting a new version of the terms."""

    terms_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
