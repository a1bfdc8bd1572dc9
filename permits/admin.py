"""Back office for permits: services and rules as data, slot templates, capacities, the Hajj
review queue with its working-day clock, search by permit number or identity.

Every change of state goes through permits.services, so the admin cannot bypass a rule.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from parler.admin import TranslatableAdmin

from portal.admin_dates import DualCalendarDatesAdmin
from portal.admin_readonly import ReadOnlyPageAdmin
from portal.admin_rule_changes import RuleChangeAdmin
from portal.calendars import hijri_today

from . import selectors, services, waiting_room
from .errors import PermitError
from .forms import MeasuredRateInput
from .models import (
    AuthorityEvent,
    BlackoutPeriod,
    Booking,
    BookingPerson,
    GenderWindow,
    HolidayRule,
    Permit,
    PermitService,
    Person,
    PublicHoliday,
    Release,
    RushMeasurement,
    ServiceRule,
    Slot,
    SlotTemplate,
    VehicleDay,
    WaitlistEntry,
    WorkingCalendar,
)


@admin.register(PermitService)
class PermitServiceAdmin(TranslatableAdmin):
    list_display = ["code", "name", "kind", "gender", "is_active"]
    list_filter = ["kind", "is_active"]


class GenderWindowInline(admin.TabularInline):
    model = GenderWindow
    extra = 0


class BlackoutInline(admin.TabularInline):
    model = BlackoutPeriod
    extra = 0


@admin.register(ServiceRule)
class ServiceRuleAdmin(RuleChangeAdmin, admin.ModelAdmin):
    list_display = ["service", "season", "valid_from", "valid_until", "max_companions",
                    "frequency_days", "booking_opens_days", "booking_closes_minutes"]
    list_filter = ["season", "service"]
    inlines = [GenderWindowInline, BlackoutInline]


class HolidayInline(admin.TabularInline):
    model = PublicHoliday
    extra = 0
    readonly_fields = ["rule"]


@admin.register(HolidayRule)
class HolidayRuleAdmin(TranslatableAdmin):
    """The holidays as the calendar publishes them; the days follow from them (the action, a
    season's opening, the data migration for the coming years)."""

    list_display = ["name", "calendar", "kind", "month", "day", "length_days"]
    list_filter = ["calendar", "kind"]
    actions = ["seed_coming_years"]

    @admin.action(description=_("Generate the public holidays of this year and the coming "
                                "years from the rules"), permissions=["change"])
    def seed_coming_years(self, request, queryset):
        this_year = hijri_today().year
        years = range(this_year, this_year + settings.HOLIDAY_SEED_YEARS_AHEAD + 1)
        added = services.holidays_seed(years=years, acting_user=request.user)
        self.message_user(request, _("Holidays of %(first)s-%(last)s AH generated: %(count)s "
                                     "days added.") % {"first": years[0], "last": years[-1],
                                                       "count": added}, messages.SUCCESS)


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "working_weekdays"]
    inlines = [HolidayInline]


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (inclusive)"),
                          widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the refusal"), widget=forms.Textarea)


def intermediate(modeladmin, request, queryset, form, title, action):
    return render(request, "permits/admin/action_form.html", {
        **modeladmin.admin_site.each_context(request), "title": title, "form": form,
        "objects": queryset, "action": action, "opts": modeladmin.model._meta})


