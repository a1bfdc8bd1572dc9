"""Service centres (RULES.md section 2): counters, the services each handles, numbered
tickets drawn at a kiosk with a priority lane, called to counters and shown on a screen."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


class Centre(TranslatableModel):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        address=models.CharField(_("address"), max_length=300, blank=True),
    )
    priority_run_limit = models.PositiveSmallIntegerField(
        _("priority calls in a row while regular tickets wait"), default=3,
        help_text=_("Fairness rule: after this many priority tickets in a row at a counter, "
                    "the next call takes the oldest regular ticket if one waits."))
    notify_ahead = models.PositiveSmallIntegerField(
        _("SMS when this many tickets are ahead or fewer"), default=3)
    tickets_per_device_per_minute = models.PositiveSmallIntegerField(
        _("tickets a kiosk may give per minute"), default=6,
        help_text=_("More than a queue of visitors can take at one screen: a script drawing "
                    "numbers to fill the queue is stopped here."))
    tickets_per_mobile_per_day = models.PositiveSmallIntegerField(
        _("tickets per mobile number per day"), default=3,
        help_text=_("Across all centres: nobody can fill a queue or send SMS to a stranger "
                    "by typing the same number again and again."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code


class CentreService(TranslatableModel):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="services",
                               verbose_name=_("centre"))
    code = models.SlugField(_("code"), max_length=30)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        required_documents=models.TextField(_("required documents"), blank=True,
                                            help_text=_("One document per line.")),
    )
    fee = models.DecimalField(_("fee (SAR)"), max_digits=9, decimal_places=2, default=0)
    eservice_code = models.CharField(
        _("e-service code"), max_length=40, blank=True,
        help_text=_("The catalogue's e-service this counts towards, for the SLA figures."))
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_order", "code"]
        verbose_name = _("centre service")
        verbose_name_plural = _("centre services")
        constraints = [models.UniqueConstraint(fields=["centre", "code"],
                                               name="centres_service_code_once")]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code

    @property
    def document_list(self) -> list[str]:
        text = self.safe_translation_getter("required_documents", any_language=True) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class Counter(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="counters",
                               verbose_name=_("centre"))
    label = models.CharField(_("label"), max_length=20)
    services = models.ManyToManyField(CentreService, related_name="counters",
                                      verbose_name=_("services handled"))
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                       related_name="centre_counters",
                                       verbose_name=_("staff who may work it"))
    priority_streak = models.PositiveSmallIntegerField(_("priority calls in a row"), default=0,
                                                       editable=False)

    class Meta:
        ordering = ["centre", "label"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return f"{self.centre.code} {self.label}"


class KioskDevice(models.Model):
    """A screen or kiosk app that staff registered for a centre: only it gives tickets.

    The token lives on the device (a cookie set by the staff-only "register this screen"
    page); only its SHA-256 is kept here, so the database
    cannot be used to impersonate a kiosk. Unticking "active" retires a lost device.
    """

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="kiosk_devices",
                               verbose_name=_("centre"))
    label = models.CharField(_("label"), max_length=60,
                             help_text=_("Where it stands, e.g. \"Entrance, left\"."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("registered by"))

    class Meta:
        ordering = ["centre", "label"]
        verbose_name = _("kiosk device")
        verbose_name_plural = _("kiosk devices")

    def __str__(self):
        return f"{self.centre.code} {self.label}"


class TicketSequence(models.Model):
    """The last number drawn per centre, day and lane (numbers restart every day)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE)
    day = models.DateField()
    lane = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "day", "lane"],
                                               name="centres_one_sequence")]

    def __str__(self):
        return f"{self.centre_id} {self.day} {self.lane}: {self.last_number}"


class Ticket(models.Model):
    class Lane(models.TextChoices):
        REGULAR = "regular", _("Regular")
        PRIORITY = "priority", _("Priority (elderly and people with special needs)")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        SERVED = "served", _("Served")
        NO_SHOW = "no_show", _("Did not come")

    PREFIX = {Lane.REGULAR: "A", Lane.PRIORITY: "P"}

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="tickets",
                               verbose_name=_("centre"))
    service = models.ForeignKey(CentreService, on_delete=models.PROTECT,
                                verbose_name=_("service"))
    lane = models.CharField(_("lane"), max_length=10, choices=Lane.choices)
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    device = models.ForeignKey(KioskDevice, on_delete=models.PROTECT, null=True,
                               related_name="tickets", verbose_name=_("kiosk"))
    mobile = models.CharField(_("mobile for SMS"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, default="ar")
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="tickets", verbose_name=_("counter"))
    issued_at = models.DateTimeField(_("drawn"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    notified_near = models.BooleanField(_("told the turn is near"), default=False)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [models.UniqueConstraint(fields=["centre", "day", "lane", "number"],
                                               name="centres_ticket_number_once")]
        indexes = [models.Index(fields=["centre", "status", "lane", "issued_at"]),
                   models.Index(fields=["device", "issued_at"]),
                   models.Index(fields=["mobile", "day"])]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.PREFIX[self.lane]}-{self.number:03d}"
