from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "terms_not_accepted": (400, _("To create an account you must accept the terms of use.")),
    "terms_changed": (409, _("The terms of use changed while you were reading them: read the "
                             "new version and accept it.")),
    "terms_version_stale": (400, _("Version %(sent)s is not the version of the terms of use "
                                   "in force: read version %(current)s and accept it.")),
    "no_terms": (404, _("No terms of use are published.")),
}


class LegalError(DomainError):
    messages = MESSAGES
