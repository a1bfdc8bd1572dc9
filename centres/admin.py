from django.contrib import admin
from parler.admin import TranslatableAdmin

from .models import Centre, CentreService, Counter, KioskDevice, Ticket


@admin.register(Centre)
class CentreAdmin(TranslatableAdmin):
    list_display = ["code", "name", "priority_run_limit", "notify_ahead",
                    "tickets_per_device_per_minute", "tickets_per_mobile_per_day", "is_active"]


@admin.register(CentreService)
class CentreServiceAdmin(TranslatableAdmin):
    list_display = ["code", "name", "centre", "fee", "eservice_code", "is_active"]
    list_filter = ["centre"]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre"]
    filter_horizontal = ["services", "operators"]


@admin.register(KioskDevice)
class KioskDeviceAdmin(admin.ModelAdmin):
    """Devices are registered from the screen itself (/centres/<code>/kiosk/register/), which
    is the only place their token is shown; here staff rename or deactivate them."""

    list_display = ["label", "centre", "is_active", "registered_at", "registered_by"]
    list_filter = ["centre", "is_active"]
    fields = ["centre", "label", "is_active", "registered_at", "registered_by"]
    readonly_fields = ["centre", "registered_at", "registered_by"]

    def has_add_permission(self, request):
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "service", "lane", "status", "counter", "device",
                    "issued_at", "called_at", "finished_at"]
    list_filter = ["centre", "day", "status", "lane"]
    exclude = ["mobile"]

    def has_change_permission(self, request, obj=None):
        return False  # tickets move only through the kiosk and the counters
