from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Agreement and policies")

    def ready(self):
        # Imported here, not at the top: the modules load models, ready once the registry is.
        from portal.versions import bump_on_change

        from .models import LegalDocument

        bump_on_change("legal-terms", LegalDocument)
