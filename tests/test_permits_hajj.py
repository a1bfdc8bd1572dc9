"""Hajj permit requests: eligibility, the 3-working-day clock, staff issue or refuse."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from accounts import roles
from packages.models import Contract
from permits import selectors, services, signals
from permits.errors import PermitError
from permits.models import Booking, Person, PublicHoliday
from portal import working_days
from refunds.models import Refund
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import ProviderFactory, seeded_season
from tests.factories.permits import sms_text
from tests.fixtures.permits import NOW, RIYADH

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(pilgrim, permit_services):
    provider = ProviderFactory()
    return Contract.objects.create(pilgrim=pilgrim, provider=provider, season=seeded_season(),
                                   status=Contract.Status.PAID, clients=2, value=Decimal("8092.55"))


@pytest.fixture
def pilgrim_person(pilgrim):
    person = services.person_for_user(user=pilgrim)
    person.identity_expires_on = date(2030, 1, 1)
    person.save()
    return person


def request_permit(pilgrim, contract, now=NOW):
    return services.hajj_request_create(acting_user=pilgrim, contract=contract, now=now)


def test_three_working_days_skip_the_weekend_and_holidays():
    calendar = working_days.working_calendar()
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=RIYADH)
    PublicHoliday.objects.create(calendar=calendar, date=date(2026, 11, 29), name="Test holiday")

    due = working_days.add_working_days(start=thursday, days=3, calendar=calendar)

    # Fri and Sat are the weekend, Sun 29 a holiday: Mon 30, Tue 1, Wed 2.
    assert due.date() == date(2026, 12, 2)


def test_a_request_waits_for_staff_with_its_due_date(pilgrim, contract, pilgrim_person):
    booking = request_permit(pilgrim, contract)

    assert booking.status == Booking.Status.REQUESTED
    assert booking.due_by.astimezone(RIYADH).date() == date(2026, 11, 25)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.PERMIT_REQUESTED
    assert list(selectors.hajj_requests_overdue(now=NOW)) == []
    assert list(selectors.hajj_requests_overdue(now=booking.due_by.replace(year=2027))) == [
        booking]


def test_staff_issue_the_permit(pilgrim, contract, pilgrim_person):
    booking = request_permit(pilgrim, contract)

    services.hajj_request_issue(booking=booking, acting_user=StaffUserFactory(), now=NOW)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert booking.permit.number.startswith("HJ-")
    assert sms_text(booking, "requested") and booking.permit.number in sms_text(booking, "issued")


def test_a_refusal_needs_a_reason_and_tells_the_refunds_app(pilgrim, contract, pilgrim_person):
    booking = request_permit(pilgrim, contract)
    heard = []
    signals.hajj_permit_changed.connect(
        lambda sender, **kw: heard.append((kw["booking"].pk, kw["state"])),
        weak=False, dispatch_uid="test-refusal")
    staff = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    try:
        with pytest.raises(PermitError):
            services.hajj_request_refuse(booking=booking, acting_user=staff, reason=" ", now=NOW)
        services.hajj_request_refuse(booking=booking, acting_user=staff, reason="Data mismatch",
                                     now=NOW)
    finally:
        signals.hajj_permit_changed.disconnect(dispatch_uid="test-refusal")

    booking.refresh_from_db()
    assert booking.status == Booking.Status.REFUSED
    assert "Data mismatch" in sms_text(booking, "refused")
    assert heard == [(booking.pk, signals.REFUSED)]
    assert Refund.objects.filter(contract=contract).exists()


def test_only_a_paid_contract(pilgrim, contract, pilgrim_person):
    contract.status = Contract.Status.ORDERED
    contract.save()

    with pytest.raises(PermitError) as info:
        request_permit(pilgrim, contract)
    assert info.value.code == "contract_not_paid"


@pytest.mark.parametrize(("change", "code"), [
    ({"date_of_birth": date(2016, 1, 1)}, "too_young"),
    ({"identity_expires_on": date(2027, 5, 1)}, "identity_expires"),
    ({"last_hajj_season": 1440}, "not_first_time"),
])
def test_hajj_eligibility(pilgrim, contract, pilgrim_person, change, code):
    Person.objects.filter(pk=pilgrim_person.pk).update(**change)

    with pytest.raises(PermitError) as info:
        request_permit(pilgrim, contract)
    assert info.value.code == code


def test_after_the_first_phase_a_hajj_5_years_ago_is_enough(pilgrim, contract, pilgrim_person):
    Person.objects.filter(pk=pilgrim_person.pk).update(last_hajj_season=1445)
    after_phase = datetime(2027, 2, 1, 9, 0, tzinfo=RIYADH)

    with pytest.raises(PermitError) as info:
        request_permit(pilgrim, contract, now=after_phase)
    assert info.value.code == "hajj_too_recent"
    Person.objects.filter(pk=pilgrim_person.pk).update(last_hajj_season=1443)
    assert request_permit(pilgrim, contract, now=after_phase).status == "requested"
