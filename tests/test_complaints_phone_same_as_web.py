"""A complaint a care-centre agent logs by phone for a pilgrim lives the same life as one the
pilgrim files online: the same number format, the same deadlines, the same SMS to the
pilgrim at every stage (acknowledged, started, escalated, under review, decided, closed)."""

import re
from datetime import timedelta

import pytest

from complaints import services
from complaints.models import Channel
from notifications.models import SmsMessage
from tests.factories.complaints import NOW, care_agent, filed_complaint, monitor

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
