from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "service_closed": (400, _("This service is not offered at this centre now.")),
    "not_operator": (403, _("You do not work at this counter.")),
    "nothing_waiting": (404, _("Nobody is waiting for the services of this counter.")),
    "nothing_called": (400, _("No ticket is called at this counter.")),
    "invalid_mobile": (400, _("Enter a mobile number like 05XXXXXXXX or +9665XXXXXXXX.")),
}


class CentreError(Exception):
    def __init__(self, code, **params):
        self.code = code
        self.params = params
        self.status, self._message = MESSAGES[code]
        super().__init__(code)

    @property
    def message(self):
        return self._message % self.params if self.params else self._message

    def __str__(self):
        return str(self.message)
