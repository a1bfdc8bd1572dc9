"""The help desk's admin: what it adds to the admin of every kind of case."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin_due_today import DueCount, DueItem, DuePanel, due_today_register
from portal.calendars import format_dual_datetime

from . import at_risk, kinds
from .models import AtRiskRule

# At risk and satisfaction


@admin.register(AtRiskRule)
class AtRiskRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "percent_left", "hours_left"]


class AtRiskFilter(admin.SimpleListFilter):
    title = _("at risk")
    parameter_name = "at_risk"

    def lookups(self, request, model_admin):
        return [("yes", _("At risk"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(at_risk_since__isnull=False)
        return queryset


class AtRiskAdminMixin:
    """Put before the ModelAdmin of a kind of case: its rows carry `at_risk_since`, the list
    a badge (`at_risk_badge`) and the "At risk" filter (`AtRiskFilter`), its page a line
    (`at_risk_shown`)."""

    def get_queryset(self, request):
        return self.with_at_risk(super().get_queryset(request))

    def with_at_risk(self, queryset):
        """For a ModelAdmin whose get_queryset does not call super()'s."""
        return at_risk.with_at_risk(queryset, kinds.of(self.model))

    @admin.display(description=_("at risk"), ordering="at_risk_since")
    def at_risk_badge(self, obj):
        if getattr(obj, "at_risk_since", None) is None:
            return ""
        return format_html('<strong class="case-at-risk">⚠ {}</strong>', _("At risk"))

    @admin.display(description=_("at risk"))
    def at_risk_shown(self, obj):
        if getattr(obj, "at_risk_since", None) is None:
            return "-"
        labels = kinds.of(obj).deadline_labels()
        return format_html(
            '<strong class="case-at-risk">⚠ {}</strong>',
            _("At risk of missing its %(deadline)s (due %(due)s), since %(since)s") % {
                "deadline": labels.get(obj.risk_deadline, obj.risk_deadline),
                "due": format_dual_datetime(obj.risk_due),
                "since": format_dual_datetime(obj.at_risk_since)})


def _at_risk_panel(user, now):
    """The cases at risk the member of staff may open, of every kind, the nearest first."""
    counts, items = [], []
    for kind in kinds.all_kinds():
        meta = kind.model._meta
        if kind.staff_cases is None or not user.has_perm(
                f"{meta.app_label}.view_{meta.model_name}"):
            continue
        found = at_risk.cases_at_risk_for_staff(user=user, kind=kind)
        counts.append(DueCount(str(meta.verbose_name_plural), found["count"],
                               f"{at_risk.case_admin_url(kind)}?at_risk=yes"))
        items += [_item(kind, case, now) for case in found["items"]]
    if not counts:
        return None
    return DuePanel(title=_("Cases at risk of missing a deadline"), counts=counts,
                    items=sorted(items, key=lambda item: item.due_at))


def _item(kind, case, now) -> DueItem:
    labels = kind.deadline_labels()
    return DueItem(label=kind.reference(case), url=at_risk.case_admin_url(kind, case.pk),
                   what=_("%(deadline)s by") % {
                       "deadline": labels.get(case.risk_deadline, case.risk_deadline)},
                   due_at=case.risk_due, overdue=case.risk_due < (now or timezone.now()))


due_today_register(key="casework_at_risk", order=5, panel=_at_risk_panel)
