"""What a provider owes of a claim its guarantee did not cover is swept like an undecided
claim: once its deadline passes it goes to the ministry's monitors, once. The ministry
records it settled, once."""

import datetime

import pytest
from django.core import mail

from compensation import services
from compensation.errors import CompensationError
from compensation.models import ProviderDebt
from tests.factories.complaints import (
    NOW,
    approved_claim,
    care_agent,
    monitor,
    provider_staff_for,
)

pytestmark = pytest.mark.django_db


def owed_debt():
    claim = approved_claim()  # unpaid contract: nothing withheld, all of it owed
    services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee",
                       now=NOW + datetime.timedelta(days=1))
    return ProviderDebt.objects.get(claim=claim)


def test_an_overdue_debt_is_escalated_to_the_monitors_once(django_capture_on_commit_callbacks):
    debt = owed_debt()
    watcher = monitor()
    late = debt.due_at + datetime.timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.debts_escalate_overdue(now=debt.due_at) == 0
        assert services.debts_escalate_overdue(now=late) == 1
        assert services.debts_escalate_overdue(now=late + datetime.timedelta(hours=1)) == 0

    debt.refresh_from_db()
    assert debt.escalated_at == late
    to_monitor = [message for message in mail.outbox if watcher.email in message.to]
    assert len(to_monitor) == 1
    assert debt.claim.complaint.number in to_monitor[0].body


def test_a_settled_debt_is_not_escalated_and_is_settled_once():
    debt = owed_debt()
    with pytest.raises(CompensationError) as refused:
        services.debt_settle(debt=debt, acting_user=provider_staff_for(debt.claim.complaint))
    assert refused.value.code == "not_yours"

    settled = services.debt_settle(debt=debt, acting_user=care_agent(), now=debt.due_at)

    assert (settled.status, settled.settled_at) == ("settled", debt.due_at)
    assert services.debts_escalate_overdue(now=debt.due_at + datetime.timedelta(days=1)) == 0
    with pytest.raises(CompensationError) as again:
        services.debt_settle(debt=debt, acting_user=care_agent())
    assert again.value.code == "debt_settled"


def test_staff_see_the_debt_in_the_admin(client, plain_http):
    debt = owed_debt()
    client.force_login(care_agent())
    page = client.get("/admin/compensation/providerdebt/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert debt.claim.complaint.number in page.content.decode()
