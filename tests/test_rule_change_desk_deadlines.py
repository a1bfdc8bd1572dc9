"""A request type's targets (the desk's deadlines) changed: requests already filed keep the
deadlines they copied when filed; the preview counts the open ones, lists each whose deadline
the new targets would have set otherwise, and counts the last 14 days' filings. Nothing is
written by the preview; saving records who changed it and why."""

from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.utils import translation

from portal.calendars import RIYADH
from portal.rule_changes import rule_change_apply
from servicedesk import services
from servicedesk.models import DeskRequest, RequestType, Topic
from servicedesk.selectors import request_type_change_impact
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The labels read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield

# Sunday 22 November 2026, 10:00 in Makkah: a working day.
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


def counts(impact):
    return {str(label): number for label, number in impact.counts}


def proposing(request_type, **values):
    proposed = RequestType.objects.get(pk=request_type.pk)
    for name, value in values.items():
        setattr(proposed, name, value)
    return proposed


@pytest.fixture
def question():
    return RequestType.objects.get(code="question")  # 14 working days to reply, 48 h resolve


def filed(**kwargs):
    return desk_request_file(user=PilgrimFactory(), type_code="question", now=NOW, **kwargs)


def test_open_requests_are_counted_and_their_moved_deadlines_listed(question):
    waiting, answered, resolved = filed(), filed(), filed()
    expert = expert_create(team=Topic.objects.get(code="hajj").team)
    services.desk_reply_add(request=answered, acting_user=expert, body="Sent.", now=NOW)
    services.desk_request_resolve(request=resolved, acting_user=expert, now=NOW)

    impact = request_type_change_impact(rule=question,
                                        proposed=proposing(question, reply_working_days=10),
                                        now=NOW + timedelta(hours=1))

    # Ten working days instead of 14: the reply, and the resolution never due before it.
    assert counts(impact) == {
        "open requests of this type (they keep their deadlines)": 2,
        "of them, waiting for a first answer": 1,
        "deadlines the new targets would have set otherwise (kept)": 3,
        "requests of this type filed in the last 14 days (new ones get the new targets)": 3,
    }
    assert [line.split(":")[0] for line in impact.breaking] == [
        waiting.reference, waiting.reference, answered.reference]
    assert "first answer by" in impact.breaking[0]


def test_saving_keeps_the_deadlines_of_requests_filed(question):
    request = filed()
    told = (request.first_response_due, request.resolution_due)
    proposed = proposing(question, reply_working_days=5)
    history = apps.get_model("servicedesk.RequestTypeEvent")
    before = history.objects.count()

    request_type_change_impact(rule=question, proposed=proposed, now=NOW)

    assert RequestType.objects.get(pk=question.pk).reply_working_days == 14
    assert history.objects.count() == before

    rule_change_apply(rule=proposed, acting_user=StaffUserFactory(), reason="Circular 9")

    assert (DeskRequest.objects.get(pk=request.pk).first_response_due,
            DeskRequest.objects.get(pk=request.pk).resolution_due) == told
    event = history.objects.filter(pgh_obj_id=question.pk, pgh_label="update").get()
    assert (event.reply_working_days, event.pgh_context.metadata["reason"]) == (5,
                                                                                "Circular 9")
    assert filed().first_response_due < told[0]
