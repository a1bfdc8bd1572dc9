"""The packages domain error: one type, a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "sold_out": (409, _("Not enough places are left in this package.")),
    "not_published": (400, _("This package is not published.")),
    "track_closed": (400, _("Contracting for this season is not open.")),
    "missing_channels": (400, _("The provider has no %(channels)s: add them before "
                                "publishing.")),
    "missing_services": (400, _("The service-levels table has no row for %(services)s.")),
    "not_submitted": (400, _("Only a package waiting for approval can be approved.")),
    "provider_inactive": (400, _("The provider is not active.")),
    "provider_suspended": (403, _("%(provider)s is suspended by the ministry for the %(season)s "
                                  "season and cannot sell packages.")),
    "provider_revoked": (403, _("The licence of %(provider)s has been revoked; it cannot sell "
                                "packages.")),
    "acknowledge_channels": (400, _("Confirm that you have read the provider's contact "
                                    "channels and complaint procedure.")),
    "profile_required": (403, _("Complete your profile with your identity document first.")),
    "too_many_companions": (400, _("At most %(max)s companions may be on one contract.")),
    "duplicate_person": (400, _("The same person is listed twice.")),
    "invalid_identity": (400, _("The identity number of %(name)s is not valid: %(reason)s")),
    "too_young": (403, _("%(name)s must be at least %(years)s Hijri years old.")),
    "identity_expires": (403, _("The identity document of %(name)s must be valid until "
                                "%(until)s.")),
    "not_first_time": (403, _("Only pilgrims who have never performed Hajj may contract "
                              "until %(until)s.")),
    "hajj_too_recent": (403, _("%(name)s performed Hajj less than %(years)s years ago.")),
    "person_booked": (409, _("%(name)s is already on another booking this season.")),
    "mobile_used": (409, _("The mobile number %(mobile)s already serves another booking this "
                           "season.")),
    "not_yours": (404, _("No such contract.")),
    "not_cancellable": (400, _("This contract can no longer be cancelled.")),
    "preview_elsewhere": (400, _("Nothing was cancelled: the refund a cancellation would give "
                                 "is shown by GET on the contract's cancellation address, "
                                 "not by this one.")),
    "nothing_due": (400, _("Nothing is due on this contract.")),
    "payment_failed": (402, _("The payment did not go through: %(reason)s You can try again "
                              "until %(deadline)s.")),
    "gateway_unavailable": (503, _("The payment service is not reachable; try again in a "
                                   "moment.")),
    "bad_permit_state": (400, _("A contract cannot move from %(current)s to %(state)s.")),
    "companion_incomplete": (400, _("Choose one of your dependants and give their document's "
                                    "expiry date, or give the identity number and the mobile "
                                    "of the person to invite.")),
    "dependant_not_found": (404, _("This dependant is not on your profile.")),
    "dependant_unconfirmed": (403, _("%(name)s can be booked for Hajj once staff have "
                                     "confirmed them as your dependant.")),
    "invited_identity_invalid": (400, _("The identity number %(number)s is not valid.")),
    "invalid_mobile": (400, _("Enter the mobile number as +966501234567.")),
    "self_invite": (400, _("You cannot invite yourself: you are on the booking already.")),
    "invitations_pending": (409, _("Some invited companions have not answered yet: the "
                                   "amount is settled once they accept or decline, then you "
                                   "can pay.")),
    "invitation_void": (400, _("This booking no longer holds a place for you.")),
    "refund_part_not_failed": (400, _("Only a failed refund payment can be sent again.")),
    "gateway_amount_mismatch": (409, _("The payment gateway reports %(amount)s SAR for a refund "
                                       "of %(expected)s SAR: nothing was recorded.")),
    "package_frozen": (409, _("The ministry has approved this package: propose a change "
                              "instead, which the ministry approves before it goes on sale.")),
    "package_not_approved": (400, _("This package has no approved version yet: edit the "
                                    "package itself until the ministry approves it.")),
    "change_open": (409, _("A change to this package is already being prepared or waits for "
                           "the ministry's decision.")),
    "version_frozen": (409, _("Only a draft can be edited; this version is %(status)s.")),
    "version_not_submitted": (400, _("Only a version waiting for approval can be approved or "
                                     "rejected.")),
    "reason_required": (400, _("Give the reason for the rejection.")),
    "places_below_sold": (400, _("%(sold)s places are already sold: the package cannot have "
                                 "fewer.")),
    "season_exists": (409, _("The %(year)s AH season already exists: it was not opened "
                             "again.")),
    "season_rules_exist": (409, _("Rules of %(year)s AH already exist (%(rules)s): the season "
                                  "was not opened, so that nothing typed for it is "
                                  "overwritten.")),
    "season_not_later": (400, _("A season opens from an earlier one: %(year)s AH is not after "
                                "%(source)s AH.")),
    "season_publish_forbidden": (403, _("Only a ministry administrator may publish a "
                                        "season.")),
}


class PackageError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES
