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
