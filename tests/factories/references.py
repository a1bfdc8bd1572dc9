"""One record of each kind of reference (portal.references), owned by a given pilgrim.

    permit_reference(pilgrim)      a Rawdah permit booked at NOW (its number: RM-XXXXXXXX)
    contract_reference(pilgrim)    an ordered Hajj contract (H1448-000123)
    complaint_reference(pilgrim)   a complaint about that pilgrim's contract (CM1448-000123)
    desk_reference(pilgrim)        a service desk question (SD-XXXXXXXX)
    match_reference(pilgrim)       a transfer match, the pilgrim the recipient (TM-000123)
Each returns (the record, its reference).
"""

from permits.booking import booking_create
from tests.factories.complaints import contract_for, filed_complaint
from tests.factories.permits import SlotFactory, service_by_code
from tests.factories.servicedesk import desk_request_file, desk_seed
from tests.factories.transfers import RegistrationFactory, due_this_year
from tests.fixtures.permits import NOW


def permit_reference(pilgrim):
    import importlib

    from django.apps import apps

    importlib.import_module("permits.migrations.0002_seed_defaults").seed(apps, None)
    slot = SlotFactory(service=service_by_code("rawdah_men"), capacity=10)
    booking = booking_create(acting_user=pilgrim, slot=slot, instructions_accepted=True, now=NOW)
    return booking, booking.permit.number


def contract_reference(pilgrim):
    contract = contract_for(pilgrim=pilgrim)
    return contract, contract.reference


def complaint_reference(pilgrim):
    complaint = filed_complaint(contract=contract_for(pilgrim=pilgrim))
    return complaint, complaint.number


def desk_reference(pilgrim):
    desk_seed()
    desk_request = desk_request_file(user=pilgrim)
    return desk_request, desk_request.reference


def match_reference(pilgrim):
    from transfers import services

    registration = RegistrationFactory(due_year=due_this_year())
    services.offer_create(acting_user=registration.holder, registration=registration, price=100)
    services.request_create(acting_user=pilgrim, province=registration.province)
    match = services.match_next()
    return match, match.reference


ALL = {"permit": permit_reference, "contract": contract_reference,
       "complaint": complaint_reference, "desk": desk_reference,
       "transfer_match": match_reference}
