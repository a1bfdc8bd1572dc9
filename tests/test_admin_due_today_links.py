"""Each count of the staff dashboard links to the admin list of exactly the rows it counted:
following the link lists those rows and no others, for every count of every panel
(complaints due, desk requests due, escalated complaints to decide)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from complaints import selectors as complaint_selectors
from complaints import services
from complaints.admin import DUE_TODAY as COMPLAINTS_DUE
from complaints.admin import ESCALATED_OPEN
from complaints.models import Complaint, Status
from portal.admin_due_today import due_today_panels, end_of_today
from servicedesk import selectors as desk_selectors
from servicedesk.admin import DUE_TODAY as DESK_DUE
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import contract_for, monitor, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create

pytestmark = pytest.mark.django_db


def moments():
    """An hour ago, a moment later today (before Makkah midnight), a moment tomorrow."""
    now = timezone.now()
    midnight = end_of_today(now)
    return now - timedelta(hours=1), now + (midnight - now) / 2, midnight + timedelta(hours=2)


def complaint_with(*, provider=None, **fields):
    now = timezone.now()
    contract = contract_for(now=now)
    complaint = services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))
    Complaint.objects.filter(pk=complaint.pk).update(
        **fields, **({"provider": provider} if provider else {}))
    return Complaint.objects.get(pk=complaint.pk)


def listed(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def panel(user, title):
    with translation.override("en"):
        return next(found for found in due_today_panels(user=user)
                    if str(found.title) == title)


def english(text) -> str:
    # The labels are lazy: read in English, whatever language an earlier test left active.
    with translation.override("en"):
        return str(text)


def counts_by_label(user, title):
    return {english(count.label): count for count in panel(user, title).counts}


def test_each_complaints_count_links_to_exactly_the_complaints_it_counted(client,
                                                                         plain_http):
    past, later_today, tomorrow = moments()
    ack_late = complaint_with(ack_due_at=past, fix_due_at=tomorrow)
    ack_today = complaint_with(ack_due_at=later_today, fix_due_at=tomorrow)
    provider = ack_late.provider
    fix_late = complaint_with(provider=provider, status=Status.IN_PROGRESS, ack_due_at=past,
                              acknowledged_at=past, fix_due_at=past)
    fix_today = complaint_with(provider=provider, status=Status.ACKNOWLEDGED,
                               ack_due_at=past, acknowledged_at=past, fix_due_at=later_today)
    # Counted nowhere: due tomorrow, waiting on the pilgrim, resolved, another provider's.
    complaint_with(provider=provider, ack_due_at=tomorrow, fix_due_at=tomorrow)
    complaint_with(provider=provider, status=Status.WAITING_PILGRIM, ack_due_at=past,
                   fix_due_at=past)
    complaint_with(provider=provider, status=Status.RESOLVED, acknowledged_at=past,
                   ack_due_at=past, fix_due_at=past)
    complaint_with(ack_due_at=past, fix_due_at=past)
    Complaint.objects.filter(pk=ack_today.pk).update(provider=provider)
    staff = provider_staff_for(ack_late)
    client.force_login(staff)

    counts = counts_by_label(staff, "Complaints")

    expected = {"ack_overdue": {ack_late.pk}, "ack_today": {ack_today.pk},
                "fix_overdue": {fix_late.pk}, "fix_today": {fix_today.pk}}
    for key, label in COMPLAINTS_DUE.labels.items():
        count = counts[english(label)]
        assert listed(client, count.url) == expected[key], key
        assert count.count == len(expected[key]), key
    assert listed(client, panel(staff, "Complaints").list_url) == {
        ack_late.pk, ack_today.pk, fix_late.pk, fix_today.pk}


def test_each_desk_count_links_to_exactly_the_requests_it_counted(client, plain_http):
    past, later_today, tomorrow = moments()
    filed = [desk_request_file(user=PilgrimFactory(), topic_code="hajj") for _ in range(6)]
    answer_late, answer_today, resolve_late, resolve_today, not_yet, resolved = filed
    DeskRequest.objects.filter(pk=answer_late.pk).update(first_response_due=past)
    DeskRequest.objects.filter(pk=answer_today.pk).update(first_response_due=later_today)
    DeskRequest.objects.filter(pk=resolve_late.pk).update(first_responded_at=past,
                                                          resolution_due=past)
    DeskRequest.objects.filter(pk=resolve_today.pk).update(first_responded_at=past,
                                                           resolution_due=later_today)
    DeskRequest.objects.filter(pk=not_yet.pk).update(first_response_due=tomorrow,
                                                     resolution_due=tomorrow)
    DeskRequest.objects.filter(pk=resolved.pk).update(status=DeskRequest.Status.RESOLVED,
                                                      first_response_due=past)
    expert = expert_create(team=answer_late.team)
    client.force_login(expert)
    title = "Service desk requests"

    counts = counts_by_label(expert, title)

    expected = {"answer_overdue": {answer_late.pk}, "answer_today": {answer_today.pk},
                "resolve_overdue": {resolve_late.pk}, "resolve_today": {resolve_today.pk}}
    for key, label in DESK_DUE.labels.items():
        count = counts[english(label)]
        assert listed(client, count.url) == expected[key], key
        assert count.count == len(expected[key]), key
    assert listed(client, panel(expert, title).list_url) == set().union(*expected.values())


def test_each_escalated_count_links_to_exactly_the_complaints_it_counted(client, plain_http):
    past, _later_today, _tomorrow = moments()
    waiting = complaint_with(status=Status.ESCALATED, fix_due_at=past, escalated_at=past)
    in_review = complaint_with(status=Status.UNDER_REVIEW, fix_due_at=past, escalated_at=past)
    # Not to decide: decided (upheld, to close), closed, still in the provider's hands.
    complaint_with(status=Status.UPHELD, fix_due_at=past, escalated_at=past)
    complaint_with(status=Status.CLOSED, fix_due_at=past, escalated_at=past)
    complaint_with(fix_due_at=past)
    reader = monitor()
    client.force_login(reader)
    title = "Escalated complaints to decide"

    counts = counts_by_label(reader, title)

    expected = {"to_review": {waiting.pk}, "in_review": {in_review.pk}}
    for key, label in ESCALATED_OPEN.labels.items():
        count = counts[english(label)]
        assert listed(client, count.url) == expected[key], key
        assert count.count == len(expected[key]), key
    assert listed(client, panel(reader, title).list_url) == {waiting.pk, in_review.pk}


def test_the_panels_name_every_count_their_selectors_count():
    assert set(COMPLAINTS_DUE.labels) == set(complaint_selectors.DUE_TODAY_KEYS)
    assert set(ESCALATED_OPEN.labels) == set(complaint_selectors.ESCALATED_KEYS)
    assert set(DESK_DUE.labels) == set(desk_selectors.DUE_TODAY_KEYS)
