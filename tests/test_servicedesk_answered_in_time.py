"""A request answered before its deadline is not escalated; one resolved is never escalated,
however late the sweep runs."""

from datetime import datetime, timedelta

import pytest

from portal.calendars import RIYADH
from servicedesk import services
from servicedesk.models import Escalation
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, escalation_chain, expert_create

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)
FIRST_RESPONSE_DUE = NOW + timedelta(hours=24)


def filed():
    escalation_chain()
    return desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)


def test_a_request_answered_before_its_first_response_deadline_is_not_escalated():
    desk_request = filed()
    expert = expert_create(team=desk_request.team)
    services.desk_reply_add(request=desk_request, acting_user=expert, body="Here it is.",
                            now=FIRST_RESPONSE_DUE - timedelta(hours=1))

    # Past the first response deadline, before the resolution one (72 hours).
    assert services.desk_requests_escalate_overdue(now=NOW + timedelta(hours=48)) == 0
    assert not Escalation.objects.exists()


def test_a_resolved_request_is_never_escalated():
    desk_request = filed()
    expert = expert_create(team=desk_request.team)
    services.desk_request_resolve(request=desk_request, acting_user=expert,
                                  now=NOW + timedelta(hours=2))

    assert services.desk_requests_escalate_overdue(now=NOW + timedelta(days=60)) == 0
    desk_request.refresh_from_db()
    assert desk_request.escalation_level == 0
