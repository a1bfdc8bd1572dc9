"""Form fields shared by the portal's apps."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.birthdates import CALENDAR_CHOICES, GREGORIAN, parse_date_in_calendar


class DualCalendarDateWidget(forms.MultiWidget):
    """A calendar choice beside a YYYY-MM-DD text box (a browser date picker is Gregorian only)."""

    template_name = "portal/widgets/dual_calendar_date.html"

    def __init__(self, attrs=None):
        super().__init__((
            forms.Select(attrs={"class": "form-select flex-grow-0 w-auto",
                                "aria-label": _("Calendar")}, choices=CALENDAR_CHOICES),
            forms.TextInput(attrs={"class": "form-control", "dir": "ltr", "inputmode": "numeric",
                                   "placeholder": "YYYY-MM-DD", "autocomplete": "bday"}),
        ), attrs)

    def decompress(self, value):
        if not value:
            return [GREGORIAN, ""]
        return [GREGORIAN, value.isoformat() if hasattr(value, "isoformat") else str(value)]

    def value_from_datadict(self, data, files, name):
        # A client posting the plain field (no calendar choice) means a Gregorian date.
        if name in data and f"{name}_1" not in data:
            return [GREGORIAN, data.get(name)]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        # The label names the date's text box, the calendar select has its own aria-label.
        return f"{id_}_1" if id_ else id_


class DualCalendarDateField(forms.MultiValueField):
    """A date typed in Hijri (Umm al-Qura) or Gregorian; cleaned to the Gregorian day."""

    widget = DualCalendarDateWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Choose the calendar, then type the date as YYYY-MM-DD "
                                         "(e.g. 1400-05-12 in Hijri)."))
        super().__init__(fields=(forms.ChoiceField(choices=CALENDAR_CHOICES), forms.CharField()),
                         require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not data_list[1]:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        value = parse_date_in_calendar(data_list[1], data_list[0] or GREGORIAN)
        if not settings.INPUT_YEAR_MIN <= value.year <= settings.INPUT_YEAR_MAX:
            raise ValidationError(
                _("Give a date between the years %(first)s and %(last)s."), code="date_range",
                params={"first": settings.INPUT_YEAR_MIN, "last": settings.INPUT_YEAR_MAX})
        return value

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True
