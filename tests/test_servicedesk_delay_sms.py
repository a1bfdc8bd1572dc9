"""The pilgrim is told by SMS, in their language, that their request is late and by when a
reply is now expected: a date in the Hijri and the Gregorian calendars, counted in working
days from the escalation (the step's figure)."""

from datetime import datetime, timedelta

import pytest

from accounts.models import PilgrimProfile
from notifications.models import SmsMessage
from portal.calendars import RIYADH
from servicedesk import services
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, escalation_chain

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)  # Sunday
# The first response (24 hours) is missed on Monday 23 November; the lead has 2 working
# days: Tuesday and Wednesday 25 November (15 Jumada al-Akhirah 1448).
ESCALATED = NOW + timedelta(hours=26)


def delay_sms(language):
    escalation_chain(lead_after_hours=0, lead_days=2)
    pilgrim = PilgrimFactory()
    PilgrimProfile.objects.filter(user=pilgrim).update(preferred_language=language)
    pilgrim.refresh_from_db()
    desk_request = desk_request_file(user=pilgrim, type_code="new_request", now=NOW)
    services.desk_requests_escalate_overdue(now=ESCALATED)
    return desk_request, SmsMessage.objects.get(
        idempotency_key=f"servicedesk:{desk_request.reference}:escalated:1")


def test_in_english_with_both_calendars():
    desk_request, sms = delay_sms("en")

    assert sms.language == "en"
    assert sms.text == (
        f"Your request {desk_request.reference} is taking longer than promised and has been "
        "passed to a senior officer. A reply is now expected by "
        "15 Jumada al-Akhirah 1448 AH · 25 November 2026.")


def test_in_arabic_with_both_calendars():
    desk_request, sms = delay_sms("ar")

    assert sms.language == "ar"
    # The Latin reference between first-strong isolate and pop (invisible): the Arabic
    # sentence keeps its order around it on the phone.
    assert sms.text == (
        f"يستغرق طلبك \u2068{desk_request.reference}\u2069 وقتًا أطول من الموعود، "
        "وقد أُحيل إلى مسؤول أعلى. الرد متوقع الآن بحلول 15 جمادى الآخرة 1448 هـ · 25 نوفمبر 2026.")


def test_the_request_keeps_the_expectation_it_told():
    desk_request, _sms = delay_sms("en")

    desk_request.refresh_from_db()
    assert desk_request.expected_by.astimezone(RIYADH).date().isoformat() == "2026-11-25"
    assert desk_request.escalations.get().expected_by == desk_request.expected_by
