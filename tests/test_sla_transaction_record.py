"""Every e-service transaction is recorded once, in the owning app's database transaction."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.models import SmsMessage
from sla.errors import SlaError
from sla.models import DirtyHour
from sla.models import Transaction as SlaTransaction
from sla.services import transaction_complete, transaction_record
from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def test_a_completed_transaction_ends_now_unless_told_otherwise():
    row = transaction_record(service="umrah", started_at=NOW - timedelta(seconds=30),
                             outcome="completed", now=NOW)
    assert row.completed_at == NOW
    assert row.processing_time == timedelta(seconds=30)
    assert row.channel == "online"


def test_the_same_reference_is_recorded_once():
    first = transaction_record(service="rawdah_men", started_at=NOW, outcome="completed",
                               reference="RW-1", now=NOW)
    again = transaction_record(service="rawdah_men", started_at=NOW, outcome="completed",
                               reference="RW-1", now=NOW)
    assert again.pk == first.pk
    assert SlaTransaction.objects.count() == 1


def test_events_without_a_reference_each_count():
    for _ in range(2):
        transaction_record(service="inquiry", started_at=NOW, outcome="completed", now=NOW)
    assert SlaTransaction.objects.count() == 2


def test_it_rolls_back_with_the_owning_apps_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction_record(service="umrah", started_at=NOW, outcome="sold_out", now=NOW)
        raise RuntimeError("the booking failed after recording")
    assert not SlaTransaction.objects.exists()


def test_a_hajj_request_is_decided_days_later_and_its_old_hour_marked_for_refresh():
    started = NOW - timedelta(days=3)
    row = transaction_record(service="hajj", started_at=started, outcome="pending",
                             reference="HJ-7", now=started)
    assert row.completed_at is None
    decided = transaction_complete(service="hajj", reference="HJ-7", outcome="refused",
                                   now=NOW)
    assert decided.completed_at == NOW
    assert decided.processing_time == timedelta(days=3)
    assert DirtyHour.objects.filter(hour=started.replace(minute=0, second=0)).exists()


def test_deciding_twice_the_same_way_is_harmless_but_not_another_way():
    row = transaction_record(service="hajj", started_at=NOW, outcome="pending", reference="H")
    transaction_complete(transaction_id=row.pk, outcome="completed", now=NOW)
    assert transaction_complete(transaction_id=row.pk, outcome="completed").pk == row.pk
    with pytest.raises(SlaError) as error:
        transaction_complete(transaction_id=row.pk, outcome="refused")
    assert error.value.code == "already_decided"


@pytest.mark.parametrize("kwargs, code", [
    ({"service": "nope", "outcome": "completed"}, "unknown_service"),
    ({"service": "umrah", "outcome": "lost"}, "bad_outcome"),
    ({"service": "umrah", "outcome": "completed", "channel": "fax"}, "bad_channel"),
    ({"service": "umrah", "outcome": "pending", "completed_at": NOW}, "pending_with_end"),
    ({"service": "umrah", "outcome": "completed", "completed_at": NOW - timedelta(hours=1)},
     "completed_before_start"),
])
def test_wrong_records_are_refused(kwargs, code):
    with pytest.raises(SlaError) as error:
        transaction_record(started_at=NOW, now=NOW, **kwargs)
    assert error.value.code == code


def test_a_pilgrims_completed_transaction_offers_the_survey_by_sms_once(
    django_capture_on_commit_callbacks,
):
    pilgrim = PilgrimFactory()
    with django_capture_on_commit_callbacks():
        row = transaction_record(service="umrah", started_at=NOW, outcome="completed",
                                 user=pilgrim, reference="U-1", now=NOW)
        transaction_record(service="umrah", started_at=NOW, outcome="completed",
                           user=pilgrim, reference="U-1", now=NOW)
    sms = SmsMessage.objects.get()
    assert sms.idempotency_key == f"sla-survey-{row.pk}"
    assert "/sla/survey/" in sms.text


def test_no_survey_for_a_transaction_that_did_not_complete():
    transaction_record(service="umrah", started_at=NOW, outcome="sold_out",
                       user=PilgrimFactory(), now=NOW)
    assert not SmsMessage.objects.exists()
