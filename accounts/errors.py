"""The accounts domain error: one type, a `code`, a lazily translated message."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "identity_taken": _("Another account already uses this identity number."),
    "unknown_role": _("Unknown role %(role)s."),
    "not_provider_staff": _("Only provider staff belong to a provider company."),
}


class AccountsError(Exception):
    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = MESSAGES[self.code]
        return text % self.params if self.params else str(text)
