"""The base of every serializer that reads client input, and the fields with ceilings.

One place makes client input strict, so that nothing a client sends reaches a service in a
shape or range it cannot handle (a 500) or should not store:
- a text field takes only a JSON string (DRF's CharField turns 12345 into "12345");
- every date and time lies within INPUT_YEAR_MIN..INPUT_YEAR_MAX (a slot query for
  9999-12-31 overflowed when the day after was computed);
- an integer fits PostgreSQL's bigint, so a look-up never overflows the column;
- AmountField and CountField stop at INPUT_AMOUNT_MAX and INPUT_COUNT_MAX.
Each refusal is a field error: the API's 400 names the field.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from portal import calendars
from portal.birthdates import HIJRI, parse_date_in_calendar

BIGINT_MAX = 2**63 - 1


def _year_within_range(value):
    if not settings.INPUT_YEAR_MIN <= value.year <= settings.INPUT_YEAR_MAX:
        raise serializers.ValidationError(
            _("Give a date between the years %(first)s and %(last)s.")
            % {"first": settings.INPUT_YEAR_MIN, "last": settings.INPUT_YEAR_MAX},
            code="date_range")


class AmountField(serializers.DecimalField):
    """An amount in SAR: two decimals, not above INPUT_AMOUNT_MAX."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.validators.append(lambda value: MaxValueValidator(
            Decimal(settings.INPUT_AMOUNT_MAX))(value))


class CountField(serializers.IntegerField):
    """A count (people, occurrences): from min_value (1 by default) to INPUT_COUNT_MAX."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
        self.validators.append(lambda value: MaxValueValidator(settings.INPUT_COUNT_MAX)(value))


def _tighten(field):
    """Add the project-wide range checks to one field (or a list field's items)."""
    if isinstance(field, serializers.ListField):
        _tighten(field.child)
    elif isinstance(field, (serializers.DateField, serializers.DateTimeField)):
        field.validators.append(_year_within_range)
    elif isinstance(field, serializers.IntegerField):
        field.validators += [MinValueValidator(-BIGINT_MAX), MaxValueValidator(BIGINT_MAX)]


class BirthDateField(serializers.DateField):
    """A date of birth: not in the future."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_not_in_the_future)


def _not_in_the_future(value):
    if value > timezone.localdate():
        raise serializers.ValidationError(_("This date is in the future."), code="future")


class InputSerializer(serializers.Serializer):
    """Base of the serializers that read client input (see the module's docstring)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _tighten(field)
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            wrong = {name: [error] for name, field in self.fields.items()
                     if (error := self._raw_error(field, data.get(name)))}
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)

    def _raw_error(self, field, value):
        """Why a value as sent cannot be read, before any field converts it: a number where
        text belongs, or a NUL character, which PostgreSQL refuses in any text (a look-up by
        a code included) and no field of DRF's but CharField checks."""
        if self._text_expected(field) and not isinstance(value, str | None):
            return serializers.ErrorDetail(str(_("Give this as text.")), code="not_text")
        if isinstance(value, str) and "\x00" in value:
            return serializers.ErrorDetail(str(ProhibitNullCharactersValidator.message),
                                           code="null_characters_not_allowed")
        return None

    @staticmethod
    def _text_expected(field) -> bool:
        return isinstance(field, serializers.CharField) and not field.read_only



class HijriBirthDateField(serializers.CharField):
    """A date of birth typed in Hijri (Umm al-Qura) as "YYYY-MM-DD"; its value is the Gregorian
    day, which is what is stored (portal.birthdates)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Instead of date_of_birth: the date of birth in Hijri "
                                         "(Umm al-Qura) as YYYY-MM-DD, e.g. 1400-05-12."))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            value = parse_date_in_calendar(text, HIJRI)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(get_error_detail(exc)) from exc
        _not_in_the_future(value)
        return value


@extend_schema_field({"type": "string", "nullable": True, "example": "1400-05-12"})
class HijriOfDateField(serializers.Field):
    """A stored Gregorian date shown as its Hijri (Umm al-Qura) "YYYY-MM-DD"."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        try:
            return str(calendars.to_hijri(value))
        except calendars.CalendarError:
            return None


class BirthDateInEitherCalendar(serializers.Serializer):
    """date_of_birth (Gregorian) or date_of_birth_hijri: either, or both naming one day."""

    date_of_birth = BirthDateField(required=False)
    date_of_birth_hijri = HijriBirthDateField(required=False, write_only=True)

    def validate(self, attrs):
        hijri = attrs.pop("date_of_birth_hijri", None)
        gregorian = attrs.get("date_of_birth")
        if hijri and gregorian and hijri != gregorian:
            raise serializers.ValidationError({"date_of_birth_hijri": [serializers.ErrorDetail(
                str(_("This Hijri date is not the same day as date_of_birth.")),
                code="calendars_differ")]})
        if not (hijri or gregorian):
            raise serializers.ValidationError({"date_of_birth": [serializers.ErrorDetail(
                str(_("Give date_of_birth or date_of_birth_hijri.")), code="required")]})
        attrs["date_of_birth"] = gregorian or hijri
        return super().validate(attrs)
