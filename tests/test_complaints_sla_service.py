"""Complaints are their own e-service in the transaction record: a filed complaint is a
pending transaction of "complaint" (with its provider), completed when the pilgrim confirms
the fix, and none is counted as a "new transaction request" any more."""

from datetime import timedelta

import pytest

from complaints import services
from portal.models import EService
from sla.models import Outcome, Transaction
from tests.factories.complaints import NOW, filed_complaint, provider_staff_for

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_complaints_with_a_target_in_working_days_in_six_languages():
    service = EService.objects.get(code="complaint")
    assert service.processing_working_days == 14 and service.is_active
    assert {t.language_code for t in service.translations.all()} == {
        "ar", "en", "ms", "fa", "ur", "id"}


def test_a_filed_complaint_is_a_pending_complaint_transaction_with_its_provider():
    complaint = filed_complaint()
    row = Transaction.objects.get(reference=complaint.number)
    assert row.service.code == "complaint"
    assert (row.outcome, row.started_at, row.provider_id) == (
        Outcome.PENDING, NOW, complaint.provider_id)
    assert not Transaction.objects.filter(service__code="new_request").exists()


def test_the_confirmed_fix_completes_it():
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    services.complaint_acknowledge(complaint=complaint, acting_user=staff,
                                   now=NOW + timedelta(minutes=5))
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Housed.",
                               now=NOW + timedelta(minutes=50))
    services.complaint_confirm(complaint=complaint, acting_user=complaint.pilgrim,
                               now=NOW + timedelta(hours=1))
    row = Transaction.objects.get(service__code="complaint", reference=complaint.number)
    assert (row.outcome, row.completed_at) == (Outcome.COMPLETED, NOW + timedelta(hours=1))
