"""A desk request's e-service transaction measures the real answer time: it is pending
from filing and completes with the experts' first answer (or the resolution, when they
resolve it without a reply), not when it is filed."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from servicedesk import services
from sla.models import Outcome, Transaction
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.get_fixed_timezone(180))


def transaction_of(desk_request):
    return Transaction.objects.get(reference=desk_request.reference)


def test_a_filed_request_waits_for_its_answer():
    desk_request = desk_request_file(user=PilgrimFactory(), now=NOW)
    row = transaction_of(desk_request)
    assert (row.service.code, row.outcome, row.started_at) == (
        "new_request", Outcome.PENDING, NOW)


def test_the_first_expert_answer_completes_it_and_later_messages_change_nothing():
    pilgrim = PilgrimFactory()
    desk_request = desk_request_file(user=pilgrim, now=NOW)
    services.desk_reply_add(request=desk_request, acting_user=pilgrim, body="Any news?",
                            now=NOW + timedelta(hours=1))
    assert transaction_of(desk_request).outcome == Outcome.PENDING  # the pilgrim's own words

    expert = expert_create(team=desk_request.team)
    services.desk_reply_add(request=desk_request, acting_user=expert, body="Send the receipt.",
                            now=NOW + timedelta(hours=3))
    services.desk_reply_add(request=desk_request, acting_user=expert, body="Received, thanks.",
                            now=NOW + timedelta(hours=5))
    row = transaction_of(desk_request)
    assert (row.outcome, row.completed_at) == (Outcome.COMPLETED, NOW + timedelta(hours=3))
    assert row.processing_time == timedelta(hours=3)


def test_a_request_resolved_without_a_reply_completes_at_its_resolution():
    desk_request = desk_request_file(user=PilgrimFactory(), now=NOW)
    services.desk_request_resolve(request=desk_request,
                                  acting_user=expert_create(team=desk_request.team),
                                  now=NOW + timedelta(hours=2))
    row = transaction_of(desk_request)
    assert (row.outcome, row.completed_at) == (Outcome.COMPLETED, NOW + timedelta(hours=2))
