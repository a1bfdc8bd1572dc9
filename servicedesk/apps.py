from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("E-service desk")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
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

        from .models import DeskRequest
        from .selectors import topic_choices

        kinds.register(kinds.CaseKind(
            key="desk", model=DeskRequest, reference=lambda case: case.reference,
            pilgrim=lambda case: case.user, topic=lambda case: case.topic.code,
            topics=topic_choices))

        # A desk request by its reference (portal.references: the public inquiry, the SMS keyword).
        from portal import references as reference_kinds

        from .selectors import DESK_REFERENCE, desk_request_reference_find

        reference_kinds.register(reference_kinds.ReferenceKind(
            key="desk", label=_("Service desk request"), pattern=DESK_REFERENCE,
            find=desk_request_reference_find))
