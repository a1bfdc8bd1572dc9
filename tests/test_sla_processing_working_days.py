"""A service whose target is in working days is measured on the working calendar: the
time between start and decision counts only working days, the weekend and the public
holidays of the calendar left out, and the target is N x 24 working hours with no
allowance added for days off."""

from datetime import date, datetime, timedelta

import pytest

from permits.models import PublicHoliday, WorkingCalendar
from portal.calendars import RIYADH
from portal.models import EService
from sla.dashboard import RED, processing_target_seconds, service_levels
from sla.metrics import figures_by_service
from sla.models import PROCESSING_BINS, Policy
from sla.rollups import riyadh_day
from sla.services import rollup_rebuild
from tests.factories.sla import TransactionFactory

pytestmark = pytest.mark.django_db

# Thursday 26 November 2026, 10:00 in Makkah; Friday and Saturday are the weekend.
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=RIYADH)
HOLIDAY = date(2026, 11, 29)  # the Sunday after it, made a public holiday
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=RIYADH)


@pytest.fixture
def calendar():
    calendar = WorkingCalendar.objects.order_by("pk").first() or WorkingCalendar.objects.create(
        name="KSA", working_weekdays="6,0,1,2,3")
    PublicHoliday.objects.get_or_create(calendar=calendar, date=HOLIDAY,
                                        defaults={"name": "Test holiday"})
    return calendar


def hajj_request(started_at, completed_at, reference):
    return TransactionFactory(service_code="hajj", started_at=started_at,
                              duration=completed_at - started_at, reference=reference)


def days_bin(days):
    """The histogram bin of processing times from `days` x 24 h up to the next bound."""
    return PROCESSING_BINS.index(days * 86400) + 1


def hajj_figures(first, last):
    rollup_rebuild(first_day=riyadh_day(first), last_day=riyadh_day(last))
    hajj = EService.objects.get(code="hajj")
    return figures_by_service(first_day=riyadh_day(first), last_day=riyadh_day(last))[hajj.pk]


def test_the_weekend_and_a_public_holiday_in_the_way_are_not_counted(calendar):
    # Thursday 10:00 to Monday 10:00: four days elapsed, but Friday, Saturday (weekend) and
    # Sunday (holiday) are off, so 14 hours on Thursday and 10 on Monday: one working day.
    hajj_request(THURSDAY, MONDAY, "HJ-1")
    figures = hajj_figures(THURSDAY, MONDAY)
    assert figures.decided == 1 and figures.over_target == 0
    assert figures.histogram[days_bin(1)] == 1  # one working day, not four elapsed


def test_the_same_request_without_the_holiday_takes_two_working_days(calendar):
    PublicHoliday.objects.filter(calendar=calendar, date=HOLIDAY).delete()
    hajj_request(THURSDAY, MONDAY, "HJ-1")
    figures = hajj_figures(THURSDAY, MONDAY)
    assert figures.histogram[days_bin(2)] == 1  # Thursday's 14 h, Sunday, Monday's 10 h


def test_a_request_over_three_working_days_is_counted_over_target(calendar):
    # Monday to Monday a week later: Mon 14 h, Tue, Wed, Thu, then the weekend and the
    # holiday, and Monday 10 h: four working days against the Hajj target of three.
    hajj_request(MONDAY - timedelta(days=7), MONDAY, "HJ-slow")
    hajj_request(THURSDAY, MONDAY, "HJ-fast")
    figures = hajj_figures(MONDAY - timedelta(days=7), MONDAY)
    assert (figures.decided, figures.over_target) == (2, 1)


def test_the_target_is_three_working_days_with_no_weekend_allowance(calendar):
    hajj = EService.objects.get(code="hajj")
    assert processing_target_seconds(hajj, Policy(hijri_year=1448)) == 3 * 86400


def test_every_decision_over_target_turns_the_figure_red(calendar):
    hajj_request(MONDAY - timedelta(days=7), MONDAY, "HJ-slow")
    hajj_figures(MONDAY - timedelta(days=7), MONDAY)
    levels = service_levels(first_day=riyadh_day(MONDAY - timedelta(days=7)),
                            last_day=riyadh_day(MONDAY))
    hajj = next(level for level in levels if level.service.code == "hajj")
    assert hajj.cells["processing"].status == RED
