"""After the season's `guarantee_release_after` (a Hijri date, data), the beat's sweep
releases each provider's remaining guarantee to it, once, when no complaint, claim or debt
of that season is open; otherwise it holds it, with the reason staff see, until nothing
does. The provider's staff are told either way."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from accounts import roles
from compensation import services
from compensation.models import GuaranteeRelease
from complaints import services as complaint_services
from ledger import selectors as ledger
from ledger.models import Transfer
from packages.models import Season
from portal.calendars import end_of_hijri_day
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import (
    NOW,
    approved_claim,
    care_agent,
    filed_complaint,
    paid_contract_for,
    provider_staff_for,
)

pytestmark = pytest.mark.django_db
# The seeded 1448 season releases after 10 Muharram 1449.
RELEASE_DAY_ENDS = end_of_hijri_day(1449, 1, 10)
AFTER = RELEASE_DAY_ENDS + datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


def balances(contract):
    return ledger.balances(provider_id=contract.provider_id, season_id=1448, currency="SAR")


def provider_mail(contract):
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF, provider=contract.provider)
    return lambda: [message for message in mail.outbox if staff.email in message.to]


def test_nothing_is_released_before_the_seasons_date(payment_gateway):
    contract = paid_contract_for()
    assert services.guarantees_release_due(now=RELEASE_DAY_ENDS - HOUR) == 0
    Season.objects.filter(year=1448).update(guarantee_release_after="1449-01-20")
    assert services.guarantees_release_due(now=AFTER) == 0
    assert not GuaranteeRelease.objects.exists()
    assert balances(contract)["guarantee_withheld"] == Decimal("404.63")


def test_with_nothing_open_the_guarantee_is_released_once_and_the_provider_told(
        payment_gateway, django_capture_on_commit_callbacks):
    contract = paid_contract_for()
    told = provider_mail(contract)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.guarantees_release_due(now=AFTER) == 1
        assert services.guarantees_release_due(now=AFTER + HOUR) == 0

    assert balances(contract) == {"guarantee_withheld": Decimal("0.00"),
                                  "owed_to_provider": Decimal("8092.55"),
                                  "gateway": Decimal("-8092.55")}
    release = GuaranteeRelease.objects.get()
    assert (release.status, release.amount, release.released_at) == (
        "released", Decimal("404.63"), AFTER)
    assert Transfer.objects.filter(kind="guarantee_released").count() == 1
    assert len(told()) == 1 and "404.63" in told()[0].body


def test_an_open_complaint_holds_the_guarantee_until_it_closes(
        payment_gateway, django_capture_on_commit_callbacks, client, plain_http):
    contract = paid_contract_for()
    complaint = filed_complaint(contract=contract)
    told = provider_mail(contract)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.guarantees_release_due(now=AFTER) == 0
        assert services.guarantees_release_due(now=AFTER + HOUR) == 0

    release = GuaranteeRelease.objects.get()
    assert (release.status, release.open_complaints, release.checked_at) == (
        "held", [complaint.number], AFTER + HOUR)
    assert complaint.number in release.reason
    assert balances(contract)["guarantee_withheld"] == Decimal("404.63")
    # Told once of the hold, not at every check that finds it unchanged.
    assert len(told()) == 1 and complaint.number in told()[0].body
    client.force_login(provider_staff_for(complaint))  # their own company's row
    page = client.get("/admin/compensation/guaranteerelease/", HTTP_ACCEPT_LANGUAGE="en")
    assert f"Complaints still open: {complaint.number}." in page.content.decode()

    # Fixed within the corrective period, and the pilgrim confirms: the complaint is closed.
    complaint_services.complaint_resolve(complaint=complaint, note="Housed.",
                                         acting_user=provider_staff_for(complaint),
                                         now=NOW + HOUR)
    complaint_services.complaint_confirm(complaint=complaint, acting_user=contract.pilgrim,
                                         now=NOW + 2 * HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.guarantees_release_due(now=AFTER + 2 * HOUR) == 1

    release.refresh_from_db()
    assert (release.status, release.amount, release.reason) == ("released", Decimal("404.63"),
                                                                "")
    assert len(told()) == 2


def test_an_open_claim_then_an_unpaid_debt_hold_it(payment_gateway):
    claim = approved_claim(contract=paid_contract_for())  # 809.26 SAR, not yet paid
    complaint_services.complaint_confirm(complaint=claim.complaint,
                                         acting_user=claim.pilgrim, now=NOW + 5 * HOUR)

    services.guarantees_release_due(now=AFTER)
    release = GuaranteeRelease.objects.get()
    assert (release.status, release.open_complaints, release.open_claims) == (
        "held", [], [claim.complaint.number])

    # Paid from the guarantee: 404.63 from it, 404.63 owed by the provider.
    services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee",
                       now=AFTER)
    services.guarantees_release_due(now=AFTER + HOUR)
    release.refresh_from_db()
    assert (release.status, release.open_claims, release.debt_owed) == (
        "held", [], Decimal("404.63"))
    assert "404.63" in release.reason

    services.debt_settle(debt=claim.debt, acting_user=care_agent(), now=AFTER + HOUR)
    assert services.guarantees_release_due(now=AFTER + 2 * HOUR) == 1
    release.refresh_from_db()
    # Compensation spent it all: the release moves nothing, and posts nothing.
    assert (release.status, release.amount, release.transfer) == ("released", Decimal("0.00"),
                                                                  None)
