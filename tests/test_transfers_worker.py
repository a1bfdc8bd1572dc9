"""With a real Celery worker and Redis: the matcher task, dispatched on every filing and
again many times over, makes one match for one offer and one request, never two."""

import time

import pytest
import redis
from django.conf import settings

from notifications.models import SmsMessage
from portal.calendars import hijri_today
from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory
from tests.waiting import wait_until
from transfers import services
from transfers.models import Match, Offer, TransferRequest
from transfers.tasks import match_open

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def queue_is_empty():
    return redis.Redis.from_url(settings.REDIS_URL).llen("celery") == 0


def test_the_worker_matches_an_offer_and_a_request_once(celery_worker_process, sms_gateway):
    # Due this year, so it may go to a non-relative.
    registration = RegistrationFactory(due_year=hijri_today().year)
    offer = services.offer_create(acting_user=registration.holder, registration=registration,
                                  price=3000)  # each filing dispatches match_open on commit
    request = services.request_create(acting_user=PilgrimFactory(), province=registration.province)
    for _ in range(10):
        match_open.delay()

    wait_until(lambda: Match.objects.exists(), what="the worker to make the match")
    wait_until(queue_is_empty, what="the worker to run every dispatched task")
    time.sleep(1)  # a task still running would have written its match by now

    match = Match.objects.get()
    assert (match.offer_id, match.request_id, match.status) == (offer.pk, request.pk, "pending")
    assert Offer.objects.get().status == TransferRequest.objects.get().status == "matched"
    assert SmsMessage.objects.filter(
        idempotency_key__startswith=f"transfers:matched:{match.pk}:").count() == 2
