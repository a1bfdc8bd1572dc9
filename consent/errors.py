"""The consent domain error: one type, a code, a lazily translated message, an HTTP status.

No message names or describes the person behind an identity number: the booker only ever
reads back what they typed.
"""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "invalid_identity": (400, _("The identity number %(number)s is not valid.")),
    "invalid_mobile": (400, _("Enter the mobile number as +966501234567.")),
    "self_invite": (400, _("You cannot invite yourself: you are on the booking already.")),
    "not_found": (404, _("Not found.")),
    "closed": (400, _("This invitation is no longer open.")),
    "expired": (400, _("This invitation has expired.")),
    "profile_required": (403, _("Complete your profile with your identity document first.")),
    "dependant_exists": (400, _("This person is already one of your dependants.")),
    "dependant_is_you": (400, _("This is your own identity number.")),
    "document_required": (400, _("Upload a document proving the relation (PDF, JPEG or "
                                 "PNG).")),
    "document_type": (400, _("The document must be a PDF, JPEG or PNG file.")),
    "document_too_large": (400, _("The document is larger than %(max_mb)s MB.")),
    "reason_required": (400, _("Give the reason for the rejection.")),
    "consent_exists": (400, _("You have already allowed this person to add you.")),
    "unknown_purpose": (400, _("Unknown invitation purpose %(purpose)s.")),
    "details_required": (400, _("Fill in the details this invitation asks for, then "
                                "accept.")),
}


class ConsentError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
