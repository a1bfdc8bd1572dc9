"""Permit e-services: services, their rules as data, slots, bookings, permits, waiting lists.

Every number a ministry may change (windows, limits, bars, deadlines) lives in `ServiceRule`
and its children, edited in the admin per season; code only reads them.
"""

import uuid

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from accounts.choices import Gender, IdType


class PermitService(TranslatableModel):
    """One permit e-service of RULES.md section 1 (Rawdah, Umrah, Hajj, vehicles)."""

    class Kind(models.TextChoices):
        SLOT = "slot", _("Booked in time slots, issued at once")
        HAJJ = "hajj", _("Requested, reviewed by staff")
        VEHICLE = "vehicle", _("Vehicle entry, issued at once")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SLOT)
    gender = models.CharField(
        _("only for gender"), max_length=10, choices=Gender.choices, blank=True,
        help_text=_("Rawdah has separate services for men and women."),
    )
    frequency_group = models.SlugField(
        _("frequency group"), max_length=32, blank=True,
        help_text=_("Services in the same group share the once-per-period rule (e.g. rawdah)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=0)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        description=models.TextField(_("description"), blank=True),
        instructions=models.TextField(
            _("instructions"), blank=True,
            help_text=_("Shown before booking; the visitor must accept them when required."),
        ),
    )

    class Meta:
        verbose_name = _("permit service")
        verbose_name_plural = _("permit services")
        ordering = ["ordering", "code"]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code


@pghistory.track()  # who changed a rule and why (portal.rule_changes)
class ServiceRule(models.Model):
    """The rules of one service for one season (Hijri year), as staff configure them."""

    service = models.ForeignKey(
        PermitService, on_delete=models.CASCADE, related_name="rules", verbose_name=_("service")
    )
    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    valid_from = models.DateField(_("applies to slots from"))
    valid_until = models.DateField(_("applies to slots until"))
    booking_opens_days = models.PositiveSmallIntegerField(
        _("booking opens (days before the slot)"), default=30
    )
    booking_closes_minutes = models.PositiveIntegerField(
        _("booking closes (minutes before the slot)"), default=60
    )
    cancellation_cutoff_minutes = models.PositiveIntegerField(
        _("cancellation allowed until (minutes before the slot)"), default=60
    )
    max_companions = models.PositiveSmallIntegerField(_("maximum companions"), default=0)
    frequency_days = models.PositiveIntegerField(
        _("one permit per person every (days)"), null=True, blank=True,
        help_text=_("Empty: no limit. Rawdah: 365."),
    )
    visit_minutes = models.PositiveSmallIntegerField(_("visit length (minutes)"), null=True,
                                                     blank=True)
    arrive_before_minutes = models.PositiveSmallIntegerField(
        _("gate opens (minutes before the slot)"), default=15
    )
    no_show_bar_days = models.PositiveIntegerField(
        _("a permit neither used nor cancelled bars a new one for (days)"), null=True, blank=True
    )
    requires_instructions = models.BooleanField(
        _("visitor must accept the instructions"), default=False
    )
    once_in_ramadan = models.BooleanField(_("one permit per person in Ramadan"), default=False)
    forbid_overlap = models.BooleanField(_("no overlapping permits"), default=True)
    # Hajj
    min_age_hijri_years = models.PositiveSmallIntegerField(
        _("minimum age (Hijri years)"), null=True, blank=True
    )
    repeat_after_years = models.PositiveSmallIntegerField(
        _("repeat Hajj allowed after (Hijri years)"), null=True, blank=True
    )
    first_timers_only_until = models.DateField(
        _("only first-time pilgrims until"), null=True, blank=True,
        help_text=_("The first phase; afterwards those whose last Hajj is old enough may apply."),
    )
    identity_valid_to_end_of_month = models.PositiveSmallIntegerField(
        _("identity valid to the end of Hijri month"), null=True, blank=True,
        help_text=_("12 = Dhu al-Hijjah of the season."),
    )
    processing_working_days = models.PositiveSmallIntegerField(
        _("processing time (working days)"), default=3,
        help_text=_("Working days the ministry takes to decide a request (the Hajj permit's "
                    "published 3); 0 for services decided at once."),
    )
    overdue_extra_working_days = models.PositiveSmallIntegerField(
        _("overdue decision: new expectation (working days)"), default=2,
        help_text=_("When a decision passes its processing time, the pilgrim is told to "
                    "expect it by the end of this many more working days."),
    )
    # Vehicles
    vehicle_ban_from_day = models.PositiveSmallIntegerField(
        _("vehicles need a permit from day (Dhu al-Hijjah)"), null=True, blank=True
    )
    vehicle_ban_to_day = models.PositiveSmallIntegerField(
        _("vehicles need a permit to day (Dhu al-Hijjah)"), null=True, blank=True
    )
    # Waiting list
    offer_minutes = models.PositiveIntegerField(
        _("a waiting-list offer must be confirmed within (minutes)"), default=30
    )

    class Meta:
        verbose_name = _("service rule")
        verbose_name_plural = _("service rules")
        ordering = ["service", "-season"]
        constraints = [
            models.UniqueConstraint(fields=["service", "season"], name="permits_rule_season"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")),
                                   name="permits_rule_period"),
        ]

    def __str__(self):
        return f"{self.service} {self.season}"


class GenderWindow(models.Model):
    """A daily window in which slots of a service may start (Rawdah: women, men apart)."""

    rule = models.ForeignKey(ServiceRule, on_delete=models.CASCADE, related_name="windows",
                             verbose_name=_("rule"))
    label = models.CharField(_("label"), max_length=100)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"), help_text=_("May be after midnight (earlier than start)."))

    class Meta:
        verbose_name = _("daily window")
        verbose_name_plural = _("daily windows")
        ordering = ["starts"]

    def __str__(self):
        return f"{self.label} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def contains(self, moment):
        if self.starts <= self.ends:
            return self.starts <= moment < self.ends
        return moment >= self.starts or moment < self.ends


class BlackoutPeriod(models.Model):
    """Days on which a service takes no bookings (e.g. Umrah around Hajj)."""

    rule = models.ForeignKey(ServiceRule, on_delete=models.CASCADE, related_name="blackouts",
                             verbose_name=_("rule"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        ordering = ["starts_on"]

    def __str__(self):
        return f"{self.starts_on} - {self.ends_on}"


class WorkingCalendar(models.Model):
    """The working week used for processing clocks; public holidays hang off it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    # Python weekday numbers (Monday=0); the Saudi week is Sunday to Thursday.
    working_weekdays = models.CharField(_("working weekdays (0=Monday)"), max_length=20,
                                        default="6,0,1,2,3")

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")

    def __str__(self):
        return self.name

    def weekdays(self):
        return {int(day) for day in self.working_weekdays.split(",") if day.strip()}


class HolidayRule(TranslatableModel):
    """A public holiday as the calendar publishes it, from which permits.services
    .holidays_seed generates the calendar's `PublicHoliday` days of each Hijri year: the Eids
    from their Hijri start (Umm al-Qura), the national days from their Gregorian date."""

    class Kind(models.TextChoices):
        HIJRI = "hijri", _("Hijri date (Umm al-Qura)")
        GREGORIAN = "gregorian", _("Gregorian date")

    calendar = models.ForeignKey(WorkingCalendar, on_delete=models.CASCADE,
                                 related_name="holiday_rules", verbose_name=_("calendar"))
    kind = models.CharField(_("calendar of the date"), max_length=10, choices=Kind.choices)
    month = models.PositiveSmallIntegerField(
        _("month (1-12)"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    day = models.PositiveSmallIntegerField(
        _("first day (day of the month)"),
        validators=[MinValueValidator(1), MaxValueValidator(31)])
    length_days = models.PositiveSmallIntegerField(
        _("length (days)"), default=1, validators=[MinValueValidator(1)],
        help_text=_("The official length of the holiday, counted from its first day."))
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=100))

    class Meta:
        verbose_name = _("holiday rule")
        verbose_name_plural = _("holiday rules")
        ordering = ["calendar", "kind", "month", "day"]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or (
            f"{self.month}/{self.day}")


class PublicHoliday(models.Model):
    calendar = models.ForeignKey(WorkingCalendar, on_delete=models.CASCADE,
                                 related_name="holidays", verbose_name=_("calendar"))
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)
    # The rule that generated the day (empty: a day staff added by hand); a deleted rule
    # leaves its past days in place, since deadlines were counted with them.
    rule = models.ForeignKey(HolidayRule, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="days", verbose_name=_("generated by"))

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"],
                                               name="permits_holiday_once")]

    def __str__(self):
        return f"{self.date} {self.name}"


class Person(models.Model):
    """An identified person, booker or companion: one row per identity document.

    Rules count people, not accounts, so a person booked as a companion by someone else is
    the same row as when they book for themself.
    """

    id_type = models.CharField(_("identity type"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("identity number"), max_length=30)
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    identity_expires_on = models.DateField(_("identity valid until"), null=True, blank=True)
    last_hajj_season = models.PositiveSmallIntegerField(
        _("last Hajj (Hijri year)"), null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="permit_person", verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [models.UniqueConstraint(fields=["id_type", "id_number"],
                                               name="permits_person_identity")]

    def __str__(self):
        return self.full_name

    @property
    def lock_key(self):
        return f"permits:person:{self.id_type}:{self.id_number}"


@pghistory.track()  # who changed a capacity and why (portal.rule_changes)
class SlotTemplate(models.Model):
    """Staff generate a service's slots for a date range from this pattern."""

    service = models.ForeignKey(PermitService, on_delete=models.CASCADE,
                                related_name="slot_templates", verbose_name=_("service"))
    name = models.CharField(_("name"), max_length=100)
    weekdays = models.CharField(_("weekdays (0=Monday)"), max_length=20, default="0,1,2,3,4,5,6")
    first_start = models.TimeField(_("first slot starts"))
    last_start = models.TimeField(_("last slot starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=10)
    interval_minutes = models.PositiveSmallIntegerField(_("a slot every (minutes)"), default=10)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("slot template")
        verbose_name_plural = _("slot templates")

    def __str__(self):
        return f"{self.service} / {self.name}"


class Slot(models.Model):
    """A time slot with a capacity; `remaining` is the only counter bookings touch."""

    service = models.ForeignKey(PermitService, on_delete=models.PROTECT, related_name="slots",
                                verbose_name=_("service"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    remaining = models.IntegerField(_("seats left"))
    template = models.ForeignKey(SlotTemplate, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="slots", verbose_name=_("template"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["service", "starts_at"])]
        constraints = [
            # The database itself refuses an oversell, whatever code path writes.
            models.CheckConstraint(condition=Q(remaining__gte=0),
                                   name="permits_slot_remaining_ge0"),
            models.CheckConstraint(condition=Q(remaining__lte=F("capacity")),
                                   name="permits_slot_remaining_le_capacity"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="permits_slot_period"),
            models.UniqueConstraint(fields=["service", "starts_at"], name="permits_slot_once"),
        ]

    def __str__(self):
        return f"{self.service} {self.starts_at:%Y-%m-%d %H:%M}"


@pghistory.track()
class Booking(models.Model):
    """A booking or request by one account for one or more persons."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        REQUESTED = "requested", _("Requested")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")
        USED = "used", _("Used")
        NO_SHOW = "no_show", _("Not used")

    ACTIVE = (Status.BOOKED, Status.REQUESTED, Status.USED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="permit_bookings", verbose_name=_("booked by"))
    service = models.ForeignKey(PermitService, on_delete=models.PROTECT,
                                related_name="bookings", verbose_name=_("service"))
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="bookings", verbose_name=_("slot"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    # Of `seats`, those held for invited companions who have not accepted yet (consent app):
    # the gate admits seats - held_seats.
    held_seats = models.PositiveSmallIntegerField(_("seats held for invitations"), default=0,
                                                  db_default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    instructions_accepted_at = models.DateTimeField(_("instructions accepted"), null=True,
                                                    blank=True)
    created_at = models.DateTimeField(_("created"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Hajj requests
    contract = models.ForeignKey("packages.Contract", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="permit_bookings",
                                 verbose_name=_("contract"))
    due_by = models.DateTimeField(_("decision due by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    refusal_reason = models.TextField(_("refusal reason"), blank=True)
    # Set once by the beat's sweep when the decision passed `due_by`: ministry staff were
    # told, and the pilgrim given `expected_by`.
    overdue_flagged_at = models.DateTimeField(_("flagged overdue"), null=True, blank=True)
    expected_by = models.DateTimeField(_("decision now expected by"), null=True, blank=True)
    # Vehicles
    plate_number = models.CharField(_("plate number"), max_length=20, blank=True)
    vehicle_type = models.CharField(_("vehicle type"), max_length=50, blank=True)
    driver_name = models.CharField(_("driver"), max_length=200, blank=True)
    driver_id_number = models.CharField(_("driver identity number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"],
                                    condition=~Q(idempotency_key=""),
                                    name="permits_booking_idempotency"),
        ]
        indexes = [models.Index(fields=["status", "due_by"])]

    def __str__(self):
        return f"{self.service} #{self.pk}"

    def get_absolute_url(self):
        """The pilgrim's bookings (the e-mail notices link there)."""
        return reverse("permits:mine")


class BookingPerson(models.Model):
    class Role(models.TextChoices):
        BOOKER = "booker", _("Booker")
        COMPANION = "companion", _("Companion")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="persons",
                                verbose_name=_("booking"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # The name the booker gave (a dependant's own record). Empty: the person's own name (the
    # booker, or a companion who accepted). The booker never reads a registered name they
    # did not type.
    name = models.CharField(_("name as given by the booker"), max_length=200, blank=True,
                            db_default="")

    class Meta:
        verbose_name = _("person on a booking")
        verbose_name_plural = _("persons on bookings")
        constraints = [models.UniqueConstraint(fields=["booking", "person"],
                                               name="permits_booking_person_once")]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self):
        return self.name or self.person.full_name


class VehicleDay(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="vehicle_days",
                                verbose_name=_("booking"))
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("vehicle permit day")
        verbose_name_plural = _("vehicle permit days")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["booking", "day"],
                                               name="permits_vehicle_day_once")]

    def __str__(self):
        return str(self.day)


@pghistory.track()
class Permit(models.Model):
    """The issued permit of a booking: one number, one signed code, used once at the gate."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        USED = "used", _("Used")
        CANCELLED = "cancelled", _("Cancelled")

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="permit",
                                   verbose_name=_("booking"))
    number = models.CharField(_("permit number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.VALID)
    issued_at = models.DateTimeField(_("issued"))
    # A Hajj permit the Ministry of Interior printed: the refund tier of its contract moves on.
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("admitted by"))

    class Meta:
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number


class PermitQR(models.Model):
    """A permit's signed code and its QR drawing, made on the first view and kept.

    "My permits" is reloaded by every pilgrim to show the gate their code, and drawing a QR
    costs milliseconds. The row remembers the payload it encodes: a view that computes a
    different payload (a companion accepted, the slot moved, the signing key rotated) draws
    again; otherwise it shows the stored drawing. The state is not in the payload: pages show
    the drawing only while the permit is valid.
    """

    permit = models.OneToOneField(Permit, on_delete=models.CASCADE, primary_key=True,
                                  related_name="qr", verbose_name=_("permit"))
    # The signed JSON body and the signing key's fingerprint: what the code says and who said it.
    payload = models.TextField(_("payload"))
    key_id = models.CharField(_("signing key"), max_length=16)
    code = models.TextField(_("signed code"))
    svg = models.TextField(_("QR drawing (SVG data URI)"))
    # The PDF's drawing (services.permit_qr_png): drawn on the first download, emptied
    # whenever the code is drawn again.
    png = models.BinaryField(_("QR drawing (PNG, for the PDF)"), blank=True, default=b"")
    made_at = models.DateTimeField(_("made"))

    class Meta:
        verbose_name = _("permit QR code")
        verbose_name_plural = _("permit QR codes")

    def __str__(self):
        return str(self.permit_id)


class WaitlistEntry(models.Model):
    """A family or group waiting for seats in a full slot, offered them together in turn."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered, awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        EXPIRED = "expired", _("Offer expired")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="waitlist",
                             verbose_name=_("slot"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="permit_waitlist", verbose_name=_("account"))
    persons = models.ManyToManyField(Person, related_name="waitlist_entries",
                                     verbose_name=_("persons"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    token = models.UUIDField(_("confirmation token"), default=uuid.uuid4, unique=True)
    created_at = models.DateTimeField(_("joined"))
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    booking = models.OneToOneField(Booking, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="waitlist_entry", verbose_name=_("booking"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True,
                                       default="")
    # The companions as the booker named them ({"dependant": id} or {"id_type", "id_number",
    # "mobile"}): invitations go out only once the offer is confirmed into a booking.
    companions = models.JSONField(_("companions as named"), default=list, blank=True)

    ACTIVE = (Status.WAITING, Status.OFFERED)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["created_at", "pk"]
        constraints = [
            # At most one live offer per slot: seats are held for one entry at a time.
            models.UniqueConstraint(fields=["slot"], condition=Q(status="offered"),
                                    name="permits_waitlist_one_offer"),
            # One place in a slot's line per account: a retried join (a double click, a
            # mobile retry) racing the first one fails here and gets the first entry back.
            models.UniqueConstraint(fields=["slot", "user"],
                                    condition=Q(status__in=["waiting", "offered"]),
                                    name="permits_waitlist_one_live_entry"),
            models.UniqueConstraint(fields=["user", "idempotency_key"],
                                    condition=~Q(idempotency_key=""),
                                    name="permits_waitlist_idempotency"),
        ]

    def __str__(self):
        return f"{self.slot} / {self.user} ({self.seats})"


class AuthorityEvent(models.Model):
    """One report of the permit authority (the Ministry of Interior's system) about a Hajj
    request, as received: kept whatever became of it, so a report sent again (the same
    event_id) is recognised and changes nothing, and staff can trace every change of a
    permit's state to the report that made it."""

    class Event(models.TextChoices):
        ISSUED = "issued", _("Permit issued")
        PRINTED = "printed", _("Permit printed")
        REFUSED = "refused", _("Permit refused")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNCHANGED = "unchanged", _("Already in that state")
        OUT_OF_ORDER = "out_of_order", _("Out of order: nothing changed")
        UNKNOWN_REQUEST = "unknown_request", _("No such request")

    # What a sender may not repeat with another answer: the report was taken into account.
    ACCEPTED = (Outcome.APPLIED, Outcome.UNCHANGED)

    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    request_reference = models.CharField(_("request reference"), max_length=40)
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="authority_events", verbose_name=_("request"))
    payload = models.JSONField(_("report as received"))
    occurred_at = models.DateTimeField(_("occurred"))
    received_at = models.DateTimeField(_("received"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("permit authority report")
        verbose_name_plural = _("permit authority reports")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.request_reference} {self.event} ({self.event_id})"


class Release(models.Model):
    """A release of slots that opens at a set time behind the virtual waiting room
    (permits/waiting_room.py): from `prequeue_minutes` before `opens_at` until its last slot
    starts, booking one of its slots needs a pass from the queue."""

    service = models.ForeignKey(PermitService, on_delete=models.PROTECT, related_name="releases",
                                verbose_name=_("service"))
    slots = models.ManyToManyField(Slot, related_name="releases", verbose_name=_("slots"))
    opens_at = models.DateTimeField(_("opens at"))
    prequeue_minutes = models.PositiveIntegerField(
        _("pre-queue window (minutes)"), default=15,
        help_text=_("Everyone who arrives this long before the opening gets a random place "
                    "at the opening."))
    admit_per_second = models.PositiveIntegerField(
        _("admissions per second"), validators=[MinValueValidator(1)],
        help_text=_("Seats admitted from the queue each second: the booking rate the system "
                    "sustains."))
    pass_seconds = models.PositiveIntegerField(
        _("pass validity (seconds)"), default=300, validators=[MinValueValidator(1)],
        help_text=_("How long an admitted person may book before the pass expires."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-opens_at"]

    def __str__(self):
        return f"{self.service} {self.opens_at:%Y-%m-%d %H:%M}"


class RushMeasurement(models.Model):
    """One run of bench/rush/run.py with the waiting room, as the bench recorded it
    (permits/rush_record.py) and `manage.py record_rush_figures` loaded it: the admission
    rate it ran at, its size and figures, and whether it met every target of issue #21.
    The release admin offers the rates of the runs that met them."""

    measured_at = models.DateTimeField(_("measured at"))
    host = models.CharField(_("machine"), max_length=255)
    admit_per_second = models.PositiveIntegerField(_("admissions per second"),
                                                   validators=[MinValueValidator(1)])
    pilgrims = models.PositiveIntegerField(_("pilgrims"))
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    arrival_seconds = models.FloatField(_("arrivals within (seconds)"))
    web_cores = models.PositiveSmallIntegerField(_("web server cores"),
                                                 validators=[MinValueValidator(1)])
    booking_p99_ms = models.FloatField(_("booking p99 of the admitted (ms)"))
    poll_p99_ms = models.FloatField(_("poll p99 (ms)"))
    sold_out_notice_s = models.FloatField(_("sold-out told within (seconds)"))
    inversions_percent = models.FloatField(_("overtaken by a later arrival (%)"))
    oversell = models.PositiveIntegerField(_("seats oversold"))
    errors = models.PositiveIntegerField(
        _("errors"), help_text=_("Server errors, timeouts, connection errors and pilgrims who "
                                 "gave up waiting."))
    seats_sold = models.PositiveIntegerField(_("seats sold"))
    targets_met = models.BooleanField(_("every target met"))
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("rush measurement")
        verbose_name_plural = _("rush measurements")
        ordering = ["-measured_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["host", "measured_at"],
                                               name="permits_rush_measured_once")]

    def __str__(self):
        return f"{self.host} {self.measured_at:%Y-%m-%d %H:%M:%S} ({self.admit_per_second}/s)"
