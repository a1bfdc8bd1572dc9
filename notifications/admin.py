from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import EmailMessage, InboundSms, SmsMessage
from .services import email_retry, sms_retry


class OutboxAdmin(admin.ModelAdmin):
    """An outbox, read-only: rows change only through the services (send, retry). A
    subclass names its `retry` service and the words of its action's outcome."""

    list_filter = ["status", "language", "created_at"]
    list_select_related = ["about_content_type"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]

    @admin.display(description=_("recipient"))
    def recipient_masked(self, obj):
        return obj.recipient_masked

    @admin.display(description=_("about"))
    def about(self, obj):
        # Type and id, not the object itself: no query per row in the list.
        if obj.about_content_type_id:
            return _("%(type)s #%(id)s") % {
                "type": obj.about_content_type.name,
                "id": obj.about_object_id,
            }
        return obj.about_reference

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=self.model.Status.FAILED))
        with transaction.atomic():
            for message in failed:
                self.retry(message=message)
        self.message_user(request, self.retried_text(len(failed)), messages.SUCCESS)
        skipped = queryset.count() - len(failed)
        if skipped:
            self.message_user(request, self.skipped_text(skipped), messages.WARNING)


@admin.register(SmsMessage)
class SmsMessageAdmin(OutboxAdmin):
    list_display = [
        "created_at", "recipient_masked", "language", "status", "attempts",
        "next_attempt_at", "sent_at", "about",
    ]  # fmt: skip
    search_fields = ["=idempotency_key", "=provider_message_id", "about_reference"]
    fields = [
        "idempotency_key", "recipient_masked", "language", "text", "status", "attempts",
        "last_error", "next_attempt_at", "claimed_at", "outcome_unknown", "provider_message_id",
        "created_at", "sent_at", "user", "about",
    ]  # fmt: skip
    readonly_fields = fields
    retry = staticmethod(sms_retry)

    @admin.action(description=_("Send the selected failed SMS again"), permissions=["change"])
    def retry_failed(self, request, queryset):
        self._retry_failed(request, queryset)

    def retried_text(self, count):
        return ngettext("%(count)d SMS was put back in the queue.",
                        "%(count)d SMS were put back in the queue.", count) % {"count": count}

    def skipped_text(self, count):
        return ngettext("%(count)d SMS was skipped: only failed SMS can be retried.",
                        "%(count)d SMS were skipped: only failed SMS can be retried.",
                        count) % {"count": count}


@admin.register(EmailMessage)
class EmailMessageAdmin(OutboxAdmin):
    list_display = [
        "created_at", "recipient_masked", "language", "subject", "status", "attempts",
        "next_attempt_at", "sent_at", "about",
    ]  # fmt: skip
    search_fields = ["=idempotency_key", "about_reference"]
    fields = [
        "idempotency_key", "recipient_masked", "language", "subject", "text", "status",
        "attempts", "last_error", "next_attempt_at", "claimed_at", "created_at", "sent_at",
        "user", "about",
    ]  # fmt: skip
    readonly_fields = fields
    retry = staticmethod(email_retry)

    @admin.action(description=_("Send the selected failed e-mails again"),
                  permissions=["change"])
    def retry_failed(self, request, queryset):
        self._retry_failed(request, queryset)

    def retried_text(self, count):
        return ngettext("%(count)d e-mail was put back in the queue.",
                        "%(count)d e-mails were put back in the queue.",
                        count) % {"count": count}

    def skipped_text(self, count):
        return ngettext(
            "%(count)d e-mail was skipped: only failed e-mails can be sent again.",
            "%(count)d e-mails were skipped: only failed e-mails can be sent again.",
            count) % {"count": count}


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    """What people texted the portal and what they were answered, read-only; the number
    shows its last digits only."""

    list_display = ["created_at", "sender_masked", "outcome", "message_id"]
    list_filter = ["outcome", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["=message_id"]
    fields = ["message_id", "sender_masked", "text", "received_at", "created_at", "outcome",
              "reply"]
    readonly_fields = fields

    @admin.display(description=_("sender"))
    def sender_masked(self, obj):
        return obj.sender_masked

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
