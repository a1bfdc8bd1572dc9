"""Staff see the cases at risk: a badge in the desk's and the complaints' lists with an
"At risk" filter, a line on the case's page, and the due-today dashboard's own panel, in
their own scope; staff edit the thresholds in the admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.at_risk import cases_at_risk_sweep
from casework.models import AtRiskRule
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.casework import at_risk_rule
from tests.factories.complaints import NOW as COMPLAINT_NOW
from tests.factories.complaints import filed_complaint, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db


def desk_requests_one_at_risk():
    """Two requests of one team: one filed 23 hours ago (an hour left to answer, marked at
    risk), one just filed."""
    at_risk_rule(kind="desk", percent_left=25)
    now = timezone.now()
    late = desk_request_file(user=PilgrimFactory(), type_code="new_request",
                             now=now - timedelta(hours=23))
    fresh = desk_request_file(user=PilgrimFactory(), type_code="new_request", now=now)
    assert cases_at_risk_sweep(now=now) == 1
    return late, fresh


def test_the_desk_list_marks_and_filters_the_request_at_risk(client, plain_http):
    late, fresh = desk_requests_one_at_risk()
    client.force_login(expert_create(team=late.team))

    listing = client.get("/admin/servicedesk/deskrequest/", HTTP_ACCEPT_LANGUAGE="en")
    filtered = client.get("/admin/servicedesk/deskrequest/", {"at_risk": "yes"},
                          HTTP_ACCEPT_LANGUAGE="en")

    assert listing.content.decode().count('class="case-at-risk"') == 1
    assert [row.pk for row in filtered.context["cl"].result_list] == [late.pk]
    assert fresh.reference in listing.content.decode()


def test_the_requests_page_says_it_is_at_risk(client, plain_http):
    late, fresh = desk_requests_one_at_risk()
    client.force_login(expert_create(team=late.team))

    page = client.get(f"/admin/servicedesk/deskrequest/{late.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    other = client.get(f"/admin/servicedesk/deskrequest/{fresh.pk}/change/",
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "At risk of missing its first answer" in page
    assert "At risk of missing" not in other


def test_the_dashboard_lists_the_cases_at_risk_in_the_staff_members_scope(client,
                                                                          plain_http):
    late, _fresh = desk_requests_one_at_risk()
    client.force_login(expert_create(team=late.team))

    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Cases at risk of missing a deadline" in page
    assert late.reference in page
    assert "/admin/servicedesk/deskrequest/?at_risk=yes" in page


def test_provider_staff_see_their_complaint_at_risk_and_never_another_providers(client,
                                                                                plain_http):
    at_risk_rule(kind="complaint", percent_left=25)
    mine, theirs = filed_complaint(), filed_complaint()
    # 20 minutes of the two hours' corrective period left.
    assert cases_at_risk_sweep(now=COMPLAINT_NOW + timedelta(minutes=100)) == 2
    client.force_login(provider_staff_for(mine))

    filtered = client.get("/admin/complaints/complaint/", {"at_risk": "yes"},
                          HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert [row.pk for row in filtered.context["cl"].result_list] == [mine.pk]
    assert mine.number in page and theirs.number not in page


def test_staff_set_a_kinds_threshold_and_an_empty_one_is_refused(client, plain_http):
    AtRiskRule.objects.all().delete()  # staff start from none, not the seeded ones
    client.force_login(StaffUserFactory(is_superuser=True))

    saved = client.post("/admin/casework/atriskrule/add/",
                        {"kind": "complaint", "percent_left": "30", "hours_left": ""})
    refused = client.post("/admin/casework/atriskrule/add/",
                          {"kind": "desk", "percent_left": "", "hours_left": ""})
    unknown = client.post("/admin/casework/atriskrule/add/",
                          {"kind": "parcel", "percent_left": "30", "hours_left": ""})

    assert saved.status_code == 302
    assert refused.status_code == unknown.status_code == 200
    assert list(AtRiskRule.objects.values_list("kind", "percent_left")) == [("complaint", 30)]
