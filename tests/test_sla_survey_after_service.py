"""The satisfaction survey is asked once the service is had, not when it is booked: a visit
after its slot has ended (or at gate entry), a complaint when closed, a desk request when
resolved; exactly once, even with sweeps run twice or racing, and never for a cancelled
booking. It goes to the mobile the pilgrim has when it is sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from complaints import services as complaints
from notifications.models import SmsMessage
from permits import services as permits
from permits.booking import booking_create
from servicedesk import services as desk
from sla.models import Transaction as SlaTransaction
from sla.services import surveys_offer_due
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import NOW as COMPLAINT_NOW
from tests.factories.complaints import care_agent, eservices_seeded, filed_complaint
from tests.factories.permits import wall_clock_slot
from tests.factories.servicedesk import desk_request_file, expert_create
from tests.factories.sla import TransactionFactory
from tests.racing import race


def survey_sms(transaction):
    return list(SmsMessage.objects.filter(idempotency_key=f"sla-survey-{transaction.pk}"))


def record_of(booking):
    return SlaTransaction.objects.get(reference=f"permit-booking:{booking.pk}")


def book(user, slot):
    return booking_create(acting_user=user, slot=slot, instructions_accepted=True)


@pytest.mark.django_db
def test_no_survey_is_sent_at_booking(rawdah_men, client):
    pilgrim = PilgrimFactory(gender="male")
    booking = book(pilgrim, wall_clock_slot(rawdah_men, capacity=5))

    assert survey_sms(record_of(booking)) == []
    client.force_login(pilgrim)
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/sla/survey/" not in page  # nor on the page: the visit is still to come


@pytest.mark.django_db
def test_the_survey_goes_once_after_the_slot_has_ended(rawdah_men):
    booking = book(PilgrimFactory(gender="male"), wall_clock_slot(rawdah_men, capacity=5))
    ends = booking.slot.ends_at

    assert surveys_offer_due(now=ends - timedelta(minutes=1)) == 0
    assert surveys_offer_due(now=ends + timedelta(minutes=1)) == 1
    assert surveys_offer_due(now=ends + timedelta(minutes=2)) == 0  # the next tick: nothing

    (sms,) = survey_sms(record_of(booking))
    assert "/sla/survey/" in sms.text
    assert record_of(booking).survey_offered_at == ends + timedelta(minutes=1)


@pytest.mark.django_db
def test_the_survey_goes_to_the_mobile_the_pilgrim_has_when_it_is_sent(rawdah_men):
    pilgrim = PilgrimFactory(gender="male")
    booking = book(pilgrim, wall_clock_slot(rawdah_men, capacity=5))
    pilgrim.profile.mobile = "+966509998877"
    pilgrim.profile.save(update_fields=["mobile"])

    surveys_offer_due(now=booking.slot.ends_at + timedelta(minutes=1))

    (sms,) = survey_sms(record_of(booking))
    assert sms.recipient == "+966509998877"


@pytest.mark.django_db
def test_gate_entry_sends_the_survey_at_once_and_the_sweep_not_again(rawdah_men):
    booking = book(PilgrimFactory(gender="male"), wall_clock_slot(rawdah_men, capacity=5))
    at_gate = booking.slot.starts_at
    gate = StaffUserFactory(role=roles.MINISTRY_ADMIN)

    result, _permit = permits.permit_admit(code=booking.permit.number, acting_user=gate,
                                           now=at_gate)

    assert result == "valid"
    assert len(survey_sms(record_of(booking))) == 1
    assert surveys_offer_due(now=booking.slot.ends_at + timedelta(minutes=1)) == 0
    assert len(survey_sms(record_of(booking))) == 1


@pytest.mark.django_db
def test_a_cancelled_booking_is_never_surveyed(rawdah_men):
    pilgrim = PilgrimFactory(gender="male")
    booking = book(pilgrim, wall_clock_slot(rawdah_men, capacity=5))

    permits.booking_cancel(booking=booking, acting_user=pilgrim)

    assert surveys_offer_due(now=booking.slot.ends_at + timedelta(days=1)) == 0
    assert survey_sms(record_of(booking)) == []


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_racing_send_each_survey_once():
    eservices_seeded()
    due = timezone.now() - timedelta(minutes=1)
    rows = [TransactionFactory(user=PilgrimFactory(), survey_due_at=due) for _ in range(20)]

    first, second = race(surveys_offer_due, [(), ()])

    assert first + second == 20
    assert sorted(len(survey_sms(row)) for row in rows) == [1] * 20


@pytest.mark.django_db
def test_a_complaint_is_surveyed_when_closed():
    complaint = filed_complaint()
    record = SlaTransaction.objects.get(reference=complaint.number)
    assert survey_sms(record) == []  # filing is not the end of it
    complaints.complaints_escalate_overdue(now=COMPLAINT_NOW + timedelta(hours=3))
    agent = care_agent()
    complaints.complaint_review_start(complaint=complaint, acting_user=agent,
                                      now=COMPLAINT_NOW + timedelta(hours=4))
    complaints.complaint_decide(complaint=complaint, acting_user=agent, upheld=False,
                                reason="The camp had its services on the day.",
                                now=COMPLAINT_NOW + timedelta(hours=5))
    assert survey_sms(record) == []

    complaints.complaint_close(complaint=complaint, acting_user=agent,
                               now=COMPLAINT_NOW + timedelta(hours=6))

    assert len(survey_sms(record)) == 1


@pytest.mark.django_db
def test_a_desk_request_is_surveyed_when_resolved_not_when_filed():
    desk_request = desk_request_file(user=PilgrimFactory())
    record = SlaTransaction.objects.get(reference=desk_request.reference)
    assert survey_sms(record) == []
    assert surveys_offer_due(now=timezone.now() + timedelta(days=30)) == 0

    desk.desk_request_resolve(request=desk_request,
                              acting_user=expert_create(team=desk_request.team))

    assert len(survey_sms(record)) == 1


@pytest.mark.django_db
def test_a_hajj_permit_and_its_contract_are_surveyed_when_the_permit_is_used(
        pilgrim, permit_services):
    from decimal import Decimal

    from packages.models import Contract
    from permits.models import Booking
    from sla.services import transaction_record
    from tests.factories.packages import ProviderFactory, seeded_season
    from tests.fixtures.permits import NOW

    contract = Contract.objects.create(pilgrim=pilgrim, provider=ProviderFactory(),
                                       season=seeded_season(), status=Contract.Status.PAID,
                                       clients=1, value=Decimal("8092.55"))
    season_end = NOW + timedelta(days=200)
    ordered = transaction_record(service="hajj_package", started_at=NOW, outcome="completed",
                                 reference=contract.reference, user=pilgrim, now=NOW,
                                 survey_at=season_end)
    person = permits.person_for_user(user=pilgrim)
    person.identity_expires_on = NOW.date().replace(year=2030)
    person.save()
    booking = permits.hajj_request_create(acting_user=pilgrim, contract=contract, now=NOW)
    permits.hajj_request_issue(booking=booking, acting_user=StaffUserFactory(), now=NOW)
    issued = SlaTransaction.objects.get(reference=f"hajj-request:{booking.pk}")
    assert survey_sms(issued) == survey_sms(ordered) == []  # not before the Hajj

    booking = Booking.objects.select_related("permit", "service").get(pk=booking.pk)
    opens, _ends = permits.permit_validity(booking=booking)
    result, _permit = permits.permit_admit(
        code=booking.permit.number, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN),
        now=opens + timedelta(hours=1))

    assert result == "valid"
    assert len(survey_sms(issued)) == len(survey_sms(ordered)) == 1
    assert surveys_offer_due(now=season_end + timedelta(days=1)) == 0
