"""The complaints domain error: one type, a code, a lazily translated message, a status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "season_over": (400, _("Complaints about the %(season)s season were accepted until the end "
                           "of %(date)s. This complaint can no longer be filed; contact the "
                           "ministry's care centre on %(care_centre)s for help.")),
    "season_not_started": (400, _("Complaints about the %(season)s season are accepted from "
                                  "%(date)s.")),
    "occurred_in_future": (400, _("The failure cannot have happened after now.")),
    "occurred_before_season": (400, _("The services of the %(season)s season began on "
                                      "%(date)s: the failure cannot have happened before.")),
    "contract_required": (400, _("Choose the contract whose provider you complain about.")),
    "not_your_contract": (404, _("No such contract.")),
    "contract_cancelled": (400, _("This contract is cancelled: its provider serves you no "
                                  "more.")),
    "bad_transition": (409, _("This complaint is %(status)s: it cannot be %(action)s now.")),
    "provider_time_left": (400, _("The provider has until %(deadline)s to fix this. You can "
                                  "escalate to the ministry after that.")),
    "reason_required": (400, _("Give the reasons.")),
    "meal_on_time": (400, _("The %(meal)s is announced until %(until)s (Makkah time), and "
                            "this one came within its window: it was not late.")),
    "not_allowed": (403, _("You may not handle this complaint.")),
    "not_on_behalf": (403, _("Only care-centre agents and ministry administrators record a "
                             "pilgrim's step on their behalf.")),
    "channel_staff_only": (403, _("Only care-centre agents and provider staff log complaints "
                                  "received by phone, WhatsApp, e-mail or in person.")),
    "too_many_files": (400, _("Attach at most %(max)s files.")),
    "file_too_large": (400, _("%(name)s is larger than %(max_mb)s MB.")),
    "file_type": (400, _("%(name)s is not a PDF, JPEG or PNG file.")),
    "not_found": (404, _("No such complaint.")),
    "empty_message": (400, _("Write your message.")),
    "sanction_details": (400, _("A fine needs an amount and a suspension a number of "
                                "seasons.")),
}


class ComplaintError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
