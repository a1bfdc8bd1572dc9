"""The national portal charter's suggestions: filed (page and API), acknowledged the same
working day by an SMS with the reference in the pilgrim's language, routed to the topic's
team, answered within the type's target in working days, counted as their own e-service."""

from datetime import datetime

import pytest

from notifications.models import SmsMessage
from portal.calendars import RIYADH
from servicedesk.models import DeskRequest, Topic
from sla.models import Transaction
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, suggestion_type_create

pytestmark = pytest.mark.django_db

# Thursday 26 November 2026, 10:00 in Makkah: the week's last working day (Sunday-Thursday).
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=RIYADH)
# Friday 27 November 2026: a weekend day, acknowledged by the end of Sunday 29 November.
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=RIYADH)


def pilgrim(language="en"):
    user = PilgrimFactory()
    user.profile.preferred_language = language
    user.profile.save()
    return user


def suggest(user, now=THURSDAY):
    suggestion_type_create()
    return desk_request_file(user=user, type_code="suggestion", topic_code="improvements",
                             subject="Queue at the gate", text="Open a second gate.", now=now)


def test_a_suggestion_is_acknowledged_at_filing_and_due_the_end_of_that_working_day():
    suggestion = suggest(pilgrim())
    assert suggestion.acknowledged_at == THURSDAY
    local = suggestion.acknowledgement_due.astimezone(RIYADH)
    assert (local.date(), local.hour, local.minute) == (THURSDAY.date(), 23, 59)


def test_a_suggestion_on_a_weekend_is_due_the_end_of_the_next_working_day():
    suggestion = suggest(pilgrim(), now=FRIDAY)
    assert suggestion.acknowledgement_due.astimezone(RIYADH).date().isoformat() == "2026-11-29"


def test_the_acknowledgement_sms_carries_the_reference_in_the_pilgrims_language():
    suggestion = suggest(pilgrim("ar"))
    sms = SmsMessage.objects.get(idempotency_key=f"servicedesk:{suggestion.reference}:filed")
    assert suggestion.reference in sms.text
    assert "مقترحك" in sms.text


def test_a_suggestion_goes_to_the_topics_team_with_the_types_reply_target():
    suggestion = suggest(pilgrim())
    assert suggestion.team == suggestion.topic.team
    # 14 working days after Thursday 26 November 2026: Wednesday 16 December.
    assert suggestion.first_response_due.astimezone(RIYADH).date().isoformat() == "2026-12-16"


def test_a_suggestion_counts_towards_its_own_e_service():
    suggestion = suggest(pilgrim())
    row = Transaction.objects.get(reference=suggestion.reference)
    assert (row.service.code, row.outcome) == ("suggestion", "pending")


def test_the_suggestion_page_files_one(client):
    user = pilgrim()
    suggestion_type_create()
    client.force_login(user)
    topic = Topic.objects.get(code="improvements")
    response = client.post("/servicedesk/suggest/", {"topic": topic.pk, "subject": "Signs",
                                              "text": "Bigger signs at the gate."})
    suggestion = DeskRequest.objects.get(user=user)
    assert response.status_code == 302 and suggestion.request_type.kind == "suggestion"


def test_the_api_files_a_suggestion_by_its_type_code(app_client):
    user = pilgrim()
    suggestion_type_create()
    response = app_client(user).post("/api/v1/servicedesk/requests/", {
        "request_type": "suggestion", "topic": "improvements", "subject": "Signs",
        "text": "Bigger signs at the gate."})
    assert response.status_code == 201, response.content
    assert DeskRequest.objects.get(user=user).request_type.kind == "suggestion"
