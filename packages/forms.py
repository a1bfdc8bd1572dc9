"""Forms of the pilgrim pages; they only parse input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from accounts.choices import IdType
from refunds.models import ExemptionClaim

from .models import City, Contract, ContractClient, HolySite, Package


class BootstrapForm(forms.Form):
    """Bootstrap 5 classes on every widget (the markup has no inline style)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class PackageFilterForm(BootstrapForm):
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any"))] + Package.Category.choices)
    city = forms.ChoiceField(label=_("Departure city"), required=False,
                             choices=[("", _("Any"))] + City.choices)
    camp_site = forms.ChoiceField(label=_("Camp"), required=False,
                                  choices=[("", _("Any"))] + HolySite.choices)
    price_max = forms.DecimalField(label=_("Highest price (SAR)"), required=False, min_value=0)
    max_distance = forms.IntegerField(label=_("Farthest from the Jamarat (m)"), required=False,
                                      min_value=0)
    available = forms.BooleanField(label=_("Only with places left"), required=False)


class DateInput(forms.DateInput):
    input_type = "date"


class CompanionForm(BootstrapForm):
    """One companion: one of my dependants (confirmed by staff), with what I state of their
    document; or someone invited by identity number and mobile, who joins once they accept
    (nothing about them is shown here)."""

    dependant = forms.TypedChoiceField(label=_("One of my dependants"), required=False,
                                       coerce=int, empty_value=None)
    identity_expires_on = forms.DateField(label=_("Document valid until"), required=False,
                                          widget=DateInput)
    nationality = LazyTypedChoiceField(label=_("Nationality"), choices=countries, initial="SA",
                                       required=False)
    last_hajj_year = forms.IntegerField(label=_("Last Hajj (Hijri year, if any)"),
                                        required=False)
    is_mahram = forms.BooleanField(label=_("Mahram"), required=False)
    id_type = forms.ChoiceField(label=_("or invite: identity document"), required=False,
                                choices=[("", "-"), *IdType.choices])
    id_number = forms.CharField(label=_("Identity number"), max_length=15, required=False,
                                widget=forms.TextInput(attrs={"dir": "ltr"}))
    mobile = forms.CharField(label=_("Their mobile number"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"dir": "ltr", "type": "tel",
                                                           "placeholder": "+9665XXXXXXXX"}))

    DEPENDANT_FIELDS = ("dependant", "identity_expires_on", "nationality", "last_hajj_year",
                        "is_mahram")
    INVITE_FIELDS = ("id_type", "id_number", "mobile")

    def __init__(self, *args, dependants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dependant"].choices = [("", "-"), *((d.pk, d.full_name)
                                                         for d in dependants)]

    def clean(self):
        data = super().clean()
        invite = [data.get(name) for name in self.INVITE_FIELDS]
        if data.get("dependant") and not any(invite):
            if not data.get("identity_expires_on"):
                self.add_error("identity_expires_on", _("Give the date the document expires."))
            return {name: data.get(name) for name in self.DEPENDANT_FIELDS}
        if not data.get("dependant") and all(invite):
            return {name: data[name] for name in self.INVITE_FIELDS}
        if not data.get("dependant") and not any(invite):
            return {}
        raise forms.ValidationError(_("Choose one of your dependants, or give the identity "
                                      "number and the mobile of the person to invite."))


CompanionFormSet = forms.formset_factory(CompanionForm, extra=0, max_num=13, validate_max=True)


class OrderForm(BootstrapForm):
    payment_plan = forms.ChoiceField(label=_("Payment"), choices=Contract.PaymentPlan.choices,
                                     widget=forms.RadioSelect,
                                     initial=Contract.PaymentPlan.FULL)
    identity_expires_on = forms.DateField(label=_("Your identity document is valid until"),
                                          widget=DateInput)
    last_hajj_year = forms.IntegerField(label=_("Your last Hajj (Hijri year, if any)"),
                                        required=False)
    acknowledge_channels = forms.BooleanField(
        label=_("I have read the provider's contact channels and complaint procedure."),
    )


class PayForm(BootstrapForm):
    card_token = forms.CharField(
        label=_("Card token"), max_length=100,
        help_text=_("Issued by the payment page of the bank (demo: tok_ok or tok_declined)."),
    )


class ExemptionForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Ground"), choices=[])
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False)
    document = forms.FileField(label=_("Report (PDF, JPEG or PNG)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ExemptionClaim.Kind.choices


class InvitationDetailsForm(BootstrapForm):
    """What an invited companion states themself when accepting a place on a contract: the
    rest (name, identity, nationality, gender, birth) comes from their own profile."""

    identity_expires_on = forms.DateField(label=_("Your identity document is valid until"),
                                          widget=DateInput)
    last_hajj_year = forms.IntegerField(label=_("Your last Hajj (Hijri year, if any)"),
                                        required=False)
    relationship = forms.ChoiceField(label=_("You are the inviter's"),
                                     choices=ContractClient.Relationship.choices[1:])
    is_mahram = forms.BooleanField(label=_("Mahram"), required=False)
