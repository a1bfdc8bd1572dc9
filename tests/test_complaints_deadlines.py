"""Deadlines that enforce themselves: the sweep escalates a missed fix once, the pilgrim may
escalate once the provider's time passed, and the clock stops while waiting on the pilgrim."""

from datetime import datetime, timedelta

import pytest

from complaints import clock, services
from complaints.errors import ComplaintError
from complaints.models import Status
from permits.models import PublicHoliday, WorkingCalendar
from portal.calendars import RIYADH
from tests.factories.complaints import NOW, filed_complaint, provider_staff_for

pytestmark = pytest.mark.django_db


def test_a_missed_fix_goes_to_the_ministrys_monitors_automatically():
    complaint = filed_complaint()
    assert services.complaints_escalate_overdue(now=NOW + timedelta(hours=1, minutes=59)) == 0
    assert services.complaints_escalate_overdue(now=NOW + timedelta(hours=2, seconds=1)) == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.ESCALATED and complaint.escalated_automatically


def test_the_sweep_escalates_each_complaint_once():
    complaint = filed_complaint()
    later = NOW + timedelta(hours=3)
    assert services.complaints_escalate_overdue(now=later) == 1
    assert services.complaints_escalate_overdue(now=later) == 0
    assert complaint.transitions.filter(kind="escalated").count() == 1


def test_a_resolved_complaint_is_not_escalated():
    complaint = filed_complaint()
    services.complaint_resolve(complaint=complaint, acting_user=provider_staff_for(complaint),
                               note="Done", now=NOW + timedelta(minutes=20))
    assert services.complaints_escalate_overdue(now=NOW + timedelta(hours=3)) == 0


def test_the_pilgrim_may_escalate_only_once_the_providers_time_has_passed():
    complaint = filed_complaint()
    with pytest.raises(ComplaintError) as refused:
        services.complaint_escalate(complaint=complaint, acting_user=complaint.pilgrim,
                                    now=NOW + timedelta(hours=1))
    assert refused.value.code == "provider_time_left"
    escalated = services.complaint_escalate(complaint=complaint, acting_user=complaint.pilgrim,
                                            reason="Nobody came.", now=NOW + timedelta(hours=2))
    assert escalated.status == Status.ESCALATED and not escalated.escalated_automatically


def test_the_clock_pauses_while_the_complaint_waits_on_the_pilgrim():
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    services.complaint_request_info(complaint=complaint, acting_user=staff, question="Which room?",
                                    now=NOW + timedelta(minutes=30))
    # Waiting on the pilgrim: the deadline passes, nothing escalates.
    assert services.complaints_escalate_overdue(now=NOW + timedelta(hours=5)) == 0
    services.complaint_reply(complaint=complaint, acting_user=complaint.pilgrim, text="Room 12.",
                             now=NOW + timedelta(hours=5, minutes=30))
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.fix_due_at == NOW + timedelta(hours=7)  # 5 hours waited are added
    assert complaint.paused_seconds == 5 * 3600
    assert services.complaints_escalate_overdue(now=NOW + timedelta(hours=6)) == 0
    assert services.complaints_escalate_overdue(now=NOW + timedelta(hours=7, minutes=1)) == 1


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=RIYADH)


def test_a_complaint_received_on_a_weekend_is_due_at_the_end_of_the_next_working_day():
    friday = at(NOW.date() + timedelta(days=5))  # Friday 27 November 2026
    due = clock.end_of_working_day(friday)
    assert due.date() == NOW.date() + timedelta(days=7)  # Sunday 29 November


def test_holidays_of_the_calendar_are_skipped_hijri_ones_included():
    from hijridate import Hijri

    calendar = WorkingCalendar.objects.first() or WorkingCalendar.objects.create(name="KSA")
    eid = Hijri(1448, 12, 10).to_gregorian()  # Eid al-Adha 1448: Sunday 16 May 2027
    PublicHoliday.objects.get_or_create(calendar=calendar, date=eid,
                                        defaults={"name": "Eid al-Adha"})
    for offset in range(1, 4):
        PublicHoliday.objects.get_or_create(calendar=calendar, date=eid + timedelta(days=offset),
                                            defaults={"name": "Eid al-Adha"})
    due = clock.end_of_working_day(at(eid))
    assert due.date() == eid + timedelta(days=4)


def test_the_working_week_is_data_staff_edit():
    calendar = WorkingCalendar.objects.first() or WorkingCalendar.objects.create(name="KSA")
    calendar.working_weekdays = "0,1,2,3,4"  # a Monday-to-Friday week
    calendar.save()
    sunday = at(NOW.date())
    assert clock.end_of_working_day(sunday).date() == NOW.date() + timedelta(days=1)
