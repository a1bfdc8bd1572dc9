"""The texts a pilgrim agrees to or relies on (terms of use, privacy policy, the
service-level agreement, the complaint and escalation guide), kept as versions staff publish,
and who accepted which version of the terms, when.

A text's figures (deadlines, targets, reply days, channels) are not in its body: the page
reads them from the rules' own rows (legal/figures.py), so editing a rule never leaves a
published text saying something else.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


class LegalDocument(TranslatableModel):
    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy policy")
        SLA = "service-level-agreement", _("Service-level agreement")
        COMPLAINTS = "complaints-guide", _("Complaint and escalation guide")

    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True,
        help_text=_("Empty while the version is a draft. The published version with the latest "
                    "date already reached is the one in force; a new version of the terms "
                    "asks every signed-in user to accept it."))
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        body=models.TextField(
            _("text"),
            help_text=_("Paragraphs separated by a blank line; a line starting with \"## \" "
                        "is a heading, lines starting with \"- \" a list. The figures "
                        "(deadlines, targets, channels) are added by the page from the rules' "
                        "data: do not type them here.")),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("agreement or policy text")
        verbose_name_plural = _("agreement and policy texts")
        constraints = [models.UniqueConstraint(fields=["kind", "version"],
                                               name="legal_document_version_once")]

    def __str__(self):
        return _("%(document)s, version %(version)s") % {
            "document": self.get_kind_display(), "version": self.version}


class TermsAcceptance(models.Model):
    """One row per acceptance: which version of the terms a user accepted, when, and where."""

    class Via(models.TextChoices):
        SIGNUP_WEB = "signup_web", _("Sign-up on the website")
        SIGNUP_APP = "signup_app", _("Sign-up in the app (API)")
        RENEWAL = "renewal", _("Accepted a new version")
        APP = "app", _("Accepted in the app (API)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="terms_acceptances", verbose_name=_("user"))
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT,
                                 related_name="acceptances", verbose_name=_("terms version"))
    accepted_at = models.DateTimeField(_("accepted"))
    via = models.CharField(_("accepted through"), max_length=12, choices=Via.choices)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("acceptance of the terms")
        verbose_name_plural = _("acceptances of the terms")
        constraints = [models.UniqueConstraint(fields=["user", "document"],
                                               name="legal_acceptance_once_per_version")]

    def __str__(self):
        return f"{self.user} - {self.document}"