@admin.register(SlotTemplate)
class SlotTemplateAdmin(RuleChangeAdmin, admin.ModelAdmin):
    list_display = ["name", "service", "first_start", "last_start", "interval_minutes",
                    "capacity"]
    list_filter = ["service"]
    actions = ["generate_slots"]

    @admin.action(description=_("Generate slots for a date range"), permissions=["change"])
    def generate_slots(self, request, queryset):
        form = DateRangeForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return intermediate(self, request, queryset, form, _("Generate slots"),
                                "generate_slots")
        created = sum(services.slots_generate(template=template, **form.cleaned_data)
                      for template in queryset)
        self.message_user(request, ngettext("%(count)s slot created.",
                                            "%(count)s slots created.", created)
                          % {"count": created})
        return None


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["service", "starts_at", "ends_at", "capacity", "template"]

    def clean(self):
        data = super().clean()
        if data.get("service") and data.get("starts_at"):
            try:
                services.slot_check(service=data["service"], starts_at=data["starts_at"])
            except PermitError as error:
                raise forms.ValidationError(error.message) from error
        return data


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    form = SlotForm
    list_display = ["service", "starts_at", "ends_at", "capacity", "remaining"]
    list_filter = ["service"]
    date_hierarchy = "starts_at"
    readonly_fields = ["remaining"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.remaining = obj.capacity
            super().save_model(request, obj, form, change)
            return
        # Capacity changes keep the seats already taken (through the service, never raw).
        services.slot_set_capacity(slot=obj, capacity=obj.capacity)
        Slot.objects.filter(pk=obj.pk).update(starts_at=obj.starts_at, ends_at=obj.ends_at)


class OverdueFilter(admin.SimpleListFilter):
    title = _("processing clock")
    parameter_name = "clock"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("flagged", _("Flagged overdue")),
                ("pending", _("Awaiting decision"))]

    def queryset(self, request, queryset):
        pending = queryset.filter(status=Booking.Status.REQUESTED)
        if self.value() == "overdue":
            return pending.filter(due_by__lt=timezone.now())
        if self.value() == "flagged":
            # Flagged by the beat's sweep (ministry staff were e-mailed) and still undecided.
            return pending.filter(overdue_flagged_at__isnull=False)
        if self.value() == "pending":
            return pending
        return queryset


