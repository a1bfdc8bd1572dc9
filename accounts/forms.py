from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.birthdates import validate_birth_date
from portal.forms import DualCalendarDateField

from .models import PilgrimProfile
from .services import PROFILE_FIELDS


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget (markup only, no inline style or script)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.MultiWidget):
                continue  # its parts carry their own classes
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ProfileForm(BootstrapFormMixin, forms.ModelForm):
    date_of_birth = DualCalendarDateField(label=_("Date of birth"),
                                          validators=[validate_birth_date])

    class Meta:
        model = PilgrimProfile
        fields = PROFILE_FIELDS
        widgets = {
            "mobile": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                             "placeholder": "+966501234567"}),
        }


class MobileChangeForm(BootstrapFormMixin, forms.Form):
    mobile = PhoneNumberField(
        label=_("New mobile phone"),
        help_text=_("We send a code to this number: it becomes yours once you enter it."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                      "placeholder": "+966501234567"}))


class MobileCodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"), max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
