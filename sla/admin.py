from django.contrib import admin

from .models import Policy, Survey, Transaction


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """The thresholds that judge figures green/amber/red, one row per season."""

    list_display = ["hijri_year", "availability_target", "satisfaction_floor", "amber_margin",
                    "satisfied_from_rating", "immediate_seconds", "survey_sms"]
    list_filter = ["hijri_year"]


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    """Read-only: transactions are recorded by the owning apps, never typed in."""

    list_display = ["started_at", "service", "channel", "outcome", "completed_at", "provider",
                    "reference"]
    list_filter = ["outcome", "channel", "service"]
    search_fields = ["=reference"]
    date_hierarchy = "started_at"
    show_full_result_count = False  # no count(*) over tens of millions of rows
    list_select_related = ["service", "provider"]
    raw_id_fields = ["user", "provider"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["answered_at", "transaction", "rating", "via"]
    list_filter = ["rating", "via"]
    raw_id_fields = ["transaction"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
