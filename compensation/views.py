"""The public compensation calculator: the API's computation (compensation.calculator.quote)
behind a GET form, throttled by the API's own limiter. Bad input is a 400 with the reasons."""

from portal.calculators import calculator_page as calculator_form_page

from . import calculator
from .api import QuoteAnonThrottle, QuoteUserThrottle
from .errors import CompensationError
from .forms import CompensationCalculatorForm


def calculator_page(request):
    return calculator_form_page(
        request, CompensationCalculatorForm, template="compensation/calculator.html",
        throttles=[QuoteAnonThrottle, QuoteUserThrottle], error_type=CompensationError,
        compute=lambda data: {"result": calculator.quote(**data)},
        seasons=list(calculator.published_seasons()))
