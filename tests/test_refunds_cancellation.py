"""Cancelling a contract computes its refund from the policy kept with the contract, records
it with its audit trail, and returns the places; a refused permit refunds automatically;
exemptions refund everything once staff approve them."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from packages.models import Contract, Package, RefundRule
from packages.services import (
    contract_cancel,
    contract_cancel_for_permit_refusal,
    contract_mark_permit_state,
    contract_pay,
)
from portal.calendars import RIYADH
from refunds.errors import RefundError
from refunds.models import Refund
from refunds.services import (
    exemption_claim_submit,
    exemption_decide,
    refund_approve,
    refund_mark_paid,
)
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)
AFTER_14_SHAWWAL = datetime.datetime(2027, 3, 23, 12, 0, tzinfo=RIYADH)  # 15 Shawwal 1448


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def paid_contract(payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(), now=NOW,
                                package=PackageFactory(price=Decimal("10000.00")))
    return contract_pay(contract=contract, card_token="tok_ok", now=NOW)


def test_cancelling_in_the_full_window_refunds_everything_and_frees_the_places(paid_contract):
    refund = contract_cancel(contract=paid_contract, reason="pilgrim", now=NOW)
    assert (refund.amount, refund.deduction, refund.status) == (Decimal("10000.00"), 0,
                                                                 "computed")
    assert Package.objects.get(pk=paid_contract.package_id).places_sold == 0
    assert not paid_contract.persons.filter(is_active=True).exists()


def test_the_policy_in_force_when_contracting_is_kept(paid_contract):
    # The ministry edits the season afterwards: the existing contract keeps its rules.
    RefundRule.objects.filter(season_id=1448, code="ten_percent").update(
        deduction_percent=Decimal("50"))
    refund = contract_cancel(contract=paid_contract, reason="pilgrim", now=AFTER_14_SHAWWAL)
    assert refund.amount == Decimal("9000.00")


def test_a_refused_permit_refunds_the_value_minus_the_fee_once(paid_contract):
    contract_mark_permit_state(contract=paid_contract, state="permit_requested", now=NOW)
    refund = contract_cancel_for_permit_refusal(contract=paid_contract, refused_at=NOW)
    assert (refund.rule_code, refund.amount) == ("permit_refused", Decimal("9932.15"))
    assert Contract.objects.get(pk=paid_contract.pk).cancel_reason == "permit_refused"
    assert contract_cancel_for_permit_refusal(contract=paid_contract, refused_at=NOW) == refund


def test_permit_states_move_forward_only(paid_contract):
    for state in ("permit_requested", "permit_issued", "permit_printed"):
        contract = contract_mark_permit_state(contract=paid_contract, state=state, now=NOW)
    assert contract.permit_state == "printed"
    from packages.errors import PackageError

    with pytest.raises(PackageError):
        contract_mark_permit_state(contract=paid_contract, state="permit_requested", now=NOW)


def test_a_refund_is_approved_then_paid_with_its_history(paid_contract):
    staff = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    refund = contract_cancel(contract=paid_contract, reason="pilgrim", now=NOW)
    with pytest.raises(RefundError):
        refund_mark_paid(refund=refund, acting_user=staff, now=NOW)
    refund_approve(refund=refund, acting_user=staff, now=NOW)
    refund = refund_mark_paid(refund=refund, acting_user=staff, now=NOW)
    assert refund.status == Refund.Status.PAID
    assert list(refund.events.order_by("pgh_id").values_list("status", flat=True)) == [
        "computed", "approved", "paid"]


def pdf():
    return SimpleUploadedFile("report.pdf", b"%PDF-1.4 hospital report",
                              content_type="application/pdf")


def test_an_approved_exemption_refunds_everything_despite_the_window(paid_contract):
    claim = exemption_claim_submit(contract=paid_contract, acting_user=paid_contract.pilgrim,
                                   kind="hospitalisation", statement="", documents=[pdf()],
                                   now=NOW)
    exemption_decide(claim=claim, approve=True, acting_user=StaffUserFactory(),
                     now=AFTER_14_SHAWWAL + datetime.timedelta(days=40))
    refund = Refund.objects.get(contract=paid_contract)
    assert (refund.rule_code, refund.amount) == ("exemption", Decimal("10000.00"))


def test_an_exemption_needs_a_document_and_a_rejection_changes_nothing(paid_contract):
    with pytest.raises(RefundError) as error:
        exemption_claim_submit(contract=paid_contract, acting_user=paid_contract.pilgrim,
                               kind="accident", statement="", documents=[], now=NOW)
    assert error.value.code == "documents_required"
    claim = exemption_claim_submit(contract=paid_contract, acting_user=paid_contract.pilgrim,
                                   kind="accident", statement="", documents=[pdf()], now=NOW)
    status_before = Contract.objects.get(pk=paid_contract.pk).status
    exemption_decide(claim=claim, approve=False, acting_user=StaffUserFactory(), now=NOW)
    assert Contract.objects.get(pk=paid_contract.pk).status == status_before
    assert not Refund.objects.filter(contract=paid_contract).exists()


def test_an_exemption_approved_after_cancelling_raises_the_refund_to_full(paid_contract):
    refund = contract_cancel(contract=paid_contract, reason="pilgrim", now=AFTER_14_SHAWWAL)
    assert refund.amount == Decimal("9000.00")
    claim = exemption_claim_submit(contract=paid_contract, acting_user=paid_contract.pilgrim,
                                   kind="death", statement="", documents=[pdf()], now=NOW)
    exemption_decide(claim=claim, approve=True, acting_user=StaffUserFactory(), now=NOW)
    refund.refresh_from_db()
    assert (refund.amount, refund.deduction) == (Decimal("10000.00"), 0)


def test_an_exemption_document_is_judged_by_its_bytes_not_its_declared_type(paid_contract):
    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a report",
                                   content_type="application/pdf")
    with pytest.raises(RefundError) as error:
        exemption_claim_submit(contract=paid_contract, acting_user=paid_contract.pilgrim,
                               kind="accident", statement="", documents=[disguised], now=NOW)
    assert error.value.code == "document_type"
