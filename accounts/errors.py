"""The accounts domain error: one type, a `code`, a lazily translated message."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "identity_taken": _("Another account already uses this identity number."),
    "unknown_role": _("Unknown role %(role)s."),
    "not_provider_staff": _("Only provider staff belong to a provider company."),
    "profile_required": _("Complete your profile with your identity document first."),
    "mobile_invalid": _("Enter the mobile number as +966501234567."),
    "mobile_same": _("This is already your mobile number."),
    "mobile_needs_code": _("A new mobile number must be confirmed with a code sent to it: "
                           "use \"Change mobile number\"."),
    "mobile_code_wait": _("A code was sent a moment ago. You can ask for another one in "
                          "%(seconds)s seconds."),
    "mobile_change_none": _("No new mobile number is waiting for a code: enter the new "
                            "number first."),
    "mobile_code_wrong": _("This code is not right. Check the SMS and type it again."),
    "mobile_code_expired": _("This code has expired. Ask for a new one."),
    "mobile_code_attempts": _("Too many wrong codes. Ask for a new one."),
}

# How the API answers each (400 unless named); the page shows the message on the form.
STATUS = {"profile_required": 403, "mobile_code_wait": 429, "mobile_change_none": 404}


class AccountsError(Exception):
    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = MESSAGES[self.code]
        return text % self.params if self.params else str(text)
