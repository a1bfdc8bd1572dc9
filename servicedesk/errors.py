"""The service desk's one error type: a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "profile_required": (403, _("Complete your profile with your identity document first.")),
    "type_inactive": (400, _("This type of request is not offered at the moment.")),
    "topic_inactive": (400, _("This topic is not offered at the moment.")),
    "text_required": (400, _("Write your request or question.")),
    "too_many_files": (400, _("Attach at most %(max)s files.")),
    "file_too_large": (400, _("%(name)s is larger than %(max_mb)s MB.")),
    "file_type": (400, _("%(name)s is not a PDF, JPEG or PNG file.")),
    "not_yours": (403, _("This request is not yours.")),
    "not_your_team": (403, _("This request belongs to another expert team.")),
    "resolved": (400, _("This request is resolved; file a new one if you need more help.")),
    "reason_required": (400, _("Say why the request is escalated.")),
    "not_yours_to_escalate": (403, _("Only the request's agent or its team's lead may "
                                     "escalate it.")),
    "top_of_chain": (400, _("This request is at the top of the escalation chain already.")),
    "inquiry_not_found": (404, _("No request matches this reference number and identity "
                                 "number or phone.")),
    "inquiry_rate_limited": (429, _("Too many inquiries. Try again in %(minutes)s minutes.")),
    "inquiry_unavailable": (503, _("The inquiry is briefly unavailable, try again in a minute.")),
}


class DeskError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
