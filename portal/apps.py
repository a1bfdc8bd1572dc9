from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
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
        from .furniture import furniture_changed
        from .models import MaintenanceWindow, SupportChannel

        # The banner and footer cached per change (portal/furniture.py): every write of their
        # rows and their translations makes a new version.
        models = [MaintenanceWindow, MaintenanceWindow._parler_meta.root_model,
                  SupportChannel, SupportChannel._parler_meta.root_model]
        for model in models:
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(furniture_changed, sender=model, weak=False,
                               dispatch_uid=f"portal.furniture.{name}.{model.__name__}")
