from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import schema  # noqa: F401 (registers the session token's OpenAPI scheme)
        from .text import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="portal.text.clean_text_fields")
