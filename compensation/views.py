"""The public compensation calculator: the API's computation (compensation.calculator.quote)
behind a GET form, throttled by the API's own limiter. Bad input is a 400 with the reasons."""

from django.shortcuts import render

from portal.throttling import throttled_response

from . import calculator
from .api import QuoteAnonThrottle, QuoteUserThrottle
from .errors import CompensationError
from .forms import CompensationCalculatorForm


def calculator_page(request):
    seasons = list(calculator.published_seasons())
    submitted = any(name in request.GET for name in CompensationCalculatorForm.base_fields)
    form = CompensationCalculatorForm(request.GET if submitted else None, seasons=seasons)
    context = {"form": form}
    if form.is_bound:
        refused = throttled_response(request, [QuoteAnonThrottle, QuoteUserThrottle])
        if refused:
            return refused
        if form.is_valid():
            try:
                context["result"] = calculator.quote(**form.cleaned_data)
            except CompensationError as error:
                form.add_domain_error(error)
        if form.errors:
            return render(request, "compensation/calculator.html", context, status=400)
    return render(request, "compensation/calculator.html", context)
