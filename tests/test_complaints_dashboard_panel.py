"""The pilgrim's dashboard shows "My complaints": the latest with their numbers and states,
and how many wait on the pilgrim (a fix to confirm, a question to answer)."""

import pytest
from django.urls import reverse

from complaints import services
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import NOW, contract_for, provider_staff_for

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_panel_lists_my_complaints_and_counts_those_waiting_on_me(client):
    now = NOW
    contract = contract_for(now=now)
    filed = [services.complaint_file(acting_user=contract.pilgrim, contract=contract, item=item,
                                     failure="late", description=item, occurred_at=now, now=now)
             for item in ("arafat_lunch", "day10_lunch")]
    services.complaint_resolve(complaint=filed[0], acting_user=provider_staff_for(filed[0]),
                               note="Served.", now=now)
    html = dashboard(client, contract.pilgrim)
    assert 'id="complaints-panel"' in html
    assert all(f"/complaints/{complaint.number}/" in html for complaint in filed)
    assert "Resolved by the provider" in html and "One complaint waits for you." in html


def test_a_pilgrim_without_complaints_is_told_so_and_staff_see_no_panel(client):
    assert "You have filed no complaint." in dashboard(client, PilgrimFactory())
    assert 'id="complaints-panel"' not in dashboard(client, StaffUserFactory())
