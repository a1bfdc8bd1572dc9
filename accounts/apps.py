from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    # Permissions for models other apps add later exist only after their migrations ran.
    from .roles import sync_role_groups

    sync_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # post_migrate is sent once per app, after that app's permissions were created;
        # the sync is idempotent, so the last signal leaves every role complete.
        post_migrate.connect(_sync_roles, dispatch_uid="accounts.sync_roles")