class BookedRowsInline(admin.TabularInline):
    """The persons and days of a booking are the booking service's record: shown, never
    added, changed or removed here (the booking's page is read-only)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BookingPersonInline(BookedRowsInline):
    model = BookingPerson
    readonly_fields = ["person", "role"]


class VehicleDayInline(BookedRowsInline):
    model = VehicleDay
    readonly_fields = ["day"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyPageAdmin, DualCalendarDatesAdmin, admin.ModelAdmin):
    """Includes the Hajj review queue: filter "processing clock", act with issue or refuse."""

    list_display = ["pk", "service", "permit_number", "user", "status", "seats", "slot",
                    "due_by", "is_overdue", "overdue_flagged_at", "created_at"]
    list_filter = [OverdueFilter, "service", "status"]
    search_fields = ["permit__number", "persons__person__id_number",
                     "persons__person__full_name", "plate_number", "user__email"]
    list_select_related = ["service", "slot", "permit", "user"]
    inlines = [BookingPersonInline, VehicleDayInline]
    actions = ["issue_hajj", "print_hajj", "refuse_hajj", "cancel"]
    readonly_fields = [field.name for field in Booking._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("permit number"), ordering="permit__number")
    def permit_number(self, booking):
        return getattr(getattr(booking, "permit", None), "number", "—")

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, booking):
        if booking.status != Booking.Status.REQUESTED or booking.due_by is None:
            return None
        return booking.due_by < timezone.now()

    def _each(self, request, queryset, call, done):
        count = 0
        for booking in queryset:
            try:
                call(booking)
            except PermitError as error:
                self.message_user(request, f"#{booking.pk}: {error.message}", messages.ERROR)
            else:
                count += 1
        self.message_user(request, done % {"count": count})

    @admin.action(description=_("Issue the Hajj permit"), permissions=["change"])
    def issue_hajj(self, request, queryset):
        self._each(request, queryset,
                   lambda b: services.hajj_request_issue(booking=b, acting_user=request.user),
                   ngettext_lazy("%(count)s permit issued.", "%(count)s permits issued.", "count"))

    @admin.action(description=_("Mark the Hajj permit printed"), permissions=["change"])
    def print_hajj(self, request, queryset):
        # The same service as the permit authority's report: the contract's refund tier
        # moves to "printed" and the pilgrim is told.
        self._each(request, queryset,
                   lambda b: services.hajj_permit_print(booking=b, acting_user=request.user),
                   ngettext_lazy("%(count)s permit marked printed.",
                                 "%(count)s permits marked printed.", "count"))

    @admin.action(description=_("Refuse the Hajj permit (with a reason)"), permissions=["change"])
    def refuse_hajj(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return intermediate(self, request, queryset, form, _("Refuse the Hajj permit"),
                                "refuse_hajj")
        reason = form.cleaned_data["reason"]
        self._each(request, queryset, lambda b: services.hajj_request_refuse(
            booking=b, acting_user=request.user, reason=reason), ngettext_lazy(
            "%(count)s request refused.", "%(count)s requests refused.", "count"))
        return None

    @admin.action(description=_("Cancel the booking"), permissions=["change"])
    def cancel(self, request, queryset):
        self._each(request, queryset,
                   lambda b: services.booking_cancel(booking=b, acting_user=request.user),
                   ngettext_lazy("%(count)s booking cancelled.", "%(count)s bookings cancelled.",
                                 "count"))


@admin.register(Permit)
class PermitAdmin(ReadOnlyPageAdmin, admin.ModelAdmin):
    list_display = ["number", "booking", "status", "issued_at", "printed_at", "used_at"]
    list_filter = ["status"]
    search_fields = ["number", "booking__persons__person__id_number"]
    readonly_fields = [field.name for field in Permit._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuthorityEvent)
class AuthorityEventAdmin(admin.ModelAdmin):
    """What the permit authority reported and what became of it; read only (a report is
    changed by nobody, it is evidence of the permit's state)."""

    list_display = ["received_at", "request_reference", "event", "outcome", "occurred_at",
                    "event_id"]
    list_filter = ["event", "outcome"]
    search_fields = ["request_reference", "event_id", "booking__permit__number"]
    readonly_fields = [field.name for field in AuthorityEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "id_type", "id_number", "gender", "last_hajj_season"]
    search_fields = ["id_number", "full_name"]
    list_filter = ["id_type", "gender"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ["slot", "user", "seats", "status", "created_at", "offer_expires_at"]
    list_filter = ["status"]
    readonly_fields = ["token", "booking"]


class ReleaseForm(forms.ModelForm):
    """The admissions per second offer the rates measured (bench/rush's runs that met every
    target, past releases' sustained rates), and the help text says what was measured."""

    class Meta:
        model = Release
        fields = ["service", "slots", "opens_at", "prequeue_minutes", "admit_per_second",
                  "pass_seconds"]
        widgets = {"admit_per_second": MeasuredRateInput(attrs={"class": "vIntegerField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rates = selectors.admission_rates()
        field = self.fields["admit_per_second"]
        field.widget.options = rates.options
        field.help_text = format_html("{} {}", field.help_text, rates.summary)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("service") and cleaned.get("slots") is not None:
            try:
                services.release_check(service=cleaned["service"], slots=cleaned["slots"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ForStaffWhoMayAddSlots:
    """An admin seen by the staff who may add slots, and by no one else."""

    def _may(self, request):
        return request.user.has_perm("permits.add_slot")

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)


@admin.register(Release)
class ReleaseAdmin(ForStaffWhoMayAddSlots, admin.ModelAdmin):
    """Releases behind the waiting room: for staff who may add slots."""

    form = ReleaseForm
    list_display = ["service", "opens_at", "prequeue_minutes", "admit_per_second",
                    "pass_seconds"]
    list_filter = ["service"]
    date_hierarchy = "opens_at"
    filter_horizontal = ["slots"]
    readonly_fields = ["queue_figures", "sales_figures"]

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self._may(request))

    @admin.display(description=_("Bookings measured"))
    def sales_figures(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return selectors.release_sales_text(selectors.release_sales(obj))

    @admin.display(description=_("Queue now"))
    def queue_figures(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        figures = waiting_room.figures(obj.pk)
        if figures is None:
            return _("The queue cannot be reached.")
        return _("In the pre-queue: %(prequeue)s · in line: %(in_line)s · seats admitted: "
                 "%(admitted_seats)s · seats held by passes: %(seats_in_flight)s · seats left: "
                 "%(seats_left)s") % figures


@admin.register(RushMeasurement)
class RushMeasurementAdmin(ForStaffWhoMayAddSlots, admin.ModelAdmin):
    """The runs of bench/rush that `manage.py record_rush_figures` loaded: read only (a
    measurement is the bench's record), for the staff who choose a release's rate."""

    list_display = ["measured_at", "host", "admit_per_second", "targets_met", "booking_p99_ms",
                    "poll_p99_ms", "sold_out_notice_s", "inversions_percent", "seats_sold",
                    "seats", "oversell", "errors", "pilgrims", "web_cores"]
    list_filter = ["targets_met", "admit_per_second", "host"]
    date_hierarchy = "measured_at"
    readonly_fields = [field.name for field in RushMeasurement._meta.fields]

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: False)
