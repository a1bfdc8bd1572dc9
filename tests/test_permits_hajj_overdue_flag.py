"""The Hajj permit's 3-working-day processing clock sweeps itself: a request still undecided
after it is flagged for ministry staff (a time on the request, filterable in the admin, and
one e-mail to the ministry's administrators) and the pilgrim is told by SMS of the delay
and the new expectation, once. A holiday on the working calendar moves the deadline; a
request decided in time is never flagged."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from accounts import roles
from accounts.models import PilgrimProfile
from notifications.models import SmsMessage
from packages.models import Contract
from permits import services
from permits.models import Booking, PublicHoliday
from portal import working_days
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import ProviderFactory, seeded_season
from tests.fixtures.permits import NOW, RIYADH

pytestmark = pytest.mark.django_db

# Requested Sunday 22 November 09:00: due by the end of Wednesday 25 November.
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=RIYADH)


@pytest.fixture
def hajj_request(pilgrim, permit_services):
    person = services.person_for_user(user=pilgrim)
    person.identity_expires_on = date(2030, 1, 1)
    person.save()
    contract = Contract.objects.create(pilgrim=pilgrim, provider=ProviderFactory(),
                                       season=seeded_season(), status=Contract.Status.PAID,
                                       clients=1, value=Decimal("8092.55"))
    return lambda: services.hajj_request_create(acting_user=pilgrim, contract=contract,
                                                now=NOW)


def delay_sms(booking):
    return SmsMessage.objects.filter(idempotency_key=f"permit-booking:{booking.pk}:overdue")


def test_an_overdue_request_is_flagged_and_the_pilgrim_told_once(
        hajj_request, django_capture_on_commit_callbacks):
    booking = hajj_request()
    ministry = StaffUserFactory(role=roles.MINISTRY_ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.hajj_requests_flag_overdue(now=booking.due_by) == 0
        assert services.hajj_requests_flag_overdue(now=THURSDAY) == 1
        assert services.hajj_requests_flag_overdue(now=THURSDAY + timedelta(days=3)) == 0

    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED  # flagged, still for staff to decide
    assert booking.overdue_flagged_at == THURSDAY
    # Two more working days from Thursday: Sunday 29 and Monday 30 November.
    assert booking.expected_by.astimezone(RIYADH).date() == date(2026, 11, 30)
    assert delay_sms(booking).count() == 1
    notices = [message for message in mail.outbox if ministry.email in message.to]
    assert len(notices) == 1 and booking.contract.reference in notices[0].subject


@pytest.mark.parametrize("language, text", [
    ("en", "Your request for {service} is taking longer than the 3 working days promised. "
           "A decision is now expected by 20 Jumada al-Akhirah 1448 AH · 30 November 2026."),
    ("ar", "يستغرق طلبك لـ{service} وقتًا أطول من أيام العمل الموعودة وعددها 3. القرار متوقع "
           "الآن بحلول 20 جمادى الآخرة 1448 هـ · 30 نوفمبر 2026."),
])
def test_the_pilgrim_is_told_in_their_language_with_both_calendars(
        hajj_request, pilgrim, language, text):
    PilgrimProfile.objects.filter(user=pilgrim).update(preferred_language=language)
    booking = hajj_request()
    services.hajj_requests_flag_overdue(now=THURSDAY)

    service = booking.service.safe_translation_getter("name", language_code=language)
    assert delay_sms(booking).get().text == text.format(service=service)


def test_a_holiday_on_the_working_calendar_moves_the_deadline(hajj_request):
    PublicHoliday.objects.create(calendar=working_days.working_calendar(),
                                 date=date(2026, 11, 24), name="Test holiday")
    booking = hajj_request()

    # Tuesday is not counted: due by the end of Thursday 26 November.
    assert services.hajj_requests_flag_overdue(now=THURSDAY) == 0
    assert services.hajj_requests_flag_overdue(now=THURSDAY + timedelta(days=1)) == 1
    booking.refresh_from_db()
    assert booking.overdue_flagged_at == THURSDAY + timedelta(days=1)


def test_a_request_decided_in_time_is_never_flagged(hajj_request):
    booking = hajj_request()
    services.hajj_request_issue(booking=booking, acting_user=StaffUserFactory(),
                                now=NOW + timedelta(days=1))

    assert services.hajj_requests_flag_overdue(now=THURSDAY + timedelta(days=30)) == 0
    booking.refresh_from_db()
    assert booking.overdue_flagged_at is None
    assert not delay_sms(booking).exists()


def test_staff_filter_the_flagged_requests_in_the_admin(hajj_request, client):
    booking = hajj_request()
    services.hajj_requests_flag_overdue(now=THURSDAY)
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN, is_superuser=True))

    listing = client.get("/admin/permits/booking/", {"clock": "flagged"})

    assert listing.status_code == 200
    assert f"/admin/permits/booking/{booking.pk}/change/" in listing.content.decode()
    assert Booking.objects.filter(overdue_flagged_at__isnull=False).count() == 1
