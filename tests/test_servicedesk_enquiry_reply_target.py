"""Enquiries are answered within 14 working days (the figure Bahrain's Tawasul publishes,
seeded on the question types): the date is counted on the working calendar, so a holiday
moves it; the filing SMS acknowledges the enquiry the same day and names that date; the
sweep escalates an enquiry only once the 14th working day is over."""

from datetime import date, datetime, timedelta

import pytest

from notifications.models import SmsMessage
from permits.models import PublicHoliday
from portal import working_days
from portal.calendars import RIYADH
from servicedesk import services
from servicedesk.models import RequestType
from tests.factories.accounts import PilgrimFactory
from tests.factories.notifications import shown
from tests.factories.servicedesk import desk_request_file, escalation_chain

pytestmark = pytest.mark.django_db

# Sunday 22 November 2026, 10:00 in Makkah. Fourteen working days (Sunday to Thursday) end
# on Thursday 10 December (1 Rajab 1448).
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


def enquiry(language="en"):
    pilgrim = PilgrimFactory()
    pilgrim.profile.preferred_language = language
    pilgrim.profile.save()
    return desk_request_file(user=pilgrim, type_code="question", now=NOW)


def filing_sms(desk_request):
    return SmsMessage.objects.get(idempotency_key=f"servicedesk:{desk_request.reference}:filed")


def test_the_question_types_answer_within_14_working_days():
    assert set(RequestType.objects.filter(kind="question")
               .values_list("reply_working_days", flat=True)) == {14}


def test_the_reply_is_due_at_the_end_of_the_14th_working_day():
    desk_request = enquiry()

    assert desk_request.first_response_due == datetime(2026, 12, 10, 23, 59, 59,
                                                       tzinfo=RIYADH)
    assert desk_request.resolution_due >= desk_request.first_response_due


def test_a_holiday_on_the_working_calendar_moves_the_reply_date():
    PublicHoliday.objects.create(calendar=working_days.working_calendar(),
                                 date=date(2026, 12, 1), name="Test holiday")

    desk_request = enquiry()

    # Tuesday 1 December is not counted: the 14th working day is Sunday 13 December.
    assert desk_request.first_response_due.astimezone(RIYADH).date() == date(2026, 12, 13)
    assert "4 Rajab 1448 AH · 13 December 2026" in filing_sms(desk_request).text


def test_the_acknowledgement_is_queued_with_the_filing_and_names_the_reply_date():
    desk_request = enquiry()  # queued in the filing's transaction: the same working day
    sms = filing_sms(desk_request)

    assert sms.text == (
        f"Your request {desk_request.reference} is received. A reply is expected by "
        "1 Rajab 1448 AH · 10 December 2026. Follow it with this number and your identity "
        "number on the portal.")


def test_the_acknowledgement_in_arabic():
    desk_request = enquiry("ar")

    assert shown(filing_sms(desk_request).text) == (
        f"تم استلام طلبك {desk_request.reference}. الرد متوقع بحلول 1 رجب 1448 هـ · "
        "10 ديسمبر 2026. تابعه بهذا الرقم ورقم هويتك في البوابة.")


def test_an_unanswered_enquiry_is_escalated_after_its_14th_working_day_once():
    escalation_chain(lead_after_hours=0)
    desk_request = enquiry()
    due = desk_request.first_response_due

    assert services.desk_requests_escalate_overdue(now=due - timedelta(hours=1)) == 0
    assert services.desk_requests_escalate_overdue(now=due + timedelta(hours=1)) == 1
    assert services.desk_requests_escalate_overdue(now=due + timedelta(hours=2)) == 0
