from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "packages"
    verbose_name = _("Hajj packages")

    def ready(self):
        from consent import hooks

        from .forms import InvitationDetailsForm
        from .services import (
            INVITATION_PURPOSE,
            invitation_accept,
            invitation_describe,
            invitation_release,
        )

        # Companions invited onto a contract (packages -> consent, never the reverse).
        hooks.register(INVITATION_PURPOSE, on_accept=invitation_accept,
                       on_release=invitation_release, describe=invitation_describe,
                       details_form=InvitationDetailsForm)
