"""Staff act on a complaint's or a desk request's own admin page: each button calls the
same service as the list's action, records who acted, refuses (403) a member of staff
without the permission, answers bad input with a translated message, keeps CSRF, and a
read-only page shows no Save button."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, Status, Transition
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import care_agent, contract_for, monitor, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    now = timezone.now()
    contract = contract_for(now=now)
    return services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))


def act_url(complaint, action):
    return f"/admin/complaints/complaint/{complaint.pk}/act/{action}/"


def test_acknowledging_on_the_page_calls_the_service_as_the_staff_member(client, plain_http,
                                                                         complaint):
    staff = provider_staff_for(complaint)
    client.force_login(staff)

    response = client.post(act_url(complaint, "acknowledge"))

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED
    step = complaint.transitions.get(kind=Transition.Kind.ACKNOWLEDGED)
    assert step.actor == staff
    assert LogEntry.objects.filter(user=staff, object_id=str(complaint.pk)).exists()


def test_resolving_keeps_the_staff_members_note(client, plain_http, complaint):
    staff = provider_staff_for(complaint)
    client.force_login(staff)

    client.post(act_url(complaint, "resolve"), {"resolve-note": "Housed in room 9."})

    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolution_note) == ("resolved", "Housed in room 9.")
    assert complaint.transitions.get(kind=Transition.Kind.RESOLVED).actor == staff


def test_the_page_shows_the_actions_its_state_allows(client, plain_http, complaint):
    client.force_login(provider_staff_for(complaint))

    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="object-action-acknowledge"' in page
    assert 'id="object-action-resolve"' in page
    assert 'id="object-action-close"' not in page


def test_an_empty_note_is_refused_with_a_translated_message(client, plain_http, complaint):
    client.force_login(provider_staff_for(complaint))

    response = client.post(act_url(complaint, "resolve"), {"resolve-note": ""},
                           HTTP_ACCEPT_LANGUAGE="ar", follow=True)

    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    shown = [str(message) for message in response.context["messages"]]
    assert any("هذا الحقل مطلوب" in text for text in shown), shown


def test_a_refused_transition_comes_back_as_the_services_message(client, plain_http,
                                                                 complaint):
    staff = provider_staff_for(complaint)
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Done.")
    client.force_login(staff)

    response = client.post(act_url(complaint, "acknowledge"), HTTP_ACCEPT_LANGUAGE="en",
                           follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert any("it cannot be acknowledged now" in text for text in shown), shown


def test_staff_without_the_change_permission_are_refused(client, plain_http, complaint):
    client.force_login(monitor())  # monitors view complaints; the provider acts on them

    response = client.post(act_url(complaint, "acknowledge"))

    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


def test_another_providers_staff_do_not_reach_the_complaint(client, plain_http, complaint):
    now = timezone.now()
    other = contract_for(now=now)
    other_complaint = services.complaint_file(
        acting_user=other.pilgrim, contract=other, item="makkah_housing", failure="late",
        description="Not housed.", occurred_at=now - timedelta(minutes=5))
    client.force_login(provider_staff_for(other_complaint))

    response = client.post(act_url(complaint, "acknowledge"))

    assert response.status_code in (302, 404)  # the admin sends an unknown object home
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


def test_an_action_without_its_csrf_token_is_refused(plain_http, complaint):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_staff_for(complaint))

    response = client.post(act_url(complaint, "acknowledge"))

    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


def test_an_action_is_only_posted(client, plain_http, complaint):
    client.force_login(provider_staff_for(complaint))

    assert client.get(act_url(complaint, "acknowledge")).status_code == 405


def test_a_read_only_page_shows_no_save_button(client, plain_http, complaint):
    client.force_login(provider_staff_for(complaint))

    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'name="_save"' not in page
    assert 'name="_continue"' not in page


def test_an_expert_answers_and_resolves_on_the_requests_page(client, plain_http):
    desk_request = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    expert = expert_create(team=desk_request.team)
    client.force_login(expert)
    url = f"/admin/servicedesk/deskrequest/{desk_request.pk}"

    page = client.get(f"{url}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(f"{url}/act/answer/", {"answer-note": "Send the receipt, please."})

    assert 'name="_save"' not in page and 'id="object-action-answer"' in page
    message = desk_request.messages.get(from_expert=True)
    assert (message.author, message.body) == (expert, "Send the receipt, please.")
    client.post(f"{url}/act/resolve/", {"resolve-note": ""})
    desk_request.refresh_from_db()
    assert desk_request.status == DeskRequest.Status.RESOLVED


def test_an_expert_of_another_team_is_refused_the_request(client, plain_http):
    desk_request = desk_request_file(user=PilgrimFactory(), topic_code="hajj")
    outsider = expert_create(team=desk_request.team)
    outsider.groups.remove(desk_request.team.group)
    client.force_login(outsider)

    response = client.post(f"/admin/servicedesk/deskrequest/{desk_request.pk}/act/answer/",
                           {"answer-note": "Hello."})

    assert response.status_code in (302, 403, 404)
    assert not desk_request.messages.filter(from_expert=True).exists()


def test_the_ministry_reviews_and_upholds_on_the_escalated_complaints_page(client, plain_http,
                                                                          complaint):
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.ESCALATED,
                                                     escalated_at=timezone.now())
    agent = care_agent()
    client.force_login(agent)
    url = f"/admin/complaints/escalatedcomplaint/{complaint.pk}"

    client.post(f"{url}/act/review/")
    client.post(f"{url}/act/uphold/", {"uphold-note": "The hotel was not provided."})

    complaint.refresh_from_db()
    assert (complaint.status, complaint.decided_by) == (Status.UPHELD, agent)
    assert complaint.decision_reason == "The hotel was not provided."
    page = client.get(f"{url}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="object-action-close"' in page and 'name="_save"' not in page
