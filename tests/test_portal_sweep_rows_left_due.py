"""A row that a tick leaves due (a guarantee still held by an open complaint) is looked at
once a tick: the sweep moves on and ends, instead of taking the same row again batch after
batch until its time budget runs out (45 s of a worker, every tick)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compensation import services
from compensation.models import GuaranteeRelease
from portal.calendars import end_of_hijri_day
from tests.factories.complaints import filed_complaint, paid_contract_for

pytestmark = pytest.mark.django_db
# The seeded 1448 season releases its guarantees after 10 Muharram 1449.
AFTER = end_of_hijri_day(1449, 1, 10) + datetime.timedelta(minutes=1)


def test_a_held_guarantee_is_checked_once_a_tick(payment_gateway, settings):
    settings.SWEEP_TIME_BUDGET_SECONDS = 5  # long enough to go round many times
    filed_complaint(contract=paid_contract_for())

    with CaptureQueriesContext(connection) as tick:
        assert services.guarantees_release_due(now=AFTER) == 0

    assert GuaranteeRelease.objects.get().status == "held"
    locks = [q for q in tick.captured_queries
             if 'FROM "compensation_guaranteerelease"' in q["sql"] and "FOR UPDATE" in q["sql"]
             and "SKIP LOCKED" not in q["sql"]]
    assert len(locks) == 1
