"""The compensation domain error: one type, a code, a lazily translated message, a status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "unknown_season": (400, _("There is no published Hajj season %(season)s.")),
    "negative_value": (400, _("The package value cannot be negative.")),
    "occurrence_range": (400, _("The occurrence is a whole number from 1.")),
    "no_rule": (400, _("The compensation annex of season %(season)s has no rule for "
                       "%(item)s / %(failure)s.")),
    "not_pending": (400, _("This claim has already been decided.")),
    "not_approved": (400, _("Only an approved claim can be paid.")),
    "reason_required": (400, _("Give the reasons for the decision.")),
    "cost_required": (400, _("Record what the ministry's provision cost.")),
    "not_yours": (404, _("No such claim.")),
    "debt_settled": (400, _("This debt is already settled.")),
    "payout_account_closed": (409, _("The compensation of this claim is already on its way: "
                                     "the account can no longer be changed.")),
    "payout_not_failed": (400, _("Only a failed payout can be sent again.")),
    "payout_no_destination": (400, _("There is nowhere to send this payout: the pilgrim has "
                                     "to give an IBAN.")),
}


class CompensationError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
