"""On a desk request's admin page the conversation reads as the pilgrim's page does: each
message dated in both calendars at Riyadh's time (not a raw UTC timestamp), in its own
direction; the expert's answer box takes either direction as it is typed."""

from datetime import datetime

import pytest

from portal.calendars import RIYADH, format_dual_datetime
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_conversation_is_dated_in_both_calendars_and_keeps_each_messages_direction(
        client, language):
    desk_request = desk_request_file(user=PilgrimFactory(), text="My deposit is missing.",
                                     now=NOW)
    client.force_login(expert_create(team=desk_request.team))

    page = client.get(f"/admin/servicedesk/deskrequest/{desk_request.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert format_dual_datetime(NOW, language=language) in page
    assert "+00:00" not in page
    assert '<p dir="auto">My deposit is missing.</p>' in page
    assert 'name="answer-note" cols="40" rows="3" dir="auto"' in page
