from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from compensation import release_holds
        from packages import sale_barriers
        from portal.dashboard import dashboard_panel_register
        from portal.season_rules import SeasonRows, season_rows_register
        from sla.providers import complaint_source_register

        from .selectors import (
            complaint_panel_for_pilgrim,
            open_complaint_numbers,
            provider_sale_barrier,
        )
        from .sla_figures import sla_complaint_figures

        complaint_source_register(sla_complaint_figures)
        # Sanctions bar a provider's sales; packages asks through its registry.
        sale_barriers.register(provider_sale_barrier)
        # An open complaint holds the provider's guarantee; compensation asks through its
        # registry (it sits below complaints).
        release_holds.register_open_complaints(open_complaint_numbers)

        dashboard_panel_register(
            key="complaints", template_name="complaints/dashboard_panel.html", order=30,
            get_context=lambda request: complaint_panel_for_pilgrim(user=request.user),
            is_visible=lambda request: not request.user.is_staff,
        )
        # The season's complaint policy is copied into the next season when it opens.
        season_rows_register(SeasonRows(model="complaints.Policy", season_field="season"))

        # A policy's edit (its deadlines): previewed, saved with a reason, or scheduled.
        from portal import rule_changes

        from .selectors import policy_change_impact
        from .services import policy_change_apply

        rule_changes.declare("complaints.Policy", impact=policy_change_impact,
                             apply=policy_change_apply)

        # The help desk (casework) works on complaints through its registry; a complaint's
        # topic is the service item it is about.
        from casework import kinds

        from .models import ITEM_CHOICES, Complaint

        kinds.register(kinds.CaseKind(
            key="complaint", model=Complaint, reference=lambda case: case.number or "",
            pilgrim=lambda case: case.pilgrim, topic=lambda case: case.item,
            topics=lambda: [(key, str(label)) for key, label in ITEM_CHOICES]))

        # A complaint by its number (portal.references: the public inquiry, the SMS keyword).
        from portal import references as reference_kinds

        from .selectors import COMPLAINT_NUMBER, complaint_reference_find

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="complaint", label=_("Complaint"), pattern=COMPLAINT_NUMBER,
            find=complaint_reference_find))
