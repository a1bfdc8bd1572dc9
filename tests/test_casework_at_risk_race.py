"""Two beats looking for cases at risk at once, in two real processes against PostgreSQL:
they split the cases (portal.sweeps' claims) and each case is marked, and told, once; and
even two markings of one case racing past the claims (a lapsed lease) write one warning."""

from datetime import datetime, timedelta
from functools import partial

import pytest
from django.db import transaction

from casework import kinds
from casework.at_risk import _mark_one, cases_at_risk_sweep
from casework.models import AtRisk
from portal.calendars import RIYADH
from portal.models import SweepClaim
from tests.factories.accounts import PilgrimFactory
from tests.factories.casework import at_risk_rule
from tests.factories.servicedesk import desk_request_file, desk_seed, team_lead_for

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


def requests_near_their_deadline(count):
    desk_seed()
    requests = [desk_request_file(user=PilgrimFactory(), now=NOW) for _ in range(count)]
    team_lead_for(requests[0].team)
    # An hour before the first answer is due: inside the last quarter.
    return requests, requests[0].first_response_due - timedelta(hours=1)


def sweep(at):
    return cases_at_risk_sweep(now=at)


def mark(pk, at, rule_pk):
    from casework.models import AtRiskRule

    with transaction.atomic():
        return _mark_one(pk, kind=kinds.get("desk"), rule=AtRiskRule.objects.get(pk=rule_pk),
                         now=at)


@pytest.mark.django_db(transaction=True)
def test_two_beats_split_the_cases_and_mark_each_once(settings):
    from tests.racing import hold_writes_until_claims, race

    settings.SWEEP_BATCH_SIZE = 5
    at_risk_rule(kind="desk", percent_left=25)
    _requests, at = requests_near_their_deadline(40)
    holder = hold_writes_until_claims(AtRisk, 10)

    first, second = race(sweep, [(at,), (at,)])
    holder.join(timeout=30)

    assert first > 0 and second > 0
    assert first + second == 40
    assert AtRisk.objects.count() == 40
    assert SweepClaim.objects.count() == 0
    assert sweep(at) == 0  # a third beat finds nothing left


@pytest.mark.django_db(transaction=True)
def test_two_markings_of_one_case_past_the_claims_write_one_warning():
    from tests.racing import race

    rule = at_risk_rule(kind="desk", percent_left=25)
    [request], at = requests_near_their_deadline(1)

    outcomes = race(partial(mark, request.pk, at, rule.pk), [(), ()])

    assert sorted(outcomes) == [False, True]
    assert AtRisk.objects.filter(case_id=request.pk).count() == 1
