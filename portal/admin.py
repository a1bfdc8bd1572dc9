from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from parler.admin import TranslatableAdmin

from .models import EService, MaintenanceWindow, ScheduledRuleChange, SupportChannel

# The admin carries the portal's name (SITE_NAME, translated when it is the default), read
# when a page is rendered, in that page's language; its look is templates/admin/base_site.html.
_site_name = lazy(lambda: str(settings.SITE_NAME), str)()
admin.site.site_header = _site_name
admin.site.site_title = _site_name
admin.site.index_title = _("Staff back office")


@admin.register(EService)
class EServiceAdmin(TranslatableAdmin):
    list_display = ["code", "__str__", "satisfaction_target", "yearly_transactions",
                    "processing_working_days", "digitisation_percent", "completion_percent",
                    "display_order", "is_active"]
    list_editable = ["display_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "translations__name"]
    fieldsets = [
        (None, {"fields": ["code", "name", "description", "url_name", "display_order",
                           "is_active"]}),
        (_("Published service levels"), {"fields": [
            "satisfaction_target", "yearly_transactions", "processing_time",
            "processing_working_days", "availability", "availability_hours_per_day",
            "digitisation_percent", "completion_percent",
        ]}),
    ]


@admin.register(SupportChannel)
class SupportChannelAdmin(TranslatableAdmin):
    list_display = ["__str__", "kind", "value", "display_order", "is_active"]
    list_editable = ["display_order", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(TranslatableAdmin):
    list_display = ["__str__", "starts_at", "ends_at", "is_announced"]
    list_filter = ["is_announced"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["services"]


@admin.register(ScheduledRuleChange)
class ScheduledRuleChangeAdmin(admin.ModelAdmin):
    """Changes kept for a later day (made from a rule's own page); a pending one may be
    cancelled here before its day."""

    list_display = ["content_type", "object_id", "effective_at", "status", "created_by",
                    "reason"]
    list_filter = ["status", "content_type"]
    readonly_fields = ["content_type", "object_id", "values", "effective_at", "reason",
                       "created_by", "status", "created_at", "applied_at"]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cancel the selected pending changes"), permissions=["change"])
    def cancel(self, request, queryset):
        queryset.filter(status=ScheduledRuleChange.Status.PENDING).update(
            status=ScheduledRuleChange.Status.CANCELLED)
