"""Two beats sweeping the desk at once, in two real processes: they split the backlog of
overdue requests and each request climbs one level, once (portal.sweeps' claims), the way
the complaints' escalations are proved in tests/test_portal_sweeps.py."""

from datetime import datetime, timedelta

import pytest
from django.db.models import Count

from notifications.models import SmsMessage
from portal.calendars import RIYADH
from portal.models import SweepClaim
from servicedesk import services
from servicedesk.models import DeskRequest, Escalation
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import (
    desk_request_file,
    desk_seed,
    escalation_chain,
    team_lead_for,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


def overdue_requests(count):
    desk_seed()
    escalation_chain(lead_after_hours=0, second_line_after_hours=48)
    requests = [desk_request_file(user=PilgrimFactory(), now=NOW) for _ in range(count)]
    team_lead_for(requests[0].team)
    # An hour past the first response deadline (the enquiry's 14 working days), long
    # before level 2 applies.
    return requests[0].first_response_due + timedelta(hours=1)


def sweep(at):
    return services.desk_requests_escalate_overdue(now=at)


@pytest.mark.django_db(transaction=True)
def test_two_beats_split_the_overdue_requests_and_escalate_each_once(settings):
    from tests.racing import hold_writes_until_claims, race

    settings.SWEEP_BATCH_SIZE = 5
    later = overdue_requests(60)
    holder = hold_writes_until_claims(Escalation, 10)

    first, second = race(sweep, [(later,), (later,)])
    holder.join(timeout=30)

    assert first > 0 and second > 0
    assert first + second == 60
    per_request = (Escalation.objects.values("request").annotate(n=Count("pk"))
                   .values_list("n", flat=True))
    assert sorted(per_request) == [1] * 60
    assert set(DeskRequest.objects.values_list("escalation_level", flat=True)) == {1}
    assert SmsMessage.objects.filter(idempotency_key__endswith=":escalated:1").count() == 60
    assert SweepClaim.objects.count() == 0
    assert sweep(later) == 0  # a third beat finds nothing left
