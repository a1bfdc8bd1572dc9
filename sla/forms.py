from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Outcome


class RangeForm(forms.Form):
    """A season (Hijri year) or a Gregorian date range; the range wins when both are set."""

    year = forms.IntegerField(label=_("Season (Hijri year)"), required=False,
                              min_value=1400, max_value=1500)
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the range is before its start."))
        if start and end and (end - start).days > 800:
            raise forms.ValidationError(_("Choose a range of at most two years."))
        return data


class DrillDownForm(RangeForm):
    service = forms.SlugField(required=False)
    provider = forms.IntegerField(required=False)
    outcome = forms.ChoiceField(choices=[("", "")] + Outcome.choices, required=False)
    channel = forms.ChoiceField(choices=[("", "")] + Channel.choices, required=False)
    rated = forms.BooleanField(required=False)
    before = forms.DateTimeField(required=False)


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with this service?"), coerce=int,
        choices=[(5, _("5 - very satisfied")), (4, _("4 - satisfied")), (3, _("3 - neutral")),
                 (2, _("2 - dissatisfied")), (1, _("1 - very dissatisfied"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
