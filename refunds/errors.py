"""The refunds domain error: one type, a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "unknown_season": (400, _("There is no published Hajj season %(season)s.")),
    "negative_value": (400, _("The contract value cannot be negative.")),
    "clients_range": (400, _("A contract has between 1 and %(max)s clients.")),
    "unknown_permit_state": (400, _("Unknown permit state %(state)s.")),
    "before_track": (400, _("The season's track opens on %(date)s: no contract exists "
                            "before it.")),
    "after_track": (400, _("The season's track closed on %(date)s: nothing can be cancelled "
                           "after it.")),
    "no_rule": (400, _("No refund rule of the season covers this cancellation.")),
    "no_policy": (400, _("This contract has no refund policy recorded.")),
    "not_cancelled": (400, _("Only a cancelled contract has a refund.")),
    "bad_status": (400, _("This refund is %(status)s: it cannot be %(action)s.")),
    "exceeds_paid": (400, _("This refund of %(amount)s SAR is more than the card payments "
                            "it can go back to (%(refundable)s SAR).")),
    "claim_decided": (400, _("This claim has already been decided.")),
    "claim_pending": (400, _("A claim for this contract is already waiting for a decision.")),
    "documents_required": (400, _("Attach at least one report proving the ground.")),
    "document_type": (400, _("Reports must be PDF, JPEG or PNG files of at most 5 MB.")),
}


class RefundError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
