"""The per-provider figures the SLA app ranks providers by."""

from datetime import timedelta

import pytest

from compensation import services as claims
from complaints import selectors, services
from tests.factories.complaints import NOW, care_agent, filed_complaint, provider_staff_for

pytestmark = pytest.mark.django_db


def test_figures_count_acknowledged_fixed_escalated_and_claims():
    quick = filed_complaint()
    staff = provider_staff_for(quick)
    services.complaint_acknowledge(complaint=quick, acting_user=staff,
                                   now=NOW + timedelta(minutes=5))
    services.complaint_resolve(complaint=quick, acting_user=staff, note="Done",
                               now=NOW + timedelta(minutes=30))
    late = filed_complaint(contract=quick.contract)
    services.complaint_resolve(complaint=late, acting_user=staff, note="Late",
                               now=NOW + timedelta(hours=3))
    claims.claim_decide(claim=late.claim, acting_user=care_agent(), approve=True,
                        now=NOW + timedelta(days=2))
    missed = filed_complaint(contract=quick.contract)
    services.complaints_escalate_overdue(now=NOW + timedelta(hours=4))
    figures = selectors.provider_complaint_figures(season_id=1448)[quick.provider_id]
    assert figures == {
        "complaints": 3, "acknowledged_same_working_day": 2, "fixed_within_period": 1,
        "escalated": 1, "escalated_automatically": 1, "claims": 1,
        "claims_decided_in_time": 1, "claims_paid": 0,
    }
    assert missed.pk


def test_the_sla_scorecards_read_complaint_handling_through_the_registered_source():
    from sla.providers import complaint_figures

    quick = filed_complaint()
    staff = provider_staff_for(quick)
    services.complaint_acknowledge(complaint=quick, acting_user=staff,
                                   now=NOW + timedelta(minutes=5))
    services.complaint_resolve(complaint=quick, acting_user=staff, note="Done",
                               now=NOW + timedelta(minutes=30))
    filed_complaint(contract=quick.contract)
    services.complaints_escalate_overdue(now=NOW + timedelta(hours=4))
    day = NOW.date()
    figures = complaint_figures(provider_ids=[quick.provider_id], first_day=day,
                                last_day=day)[quick.provider_id]
    assert (figures.complaints, figures.escalated) == (2, 1)
    assert figures.acknowledged_same_working_day == 50
    assert figures.fixed_within_corrective_period == 50
    # One contract of one pilgrim: two complaints are 2,000 per 1,000 pilgrims.
    assert figures.per_thousand_pilgrims == 2000
    assert figures.compensation_decided_within_15_days is None
    assert figures.sanctions == 0
