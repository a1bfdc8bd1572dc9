from django import forms
from django.utils.translation import gettext_lazy as _

from servicedesk.forms import MultipleFileField

from .models import FAILURE_CHOICES, ITEM_CHOICES, About


class ComplaintForm(forms.Form):
    about = forms.ChoiceField(label=_("The complaint is about"), choices=About.choices,
                              initial=About.PROVIDER, widget=forms.RadioSelect)
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None, required=False)
    item = forms.ChoiceField(label=_("Service"), choices=ITEM_CHOICES)
    failure = forms.ChoiceField(label=_("What went wrong"), choices=FAILURE_CHOICES)
    occurred_at = forms.DateTimeField(label=_("When did it happen?"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    description = forms.CharField(label=_("What happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Photos or documents (PDF, JPEG or PNG)"))

    def __init__(self, *args, contracts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: (
            f"{c.reference} · {c.provider.public_name}")


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Photos or documents (PDF, JPEG or PNG)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why?"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PayoutAccountForm(forms.Form):
    # Checked by the service (portal.iban: Saudi format and check digits), not here, so the
    # web page and the API refuse the same IBANs with the same messages.
    iban = forms.CharField(label=_("IBAN of your bank account"), max_length=64)
