from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from .authorities import authorities_seed

        # Seeded data, not a migration (after a test database's flush too).
        post_migrate.connect(authorities_seed, sender=self,
                             dispatch_uid="complaints.reporting_authorities")

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

        from . import selectors as case_selectors
        from .models import FINAL, ITEM_CHOICES, Complaint
        from .services import complaint_close_as_duplicate

        # Moving a complaint another agent holds is for monitors (casework's permission).
        kinds.register(kinds.CaseKind(
            key="complaint", model=Complaint, reference=lambda case: case.number or "",
            pilgrim=lambda case: case.pilgrim, topic=lambda case: case.item,
            topics=lambda: [(key, str(label)) for key, label in ITEM_CHOICES],
            reference_field="number",
            due=lambda case: None if case.status in FINAL else case.fix_due_at,
            is_closed=lambda case: case.status in FINAL,
            close_as_duplicate=lambda case, *, survivor, acting_user:
                complaint_close_as_duplicate(complaint=case, survivor=survivor,
                                             acting_user=acting_user),
            deadline=case_selectors.case_deadline,
            assignee=lambda case: case.assigned_to,
            warn_emails=case_selectors.case_warn_emails,
            staff_cases=lambda user: case_selectors.complaint_scope_for_staff(
                Complaint.objects.all(), user=user),
            deadline_labels=case_selectors.case_deadline_labels,
            sla_services=("complaint",),
            team_of_reference=case_selectors.case_team_of_reference,
            open_cases=case_selectors.complaints_open, agents=case_selectors.complaint_agents,
            supervises=lambda user, case: False))

        # A complaint by its number (portal.references: the public inquiry, the SMS keyword).
        from portal import references as reference_kinds

        from .selectors import COMPLAINT_NUMBER, complaint_reference_find

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="complaint", label=_("Complaint"), pattern=COMPLAINT_NUMBER,
            find=complaint_reference_find))
