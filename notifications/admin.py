from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import EmailMessage, SmsMessage
from .services import email_retry, sms_retry


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: rows change only through the services (send, retry)."""

    list_display = [
        "created_at", "recipient_masked", "language", "status", "attempts",
        "next_attempt_at", "sent_at", "about",
    ]  # fmt: skip
    list_filter = ["status", "language", "created_at"]
    search_fields = ["=idempotency_key", "=provider_message_id", "about_reference"]
    list_select_related = ["about_content_type"]
    date_hierarchy = "created_at"
    fields = [
        "idempotency_key", "recipient_masked", "language", "text", "status", "attempts",
        "last_error", "next_attempt_at", "claimed_at", "outcome_unknown", "provider_message_id",
        "created_at", "sent_at", "user", "about",
    ]  # fmt: skip
    readonly_fields = fields
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

    @admin.action(description=_("Send the selected failed SMS again"), permissions=["change"])
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=SmsMessage.Status.FAILED))
        with transaction.atomic():
            for message in failed:
                sms_retry(message=message)
        skipped = queryset.count() - len(failed)
        self.message_user(
            request,
            ngettext(
                "%(count)d SMS was put back in the queue.",
                "%(count)d SMS were put back in the queue.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d SMS was skipped: only failed SMS can be retried.",
                    "%(count)d SMS were skipped: only failed SMS can be retried.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(EmailMessage)
class EmailMessageAdmin(admin.ModelAdmin):
    """The e-mail outbox, read-only like the SMS's; failed rows can be sent again."""

    list_display = [
        "created_at", "recipient_masked", "language", "subject", "status", "attempts",
        "next_attempt_at", "sent_at", "about",
    ]  # fmt: skip
    list_filter = ["status", "language", "created_at"]
    search_fields = ["=idempotency_key", "about_reference"]
    list_select_related = ["about_content_type"]
    date_hierarchy = "created_at"
    fields = [
        "idempotency_key", "recipient_masked", "language", "subject", "text", "status",
        "attempts", "last_error", "next_attempt_at", "claimed_at", "created_at", "sent_at",
        "user", "about",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["retry_failed"]

    @admin.display(description=_("recipient"))
    def recipient_masked(self, obj):
        return obj.recipient_masked

    about = SmsMessageAdmin.about

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed e-mails again"),
                  permissions=["change"])
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=EmailMessage.Status.FAILED))
        with transaction.atomic():
            for message in failed:
                email_retry(message=message)
        skipped = queryset.count() - len(failed)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail was put back in the queue.",
                "%(count)d e-mails were put back in the queue.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was skipped: only failed e-mails can be sent again.",
                    "%(count)d e-mails were skipped: only failed e-mails can be sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
