"""What the public calculators' forms share: the season choice and the project-wide input
ceilings (the same ones the API's serializers apply, portal.serializers)."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def date_within_range(value):
    if not settings.INPUT_YEAR_MIN <= value.year <= settings.INPUT_YEAR_MAX:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s.")
            % {"first": settings.INPUT_YEAR_MIN, "last": settings.INPUT_YEAR_MAX},
            code="date_range")


def amount_field(*, label, negative_message):
    """An amount in SAR, as the API's AmountField: two decimals, 0 to INPUT_AMOUNT_MAX."""
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=Decimal("0"),
        max_value=Decimal(settings.INPUT_AMOUNT_MAX),
        error_messages={"min_value": negative_message},
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}))


def count_field(*, label, initial=None):
    """A count, as the API's CountField: 1 to INPUT_COUNT_MAX."""
    return forms.IntegerField(label=label, min_value=1, max_value=settings.INPUT_COUNT_MAX,
                              initial=initial, widget=forms.NumberInput(attrs={"min": "1"}))


class CalculatorForm(forms.Form):
    """A GET form whose first field is a published season (Hijri year, latest first)."""

    season = forms.TypedChoiceField(label=_("Season (Hijri year)"), coerce=int)

    def __init__(self, *args, seasons, **kwargs):
        super().__init__(*args, **kwargs)
        years = [season.year for season in seasons]
        self.fields["season"].choices = [(year, str(year)) for year in years]
        if years:
            self.fields["season"].initial = years[0]

    def add_domain_error(self, error):
        """A refusal of the computation (a DomainError), shown above the form."""
        self.add_error(None, error.message)


def calculator_page(request, form_class, *, template, throttles, compute, error_type,
                    **form_options):
    """A public calculator's GET page: the empty form until a field is sent; then the API's
    throttles, the form's checks and `compute(cleaned_data)` (a dict for the template), with
    the domain's refusal (`error_type`) shown on the form. Bad input answers 400, never 500."""
    from django.shortcuts import render

    from portal.throttling import throttled_response

    submitted = any(name in request.GET for name in form_class.base_fields)
    form = form_class(request.GET if submitted else None, **form_options)
    context = {"form": form}
    if form.is_bound:
        refused = throttled_response(request, throttles)
        if refused:
            return refused
        if form.is_valid():
            try:
                context.update(compute(form.cleaned_data))
            except error_type as error:
                form.add_domain_error(error)
        if form.errors:
            return render(request, template, context, status=400)
    return render(request, template, context)
