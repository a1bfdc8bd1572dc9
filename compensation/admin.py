"""Back office of the compensation annex (rules as data) and, later, the claims."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AnnexRule, Policy


@admin.register(AnnexRule)
class AnnexRuleAdmin(admin.ModelAdmin):
    list_display = ["season", "item", "failure", "percent", "floor", "cap",
                    "corrective_period_minutes", "repeat_rule", "repeat_percent",
                    "ministry_provides", "has_note"]
    list_filter = ["season", "failure", "item", "repeat_rule"]
    list_editable = []
    readonly_fields = []
    fieldsets = [
        (None, {"fields": ["season", "item", "failure"]}),
        (_("Amount"), {"fields": ["percent", "floor", "cap", "repeat_rule", "repeat_percent",
                                  "ministry_provides", "must_still_deliver"]}),
        (_("Corrective period"), {"fields": ["corrective_period_minutes"]}),
        (_("Note"), {"fields": ["note"]}),
    ]

    @admin.display(boolean=True, description=_("note"))
    def has_note(self, obj):
        return bool(obj.note)

    def get_readonly_fields(self, request, obj=None):
        # The note explains an ambiguous cell; staff see it above the figures they edit.
        return ["season", "item", "failure"] if obj else []


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "decision_days"]

    def has_add_permission(self, request):
        return not Policy.objects.exists()
