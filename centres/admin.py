from django.contrib import admin
from parler.admin import TranslatableAdmin

from .models import Centre, CentreService, Counter, Ticket


@admin.register(Centre)
class CentreAdmin(TranslatableAdmin):
    list_display = ["code", "name", "priority_run_limit", "notify_ahead", "is_active"]


@admin.register(CentreService)
class CentreServiceAdmin(TranslatableAdmin):
    list_display = ["code", "name", "centre", "fee", "eservice_code", "is_active"]
    list_filter = ["centre"]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre"]
    filter_horizontal = ["services", "operators"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "service", "lane", "status", "counter", "issued_at",
                    "called_at", "finished_at"]
    list_filter = ["centre", "day", "status", "lane"]
    exclude = ["mobile"]

    def has_change_permission(self, request, obj=None):
        return False  # tickets move only through the kiosk and the counters
