"""Staff read every date of the main staff lists and record pages in both calendars.

One mixin for every admin that wants it: a date or datetime model field named in list_display
or in the read-only fields is shown through a generated column "dual_<name>" that formats it
with portal.calendars (Hijri, Gregorian and, for a moment, the Riyadh time), sorted by the field
itself. Editable date inputs are left alone: staff type those as before.
"""

from datetime import datetime

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from portal import calendars

PREFIX = "dual_"


def _dual_column(field):
    @admin.display(description=field.verbose_name, ordering=field.name)
    def show(obj):
        value = getattr(obj, field.attname)
        if value is None:
            return "-"
        if isinstance(value, datetime):
            return calendars.format_dual_datetime(value)
        return calendars.format_dual(value)

    return show


class DualCalendarDatesAdmin:
    """Mix into a ModelAdmin: its date columns and read-only dates show both calendars."""

    def _date_field(self, name):
        if not isinstance(name, str):
            return None
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        # DateTimeField is a DateField.
        return field if isinstance(field, models.DateField) else None

    def __getattr__(self, name):
        # The admin finds a column by getattr(model_admin, name): the columns are made on demand.
        if name.startswith(PREFIX):
            field = self._date_field(name[len(PREFIX):])
            if field is not None:
                return _dual_column(field)
        raise AttributeError(name)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wrap whatever the concrete admin defines (several override get_fieldsets and
        # get_readonly_fields outright, without calling super), so the mixin's place in the
        # class's bases does not matter.
        # (get_list_display stays a method below: the admin's checks look at its __func__.)
        readonly, fieldsets = self.get_readonly_fields, self.get_fieldsets
        self.get_readonly_fields = lambda request, obj=None: [
            self._dual(name) for name in readonly(request, obj)]
        self.get_fieldsets = lambda request, obj=None: self._dual_fieldsets(
            fieldsets(request, obj), set(readonly(request, obj)))

    def get_list_display(self, request):
        return [self._dual(name) for name in super().get_list_display(request)]

    def _dual(self, name):
        return f"{PREFIX}{name}" if self._date_field(name) is not None else name

    def _dual_fieldsets(self, fieldsets, read_only):
        def swap(names):
            out = []
            for name in names:
                if isinstance(name, (list, tuple)):
                    out.append(tuple(swap(name)))
                    continue
                shown = self._dual(name) if name in read_only else name
                if shown not in out:
                    out.append(shown)
            return out

        return [(title, {**options, "fields": swap(options.get("fields", ()))})
                for title, options in fieldsets]
