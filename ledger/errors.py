"""The ledger's domain error: one type, a code, a lazily translated message, an HTTP status.

Every refusal here is a caller's mistake (an unbalanced transfer, a key reused for another
movement), never a pilgrim's: the message names what was wrong so staff can read it in a log
or in the admin."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "too_few_legs": (400, _("A transfer moves money between at least two accounts.")),
    "same_account_twice": (400, _("A transfer names each account once.")),
    "leg_amount": (400, _("Each leg of a transfer moves a non-zero amount in whole cents, "
                          "not %(amount)s.")),
    "unbalanced": (400, _("The legs of a transfer must sum to zero in each currency: "
                          "%(currency)s sums to %(total)s.")),
    "unknown_kind": (400, _("Unknown ledger transfer kind %(kind)s.")),
    "key_required": (400, _("A transfer needs an idempotency key.")),
    "key_reused": (409, _("The idempotency key %(key)s was already used for another "
                          "movement.")),
    "amount": (400, _("An amount is a positive number of whole cents, not %(amount)s.")),
    "currency": (400, _("%(currency)s is not a three-letter currency code.")),
    "percent": (400, _("A guarantee percentage is between 0 and 100, not %(percent)s.")),
}


class LedgerError(DomainError):
    """An expected refusal, shown in the reader's language."""

    messages = MESSAGES
