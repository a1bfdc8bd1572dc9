"""The permits domain error: one type, a code, a lazily translated message, an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError

MESSAGES = {
    "no_slot": (404, _("This slot does not exist.")),
    "sold_out": (409, _("No seat is left in this slot.")),
    "busy": (409, _("Another booking for the same person is in progress; try again.")),
    "profile_required": (403, _("Complete your profile with your identity document first.")),
    "not_yours": (403, _("This booking is not yours.")),
    "service_closed": (400, _("This service takes no bookings for that date.")),
    "not_open_yet": (400, _("Booking for this slot opens on %(opens)s.")),
    "booking_closed": (400, _("Booking for this slot has closed.")),
    "slot_past": (400, _("This slot has already started.")),
    "too_many_companions": (400, _("At most %(max)s companions may be booked together.")),
    "duplicate_person": (400, _("The same person is listed twice.")),
    # The sentence is chosen by the service's gender (FOR_GENDER): a whole sentence per gender,
    # as Arabic and others inflect it, never a gender word pasted into one.
    "wrong_gender": (403, _("%(name)s cannot book this service: it is for men.")),
    "too_frequent": (403, _("%(name)s already holds a permit for this service within "
                            "%(days)s days.")),
    "no_show_barred": (403, _("%(name)s did not use or cancel a permit in time and cannot book "
                              "again until %(until)s.")),
    "once_in_ramadan": (403, _("%(name)s already holds an Umrah permit this Ramadan.")),
    "overlap": (403, _("%(name)s already holds a permit at an overlapping time.")),
    "blackout": (400, _("This service is suspended on that date: %(reason)s")),
    "instructions_required": (400, _("Read and accept the instructions before booking.")),
    "outside_window": (400, _("Slots of this service must start within its daily windows.")),
    "cancel_too_late": (400, _("This booking can no longer be cancelled.")),
    "not_cancellable": (400, _("This booking cannot be cancelled in its current state.")),
    "invalid_identity": (400, _("The identity number %(number)s is not valid.")),
    "contract_not_paid": (400, _("The Hajj permit needs a paid package contract.")),
    "already_requested": (400, _("A Hajj permit is already requested for this contract.")),
    "too_young": (403, _("%(name)s must be at least %(years)s Hijri years old.")),
    "not_first_time": (403, _("Only pilgrims who have never performed Hajj may apply until "
                              "%(until)s.")),
    "hajj_too_recent": (403, _("%(name)s performed Hajj less than %(years)s years ago.")),
    "identity_expires": (403, _("The identity document of %(name)s must be valid until "
                                "%(until)s.")),
    "not_pending": (400, _("This request has already been decided.")),
    "not_issued": (409, _("This Hajj permit is not issued, or no longer valid: it cannot be "
                          "printed.")),
    "unknown_request": (404, _("No Hajj request has the reference %(reference)s.")),
    "out_of_order": (409, _("The report “%(event)s” does not follow from the "
                            "request's state (%(state)s), so nothing was changed: %(reason)s")),
    "other_permit_number": (409, _("The permit of this request has the number %(number)s.")),
    "reason_required": (400, _("Give the reason for the refusal.")),
    "vehicle_days_invalid": (400, _("Choose days within the season, not in the past.")),
    "vehicle_duplicate": (400, _("Vehicle %(plate)s already has a permit for %(day)s.")),
    "vehicle_days_outside_ban": (400, _("Vehicles need a permit from %(first)s to %(last)s "
                                        "only: choose days in that period.")),
    "waitlist_not_full": (400, _("This slot still has seats: book it directly.")),
    "offer_expired": (400, _("This offer has expired.")),
    "waitlist_booked": (400, _("These seats are already booked: cancel the booking instead.")),
    "waitlist_left": (400, _("You are no longer in this waiting list's line.")),
    "invalid_mobile": (400, _("Enter the mobile number as +966501234567.")),
    "self_invite": (400, _("You cannot invite yourself: you are on the booking already.")),
    "dependant_not_found": (404, _("This dependant is not on your profile.")),
    "dependant_unconfirmed": (403, _("%(name)s can be booked for this service once staff have "
                                     "confirmed the relation from the document.")),
    "dependant_rejected": (403, _("%(name)s was not confirmed as your dependant.")),
    "invitation_void": (400, _("This booking no longer holds a seat for you.")),
    "not_on_booking": (404, _("You are not on this booking.")),
    "queue": (429, _("Many people are booking this release: you have a place in the queue, "
                     "and you can book once your turn comes.")),
    "queue_unavailable": (503, _("The queue of this release cannot be reached just now, so "
                                 "its slots cannot be booked. No place is lost: try again in a "
                                 "minute.")),
    "release_not_open": (400, _("This release opens on %(opens)s; the queue opens %(minutes)s "
                                "minutes before.")),
}


FOR_GENDER = {
    "male": _("%(name)s cannot book this service: it is for men."),
    "female": _("%(name)s cannot book this service: it is for women."),
}


class PermitError(DomainError):
    """An expected refusal, shown to the user in their language."""

    messages = MESSAGES

    def __init__(self, code, *, queue=None, **params):
        super().__init__(code, **params)
        # "queue": where the account stands in the release's line (waiting_room.Place), and
        # the release, for the 429 answer and the waiting page.
        self.queue = queue
        if code == "wrong_gender":
            self._message = FOR_GENDER[params["gender"]]
