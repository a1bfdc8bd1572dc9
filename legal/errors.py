from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "terms_not_accepted": (400, _("To create an account you must accept the terms of use.")),
    "terms_changed": (409, _("The terms of use changed while you were reading them: read the "
                             "new version and accept it.")),
}


class LegalError(DomainError):
    messages = MESSAGES
