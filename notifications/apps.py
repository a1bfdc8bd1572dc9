from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts import signals as account_signals

        from . import checks, mobile_numbers  # noqa: F401 (checks registers the SMS check)

        account_signals.mobile_code_requested.connect(
            mobile_numbers.send_mobile_code, dispatch_uid="notifications.mobile_code")
        account_signals.mobile_changed.connect(
            mobile_numbers.send_mobile_changed, dispatch_uid="notifications.mobile_changed")
