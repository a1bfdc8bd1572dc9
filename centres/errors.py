from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "service_closed": (400, _("This service is not offered at this centre now.")),
    "not_operator": (403, _("You do not work at this counter.")),
    "nothing_waiting": (404, _("Nobody is waiting for the services of this counter.")),
    "nothing_called": (400, _("No ticket is called at this counter.")),
    "invalid_mobile": (400, _("Enter a mobile number like 05XXXXXXXX or +9665XXXXXXXX.")),
}


class CentreError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
