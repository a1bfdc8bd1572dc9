from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("E-service desk")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from .catalogue import suggestion_service_seed

        # Seeded data, not a migration: the catalogue's suggestion e-service (after a flush
        # too, which is followed by post_migrate).
        post_migrate.connect(suggestion_service_seed, sender=self,
                             dispatch_uid="servicedesk.suggestion_service")

        from portal.dashboard import dashboard_panel_register

        from .selectors import desk_request_list_for_user

        dashboard_panel_register(
            key="servicedesk", template_name="servicedesk/dashboard_panel.html", order=40,
            get_context=lambda request: {
                "desk_requests": desk_request_list_for_user(user=request.user)[:5]},
            is_visible=lambda request: not request.user.is_staff,
        )

        # A request type's targets (its deadlines): previewed, saved with a reason, or
        # scheduled.
        from portal import rule_changes

        from .selectors import request_type_change_impact
        from .services import request_type_change_apply

        rule_changes.declare("servicedesk.RequestType", impact=request_type_change_impact,
                             apply=request_type_change_apply)

        # The help desk (casework) works on desk requests through its registry.
        from casework import kinds

        from . import selectors
        from .models import DeskRequest
        from .services import desk_request_close_as_duplicate

        kinds.register(kinds.CaseKind(
            key="desk", model=DeskRequest, reference=lambda case: case.reference,
            pilgrim=lambda case: case.user, topic=lambda case: case.topic.code,
            topics=selectors.topic_choices, reference_field="reference",
            due=lambda case: case.next_deadline,
            is_closed=lambda case: case.status == DeskRequest.Status.RESOLVED,
            close_as_duplicate=lambda case, *, survivor, acting_user:
                desk_request_close_as_duplicate(request=case, survivor=survivor,
                                                acting_user=acting_user),
            deadline=selectors.case_deadline, assignee=lambda case: case.assigned_to,
            warn_emails=selectors.case_warn_emails,
            staff_cases=lambda user: selectors.desk_queue_for_staff(user=user),
            deadline_labels=selectors.case_deadline_labels,
            sla_services=("new_request", "new_request_abroad"),
            team_of_reference=selectors.case_team_of_reference,
            open_cases=selectors.desk_requests_open, agents=selectors.desk_request_agents,
            supervises=selectors.desk_request_supervised_by))

        # A desk request by its reference (portal.references: the public inquiry, the SMS keyword).
        from portal import references as reference_kinds

        from .selectors import DESK_REFERENCE, desk_request_reference_find

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="desk", label=_("Service desk request"), pattern=DESK_REFERENCE,
            find=desk_request_reference_find))
