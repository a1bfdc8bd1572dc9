"""The transfers' one error type: a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "profile_required": (403, _("Complete your profile with your identity document first.")),
    "not_holder": (403, _("You do not hold this registration.")),
    "registration_ended": (400, _("This registration is no longer active.")),
    "already_open": (400, _("You already have an open offer or request.")),
    "already_registered": (403, _("You already hold a Hajj registration and cannot take "
                                  "another.")),
    "too_young": (403, _("The recipient must be at least %(years)s years old unless a parent, "
                         "spouse, child or sibling of the holder.")),
    "relative_incomplete": (400, _("Give both the relation and the relative's identity "
                                   "number.")),
    "price_too_high": (400, _("The price may not exceed %(max)s SAR.")),
    "fee_too_high": (400, _("The agent fee may not exceed %(max)s SAR.")),
    "not_party": (403, _("You are not a party to this match.")),
    "not_pending": (400, _("This match is no longer waiting for the agent.")),
    "agent_inactive": (400, _("This agent is not accredited.")),
    "not_the_agent": (403, _("Only the agent both parties chose may complete this transfer.")),
    "deadline_passed": (400, _("The deadline to complete this transfer has passed.")),
    "claim_decided": (400, _("This claim has already been decided.")),
    "file_type": (400, _("The probate document must be a PDF, JPEG or PNG file.")),
    "file_too_large": (400, _("The probate document may not be larger than %(max_mb)s MB.")),
    "own_registration": (400, _("You cannot claim a priority held in your own identity "
                                "number as an heir.")),
    "claim_pending": (400, _("You already have a claim to this registration under review.")),
    "claim_limit": (429, _("You may file at most %(count)s heir claims in %(days)s days; "
                           "staff review the ones you filed first.")),
    "reason_required": (400, _("Choose the reason for the refusal; it is sent to the heir.")),
    "claim_no_registration": (400, _("No active registration held in the named identity number "
                                     "matches this claim; refuse it with a reason.")),
}


class TransferError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
