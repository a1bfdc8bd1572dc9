"""`manage.py check` (and every startup) says when the SMS gateway is misconfigured."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .backends import get_backend


@checks.register()
def check_sms_backend(app_configs, **kwargs):
    try:
        get_backend()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), hint="See the SMS section of the settings.",
                             id="notifications.E001")]
    return []
