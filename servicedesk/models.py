"""The e-service desk: typed requests and questions, routed to expert teams by topic.

What each type requires (documents, fee, first-response and resolution targets) is data
staff edit in the admin; a request copies the targets into its own deadlines when it is
filed, so a later change of a target never moves the deadline of a request already filed.
"""

import pghistory
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


@pghistory.track()  # who changed a target and why (portal.rule_changes)
class RequestType(TranslatableModel):
    class Kind(models.TextChoices):
        NEW_REQUEST = "new_request", _("New transaction request (inside Saudi Arabia)")
        NEW_REQUEST_ABROAD = "new_request_abroad", _("New transaction request (from abroad)")
        QUESTION = "question", _("Question")
        # The national portal charter's "complaints, grievances and suggestions": a
        # suggestion is filed, acknowledged, routed to a team and answered like a desk
        # request, so it is one (its own e-service in the catalogue, see eservice_code).
        SUGGESTION = "suggestion", _("Suggestion")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        required_documents=models.TextField(
            _("required documents"), blank=True,
            help_text=_("One document per line; shown to the pilgrim before filing."),
        ),
    )
    fee = models.DecimalField(_("fee (SAR)"), max_digits=9, decimal_places=2, default=0)
    first_response_hours = models.PositiveIntegerField(_("first response target (hours)"),
                                                       default=24)
    resolution_hours = models.PositiveIntegerField(_("resolution target (hours)"), default=72)
    # Published service levels in working days (Tawasul answers an enquiry within 14 working
    # days): measured on the portal's working calendar, holidays skipped, not in hours.
    reply_working_days = models.PositiveSmallIntegerField(
        _("reply target (working days)"), null=True, blank=True,
        help_text=_("When set, the reply is due at the end of this many working days after "
                    "filing (working calendar, holidays skipped) instead of the first "
                    "response hours; the filing SMS tells the pilgrim that date."))
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_order", "code"]
        verbose_name = _("request type")
        verbose_name_plural = _("request types")

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code

    @property
    def eservice_code(self) -> str:
        """The catalogue's e-service this type counts towards (a question is a new request;
        a suggestion is the catalogue's "suggestion", seeded by servicedesk.catalogue)."""
        return self.kind if self.kind != self.Kind.QUESTION else self.Kind.NEW_REQUEST

    @property
    def document_list(self) -> list[str]:
        text = self.safe_translation_getter("required_documents", any_language=True) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ExpertTeam(models.Model):
    """A team of experts is an auth group of staff users; its members answer its topics."""

    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="expert_team",
                                 verbose_name=_("staff group"))
    email = models.EmailField(_("team e-mail"), blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="led_expert_teams",
                             verbose_name=_("team lead"),
                             help_text=_("Receives the team's overdue requests (escalation "
                                         "level \"team lead\")."))
    is_second_line = models.BooleanField(
        _("second-line ministry team"), default=False,
        help_text=_("Takes over requests still overdue at the second-line escalation step."))

    class Meta:
        verbose_name = _("expert team")
        verbose_name_plural = _("expert teams")
        ordering = ["group__name"]

    def __str__(self):
        return self.group.name


class EscalationStep(models.Model):
    """One level of the desk's one escalation chain, edited by staff in the admin.

    A request whose deadline (first response, then resolution) was missed climbs the chain,
    one level at a time and never down: the step after its current level applies once the
    deadline has been missed by `after_hours`. Each climb is an `Escalation` row.
    """

    class Holder(models.TextChoices):
        TEAM_LEAD = "team_lead", _("The lead of the request's team")
        SECOND_LINE = "second_line", _("A second-line ministry team")

    level = models.PositiveSmallIntegerField(_("level"), unique=True)
    holder = models.CharField(_("goes to"), max_length=20, choices=Holder.choices)
    team = models.ForeignKey(ExpertTeam, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="escalation_steps", verbose_name=_("second-line team"),
                             limit_choices_to={"is_second_line": True})
    after_hours = models.PositiveIntegerField(
        _("applies after (hours past the missed deadline)"),
        help_text=_("How long after the missed deadline the request moves to this level."))
    answer_within_working_days = models.PositiveSmallIntegerField(
        _("new expectation (working days)"),
        help_text=_("The pilgrim is told to expect an answer by the end of this many working "
                    "days after the escalation."))

    class Meta:
        ordering = ["level"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation chain")

    def __str__(self):
        return f"{self.level}. {self.get_holder_display()}"

    def clean(self):
        if self.holder == self.Holder.SECOND_LINE and self.team_id is None:
            raise ValidationError({"team": _("Choose the second-line team.")})
        if self.holder == self.Holder.TEAM_LEAD and self.team_id is not None:
            raise ValidationError({"team": _("The team lead step goes to the request's own "
                                             "team's lead; leave the team empty.")})


class Topic(TranslatableModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=200))
    team = models.ForeignKey(ExpertTeam, on_delete=models.PROTECT, related_name="topics",
                             verbose_name=_("expert team"))
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_order", "code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code


class DeskRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, waiting for an expert")
        ANSWERED = "answered", _("Answered, waiting for you")
        RESOLVED = "resolved", _("Resolved")

    # The same states as experts read them in the admin (Status is worded for the pilgrim).
    STAFF_STATUS_LABELS = {
        Status.RECEIVED: _("Waiting for our answer"),
        Status.ANSWERED: _("Answered, waiting for the pilgrim"),
        Status.RESOLVED: _("Resolved"),
    }

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="desk_requests", verbose_name=_("pilgrim"))
    request_type = models.ForeignKey(RequestType, on_delete=models.PROTECT,
                                     verbose_name=_("type"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("topic"))
    team = models.ForeignKey(ExpertTeam, on_delete=models.PROTECT, related_name="requests",
                             verbose_name=_("expert team"))
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RECEIVED)
    # What the pilgrim filed with, kept for the public inquiry even if the profile changes.
    filed_id_number = models.CharField(_("identity number filed with"), max_length=15)
    filed_mobile = models.CharField(_("mobile filed with"), max_length=20)
    fee = models.DecimalField(_("fee (SAR)"), max_digits=9, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("filed"))
    # The charter: every complaint, grievance and suggestion is acknowledged the same working
    # day it is received. The filing SMS (with the reference) is that acknowledgement.
    acknowledgement_due = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"))
    resolution_due = models.DateTimeField(_("resolution due"))
    first_responded_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # Where the escalation chain has it (0: not escalated); the history is `escalations`.
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="assigned_desk_requests",
                                    verbose_name=_("assigned to"))
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    escalated_team = models.ForeignKey(ExpertTeam, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="escalated_requests",
                                       verbose_name=_("second-line team"))
    expected_by = models.DateTimeField(_("answer expected by (told to the pilgrim)"), null=True,
                                       blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("desk request")
        verbose_name_plural = _("desk requests")
        indexes = [models.Index(fields=["team", "status", "resolution_due"])]

    def __str__(self):
        return self.reference

    @property
    def next_deadline(self):
        if self.status == self.Status.RESOLVED:
            return None
        return self.first_response_due if self.first_responded_at is None else \
            self.resolution_due

    @property
    def next_deadline_kind(self) -> str:
        return (Escalation.Deadline.FIRST_RESPONSE if self.first_responded_at is None
                else Escalation.Deadline.RESOLUTION)


class Escalation(models.Model):
    """One climb of a request up the escalation chain: the history staff and the help desk
    read (who it went to, when, which deadline was missed, what the pilgrim was told)."""

    class Deadline(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("First response")
        RESOLUTION = "resolution", _("Resolution")

    request = models.ForeignKey(DeskRequest, on_delete=models.CASCADE,
                                related_name="escalations", verbose_name=_("request"))
    level = models.PositiveSmallIntegerField(_("level"))
    step = models.ForeignKey(EscalationStep, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("escalation step"))
    missed_deadline = models.CharField(_("missed deadline"), max_length=20,
                                       choices=Deadline.choices)
    deadline_at = models.DateTimeField(_("deadline that was missed"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("went to"))
    team = models.ForeignKey(ExpertTeam, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("team"))
    escalated_at = models.DateTimeField(_("escalated"))
    expected_by = models.DateTimeField(_("new expectation told to the pilgrim"))
    # A climb staff asked for ("Escalate now"): who, and why; the sweep's have neither.
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("escalated by"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["request", "level"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["request", "level"],
                                               name="servicedesk_escalation_once_per_level")]

    def __str__(self):
        return f"{self.request} → {self.level}"


class Message(models.Model):
    request = models.ForeignKey(DeskRequest, on_delete=models.CASCADE, related_name="messages",
                                verbose_name=_("request"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               verbose_name=_("author"))
    from_expert = models.BooleanField(_("from an expert"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.request} #{self.pk}"


def attachment_path(instance, filename):
    # Never the pilgrim's file name on disk: it may hold personal data or path tricks.
    return f"servicedesk/{instance.message.request.reference}/{instance.token}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("message"))
    token = models.CharField(max_length=40, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
