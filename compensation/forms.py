from django import forms
from django.utils.translation import gettext_lazy as _

from portal.calculators import CalculatorForm, amount_field, count_field

from .errors import MESSAGES
from .models import FailureKind, ServiceItem


class CompensationCalculatorForm(CalculatorForm):
    """The compensation calculator's input, the API's fields
    (compensation.api.CompensationQuoteInputSerializer)."""

    package_value = amount_field(label=_("Package value (SAR)"),
                                 negative_message=MESSAGES["negative_value"][1])
    item = forms.ChoiceField(label=_("Service"), choices=ServiceItem.choices)
    failure = forms.ChoiceField(label=_("What went wrong"), choices=FailureKind.choices)
    occurrence = count_field(label=_("Which finding for this service (1 = the first)"),
                             initial=1)
