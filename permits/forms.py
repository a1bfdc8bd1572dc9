from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import IdType
from portal.calendars import format_dual


class CompanionForm(forms.Form):
    """One companion: one of my dependants, or someone invited by identity number and mobile
    (they join once they accept; nothing about them is shown here)."""

    dependant = forms.TypedChoiceField(label=_("One of my dependants"), required=False,
                                       coerce=int, empty_value=None,
                                       widget=forms.Select(attrs={"class": "form-select"}))
    id_type = forms.ChoiceField(label=_("or invite: identity document"), required=False,
                                choices=[("", "-"), *IdType.choices],
                                widget=forms.Select(attrs={"class": "form-select"}))
    id_number = forms.CharField(label=_("Identity number"), max_length=15, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control",
                                                              "dir": "ltr"}))
    mobile = forms.CharField(label=_("Their mobile number"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control",
                                                           "dir": "ltr", "type": "tel",
                                                           "placeholder": "+9665XXXXXXXX"}))

    def __init__(self, *args, dependants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependant"].choices = [("", "-"), *((d.pk, d.full_name)
                                                         for d in dependants)]

    def clean(self):
        data = super().clean()
        invite = [data.get(field) for field in ("id_type", "id_number", "mobile")]
        if data.get("dependant") and not any(invite):
            return {"dependant": data["dependant"]}
        if not data.get("dependant") and all(invite):
            return {field: data[field] for field in ("id_type", "id_number", "mobile")}
        if not data.get("dependant") and not any(invite):
            return {}
        raise forms.ValidationError(_("Choose one of your dependants, or give the identity "
                                      "number and the mobile of the person to invite."))


CompanionFormSet = forms.formset_factory(CompanionForm, extra=0, max_num=13, validate_max=True)


class BookingForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    accept_instructions = forms.BooleanField(label=_("I have read and accept the instructions"),
                                             required=False)


class GateForm(forms.Form):
    code = forms.CharField(label=_("Permit code (scan or paste) or permit number (type)"),
                           widget=forms.Textarea(attrs={"rows": 3, "autofocus": True,
                                                        "dir": "ltr", "class": "form-control"}))


class CancelForm(forms.Form):
    pass


class VehicleForm(forms.Form):
    plate_number = forms.CharField(label=_("Plate number"), max_length=20)
    vehicle_type = forms.CharField(label=_("Vehicle type"), max_length=50)
    driver_name = forms.CharField(label=_("Driver"), max_length=200)
    driver_id_number = forms.CharField(label=_("Driver identity number"), max_length=30)
    days = forms.TypedMultipleChoiceField(label=_("Days needed"), coerce=date.fromisoformat,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, days=(), **kwargs):
        """`days`: the days a permit may be asked for (the rule's period, from today on),
        offered as boxes labelled in both calendars."""
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [(day.isoformat(), format_dual(day)) for day in days]


class MeasuredRateInput(forms.NumberInput):
    """A number input that offers measured rates: its `list` names a <datalist> of `options`
    (selectors.RateOption: value and label) rendered after it, which the browser suggests
    while any other number may still be typed. Plain HTML: the CSP allows no inline script."""

    template_name = "permits/widgets/measured_rate.html"

    def __init__(self, attrs=None, options=()):
        super().__init__(attrs)
        self.options = list(options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if self.options:
            list_id = f"{widget['attrs'].get('id') or name}_measured"
            widget["attrs"]["list"] = list_id
            widget["datalist"] = {"id": list_id, "options": self.options}
        return context
