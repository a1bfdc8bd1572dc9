from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from portal.dashboard import dashboard_panel_register
        from sla.providers import complaint_source_register

        from .sla_figures import sla_complaint_figures

        complaint_source_register(sla_complaint_figures)

        from .selectors import complaint_panel_for_pilgrim

        dashboard_panel_register(
            key="complaints", template_name="complaints/dashboard_panel.html", order=30,
            get_context=lambda request: complaint_panel_for_pilgrim(user=request.user),
            is_visible=lambda request: not request.user.is_staff,
        )
