from django import forms

from .models import PilgrimProfile
from .services import PROFILE_FIELDS


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget (markup only, no inline style or script)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ProfileForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PilgrimProfile
        fields = PROFILE_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mobile": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                             "placeholder": "+966501234567"}),
        }
