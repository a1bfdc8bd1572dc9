"""Merging a duplicate: only two open cases of one pilgrim and one kind; the duplicate is
closed by its own app pointing at the survivor and its pilgrim is told that once; every
other merge is refused with a clear reason and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import translation

from casework.links import CaseLinkError, case_links_for, case_merge
from casework.models import CaseLink
from complaints.models import Status, Transition
from notifications.models import SmsMessage
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import NOW, care_agent, contract_for, filed_complaint
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db


def two_requests(pilgrim=None):
    pilgrim = pilgrim or PilgrimFactory(profile__preferred_language="en")
    first = desk_request_file(user=pilgrim, subject="Deposit", now=NOW)
    second = desk_request_file(user=pilgrim, subject="Deposit again",
                               now=NOW + timedelta(minutes=5))
    return first, second, expert_create(team=first.team)


def sms_about(case_reference):
    return [sms for sms in SmsMessage.objects.all() if case_reference in sms.text]


def test_a_duplicate_request_is_resolved_pointing_at_the_survivor_and_its_pilgrim_told_once():
    survivor, duplicate, agent = two_requests()
    before = SmsMessage.objects.count()

    case_merge(duplicate=duplicate, survivor=survivor, acting_user=agent)

    duplicate.refresh_from_db()
    assert duplicate.status == DeskRequest.Status.RESOLVED
    link = CaseLink.objects.get()
    assert (link.source_id, link.target_id, link.relation, link.created_by) == (
        duplicate.pk, survivor.pk, "duplicate", agent)
    told = SmsMessage.objects.order_by("pk")[before:]
    assert len(told) == 1
    assert survivor.reference in told[0].text and duplicate.reference in told[0].text
    assert "duplicate" in told[0].text


def test_a_duplicate_complaint_is_closed_with_a_note_and_its_pilgrim_told_once():
    contract = contract_for()
    survivor = filed_complaint(contract=contract)
    duplicate = filed_complaint(contract=contract, now=NOW + timedelta(minutes=1))
    before = SmsMessage.objects.count()

    case_merge(duplicate=duplicate, survivor=survivor, acting_user=care_agent())

    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    step = duplicate.transitions.get(kind=Transition.Kind.CLOSED)
    assert survivor.number in step.note
    told = SmsMessage.objects.order_by("pk")[before:]
    assert len(told) == 1 and survivor.number in told[0].text


def test_the_merge_is_recorded_in_the_history_with_the_acting_user():
    survivor, duplicate, agent = two_requests()

    case_merge(duplicate=duplicate, survivor=survivor, acting_user=agent)

    event = CaseLink.pgh_event_model.objects.get()
    assert event.pgh_context.metadata["user"] == agent.pk


def refused(code, *, duplicate, survivor, agent):
    links, states = CaseLink.objects.count(), SmsMessage.objects.count()
    with pytest.raises(CaseLinkError) as error:
        case_merge(duplicate=duplicate, survivor=survivor, acting_user=agent)
    assert error.value.code == code
    assert str(error.value.message)
    assert (CaseLink.objects.count(), SmsMessage.objects.count()) == (links, states)
    duplicate.refresh_from_db()
    assert duplicate.status != DeskRequest.Status.RESOLVED


def test_a_case_is_not_merged_into_itself():
    request, _other, agent = two_requests()
    refused("merge_self", duplicate=request, survivor=request, agent=agent)


def test_a_case_is_not_merged_into_a_closed_case():
    survivor, duplicate, agent = two_requests()
    survivor.status = DeskRequest.Status.RESOLVED
    survivor.save()
    refused("survivor_closed", duplicate=duplicate, survivor=survivor, agent=agent)


def test_a_case_is_not_merged_into_a_case_itself_merged():
    survivor, middle, agent = two_requests()
    third = desk_request_file(user=survivor.user, subject="Third", now=NOW)
    case_merge(duplicate=middle, survivor=survivor, acting_user=agent)
    # `middle` is resolved by its merge: the "merged" reason is the one given.
    middle.status = DeskRequest.Status.RECEIVED
    middle.save()
    refused("survivor_merged", duplicate=third, survivor=middle, agent=agent)


def test_cases_of_two_pilgrims_are_not_merged():
    survivor, _same, agent = two_requests()
    other, _rest, _agent = two_requests(PilgrimFactory())
    refused("merge_pilgrims", duplicate=other, survivor=survivor, agent=agent)


def test_cases_of_two_kinds_are_not_merged():
    complaint = filed_complaint()
    request = desk_request_file(user=complaint.pilgrim, now=NOW)
    refused("merge_kinds", duplicate=request, survivor=complaint,
            agent=expert_create(team=request.team))


def test_both_cases_list_the_merge():
    survivor, duplicate, agent = two_requests()
    case_merge(duplicate=duplicate, survivor=survivor, acting_user=agent)

    with translation.override("en"):
        assert [(str(s.wording), s.other) for s in case_links_for(duplicate)] == [
            ("Duplicate of", survivor)]
        assert [(str(s.wording), s.other) for s in case_links_for(survivor)] == [
            ("Merged into this case", duplicate)]
