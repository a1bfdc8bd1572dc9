"""A complaint a care-centre agent logs by phone for a pilgrim lives the same life as one the
pilgrim files online: the same number format, the same deadlines, the same SMS to the
pilgrim at every stage (acknowledged, started, escalated, under review, decided, closed).
The steps only the pilgrim takes (reply to a question, reopen, escalate now, confirm) a care
agent records for a pilgrim who phones, and they too move the clock and tell the pilgrim
exactly as the pilgrim's own steps online do."""

import re
from datetime import timedelta

import pytest
from django.utils import translation

from complaints import services
from complaints.models import Channel
from notifications.models import SmsMessage
from tests.factories.complaints import (
    NOW,
    care_agent,
    filed_complaint,
    monitor,
    provider_staff_for,
)

pytestmark = pytest.mark.django_db


def walk(complaint):
    """Acknowledge, start, miss the corrective period (escalated), review, dismiss, close."""
    agent, ministry = care_agent(), monitor()
    services.complaint_acknowledge(complaint=complaint, acting_user=agent,
                                   now=NOW + timedelta(minutes=10))
    services.complaint_start(complaint=complaint, acting_user=agent,
                             now=NOW + timedelta(minutes=20))
    services.complaints_escalate_overdue(now=complaint.fix_due_at + timedelta(minutes=1))
    services.complaint_review_start(complaint=complaint, acting_user=ministry,
                                    now=NOW + timedelta(hours=5))
    services.complaint_decide(complaint=complaint, acting_user=ministry, upheld=False,
                              reason="Housed as contracted.", now=NOW + timedelta(hours=6))
    services.complaint_close(complaint=complaint, acting_user=ministry,
                             now=NOW + timedelta(hours=7))
    complaint.refresh_from_db()
    return complaint


def texts(complaint):
    """The pilgrim's SMS, with the complaint's own number blanked out."""
    rows = SmsMessage.objects.filter(about_object_id=str(complaint.pk),
                                     idempotency_key__startswith="complaints:").order_by("pk")
    assert {row.recipient for row in rows} == {str(complaint.pilgrim.profile.mobile)}
    return [row.text.replace(complaint.number, "#") for row in rows]


def test_a_phone_complaint_gets_the_same_number_sms_and_clock_as_a_web_complaint():
    web = filed_complaint()
    web_deadlines = (web.ack_due_at, web.fix_due_at)
    web = walk(web)  # walked first: the sweep escalates every complaint past its period
    phone = filed_complaint(channel=Channel.PHONE, logged_by=care_agent())
    assert (phone.ack_due_at, phone.fix_due_at) == web_deadlines
    for complaint in (web, phone):
        assert re.fullmatch(r"CM1448-\d{6}", complaint.number)
    phone = walk(phone)
    assert (web.status, phone.status) == ("closed", "closed")
    assert web.escalated_automatically and phone.escalated_automatically
    assert texts(phone) == texts(web)
    # received, acknowledged, started, escalated, under review, dismissed, closed
    assert len(texts(web)) == 7


def walk_with_the_pilgrim(complaint, *, on_behalf_by=None):
    """Acknowledge, ask the pilgrim (the clock pauses), the pilgrim's reply (it runs again),
    resolve, the pilgrim reopens, the new period passes and the pilgrim escalates now, the
    provider resolves late, the pilgrim confirms; the pilgrim's steps taken online, or by an
    agent for a pilgrim on the phone."""
    staff, pilgrim = provider_staff_for(complaint), complaint.pilgrim
    mine = {"acting_user": pilgrim, "on_behalf_by": on_behalf_by}

    def at(minutes):
        return NOW + timedelta(minutes=minutes)

    services.complaint_acknowledge(complaint=complaint, acting_user=staff, now=at(10))
    services.complaint_request_info(complaint=complaint, acting_user=staff,
                                    question="Which hotel?", now=at(20))
    services.complaint_reply(complaint=complaint, text="Al-Safwa.", now=at(50), **mine)
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Housed.",
                               now=at(60))
    services.complaint_reopen(complaint=complaint, reason="Not housed.", now=at(70), **mine)
    complaint.refresh_from_db()
    services.complaint_escalate(complaint=complaint, now=complaint.fix_due_at, **mine)
    services.complaint_resolve(complaint=complaint, acting_user=staff, note="Housed now.",
                               now=complaint.fix_due_at + timedelta(minutes=10))
    services.complaint_confirm(complaint=complaint,
                               now=complaint.fix_due_at + timedelta(minutes=20), **mine)
    complaint.refresh_from_db()
    return complaint


def test_the_pilgrims_own_steps_taken_by_phone_live_the_same_life_as_online():
    web = walk_with_the_pilgrim(filed_complaint())
    agent = care_agent()
    with translation.override("en"):  # the agent's language, the steps' notes are in
        phone = walk_with_the_pilgrim(filed_complaint(channel=Channel.PHONE, logged_by=agent),
                                      on_behalf_by=agent)

    assert (web.status, phone.status) == ("confirmed", "confirmed")
    assert (phone.paused_seconds, phone.fix_due_at, phone.fixed_late) == (
        web.paused_seconds, web.fix_due_at, web.fixed_late)
    # received, acknowledged, asked, resumed, resolved, reopened, escalated, resolved,
    # confirmed
    assert texts(phone) == texts(web)
    assert len(texts(web)) == 9
    pilgrims_steps = phone.transitions.filter(kind__in=["replied", "reopened", "escalated",
                                                        "confirmed"])
    assert {step.actor for step in pilgrims_steps} == {agent}
    assert all(step.note.startswith("By phone, on the pilgrim's behalf") for step in
               pilgrims_steps)
