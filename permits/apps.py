from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Permits")

    def ready(self):
        from portal.dashboard import dashboard_panel_register

        from .selectors import booking_list_for_user

        dashboard_panel_register(
            key="permits", template_name="permits/dashboard_panel.html", order=20,
            get_context=lambda request: {
                "permits": booking_list_for_user(user=request.user)[:5]},
            is_visible=lambda request: not request.user.is_staff,
        )
