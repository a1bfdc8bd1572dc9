from django import forms
from django.utils.translation import gettext_lazy as _


class HeirClaimForm(forms.Form):
    """Which deceased holder's priority the heir claims; the service checks the document."""

    due_year = forms.IntegerField(label=_("Due year (Hijri)"), min_value=1400, max_value=1600)
    priority_number = forms.IntegerField(label=_("Priority number"), min_value=1)
    holder_id_number = forms.CharField(label=_("Identity number of the deceased holder"),
                                       max_length=15)
    probate_document = forms.FileField(
        label=_("Probate document (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
