from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "service_closed": (400, _("This service is not offered at this centre now.")),
    "not_operator": (403, _("You do not work at this counter.")),
    "nothing_waiting": (404, _("Nobody is waiting for the services of this counter.")),
    "nothing_called": (400, _("No ticket is called at this counter.")),
    "invalid_mobile": (400, _("Enter a mobile number like 05XXXXXXXX or +9665XXXXXXXX.")),
    "kiosk_unregistered": (403, _("This screen is not a registered kiosk of this centre. "
                                  "Ask the centre's staff for a number.")),
    "kiosk_busy": (429, _("This kiosk gave %(count)s numbers in the last minute. Wait a "
                          "moment and try again.")),
    "mobile_limit": (429, _("This mobile number already has %(count)s numbers today. Take a "
                            "number without it, or ask the centre's staff.")),
}


class CentreError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
