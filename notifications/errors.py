from django.utils.translation import gettext_lazy as _


class NotificationError(Exception):
    """The notifications app's one domain error: a `code` and a lazily translated message."""

    messages = {
        "invalid_recipient": _("The number %(recipient)s is not an international (E.164) number."),
        "unknown_language": _("SMS cannot be written in the language %(language)s."),
        "not_failed": _("Only a failed SMS can be retried."),
        "invalid_key": _("The SMS key %(key)s is empty or too long."),
        "empty_text": _("An SMS cannot be empty."),
        "invalid_email": _("%(recipient)s is not an e-mail address."),
        "email_not_failed": _("Only a failed e-mail can be sent again."),
    }

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def detail(self):
        return self.messages[self.code] % self.params

    def __str__(self):
        return str(self.detail)
