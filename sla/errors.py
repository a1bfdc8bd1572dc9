"""The SLA domain error: one type, a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "unknown_service": (400, _("There is no e-service with the code %(service)s.")),
    "bad_outcome": (400, _("%(outcome)s is not a transaction outcome.")),
    "bad_channel": (400, _("%(channel)s is not a channel.")),
    "completed_before_start": (400, _("A transaction cannot end before it started.")),
    "pending_with_end": (400, _("A transaction waiting for a decision has no end time yet.")),
    "not_found": (404, _("No such transaction.")),
    "already_decided": (409, _("This transaction was already decided.")),
    "survey_link_invalid": (404, _("This survey link is not valid or has expired.")),
    "survey_not_offered": (400, _("Only completed transactions can be rated.")),
    "survey_answered": (409, _("Thank you: this survey was already answered.")),
    "bad_rating": (400, _("Choose a rating from 1 to 5.")),
}


class SlaError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
