from django import forms
from django.utils.translation import gettext_lazy as _

from portal.calculators import CalculatorForm, amount_field, count_field, date_within_range

from .choices import PermitState
from .errors import MESSAGES


class RefundCalculatorForm(CalculatorForm):
    """The refund calculator's input, the API's fields (refunds.api.RefundQuoteInputSerializer)."""

    contract_value = amount_field(label=_("Contract value (SAR)"),
                                  negative_message=MESSAGES["negative_value"][1])
    clients = count_field(label=_("Number of pilgrims on the contract"), initial=1)
    cancel_date = forms.DateField(label=_("Cancellation date"), validators=[date_within_range],
                                  widget=forms.DateInput(attrs={"type": "date"}))
    permit_state = forms.ChoiceField(label=_("Hajj permit"), choices=PermitState.choices,
                                     initial=PermitState.NOT_ISSUED)
