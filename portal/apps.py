from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # apps.py loads before any model: what imports models is imported here, once ready.
        from . import schema  # noqa: F401 (registers the session token's OpenAPI scheme)
        from .text import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="portal.text.clean_text_fields")
        self._connect_furniture()

    def _connect_furniture(self):
        from .models import EService, MaintenanceWindow, SupportChannel
        from .versions import bump_on_change

        # The banner and footer (portal/furniture.py) and the home page's e-service cards
        # (templates/portal/home.html) are cached per version: their writes make a new one.
        bump_on_change("furniture", MaintenanceWindow, SupportChannel)
        bump_on_change("eservices", EService)
