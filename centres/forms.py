from django import forms
from django.utils.translation import gettext_lazy as _


class KioskRegisterForm(forms.Form):
    label = forms.CharField(label=_("Where this screen stands"), max_length=60,
                            help_text=_("For example: Entrance, left."))
