"""At a season's close (the day its track closes is over), the offers and requests still
waiting for a match lapse, each owner told once by SMS in their own language; a priority
keeps its due year, and a match in progress finishes or lapses by its own deadline."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from notifications.models import SmsMessage
from packages.models import Season
from portal.calendars import RIYADH
from portal.hijri import hijri_to_gregorian
from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory, agent_create, province_get
from transfers import services
from transfers.models import Match, Offer, TransferRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def closes():
    """The first moment after the 1448 track's close day, in Riyadh."""
    day = hijri_to_gregorian(Season.objects.get(year=1448).track_closes)
    return datetime(day.year, day.month, day.day, tzinfo=RIYADH) + timedelta(days=1)


def offer_at(now, due_year=1448):
    registration = RegistrationFactory(due_year=due_year)
    return services.offer_create(acting_user=registration.holder, registration=registration,
                                 price=Decimal("4000"), now=now)


def request_at(now, province="makkah", user=None):
    return services.request_create(acting_user=user or PilgrimFactory(),
                                   province=province_get(province), now=now)


def season_sms(filing):
    return SmsMessage.objects.filter(
        idempotency_key__startswith="transfers:season_closed:",
        idempotency_key__contains=f":{filing._meta.model_name}:{filing.pk}:")


def test_waiting_filings_lapse_at_the_close_with_one_sms_in_the_owners_language(closes):
    before = closes - timedelta(days=10)
    waiting_offer = offer_at(before, due_year=1450)
    english = PilgrimFactory(profile__preferred_language="en")
    waiting_request = request_at(before, user=english)

    assert services.lapse_at_season_close(now=closes - timedelta(hours=1)) == 0
    assert services.lapse_at_season_close(now=closes) == 2
    assert services.lapse_at_season_close(now=closes + timedelta(hours=1)) == 0

    waiting_offer.refresh_from_db()
    waiting_request.refresh_from_db()
    assert (waiting_offer.status, waiting_request.status) == ("lapsed", "lapsed")
    waiting_offer.registration.refresh_from_db()
    assert waiting_offer.registration.due_year == 1450
    assert waiting_offer.registration.status == "active"
    [to_holder] = season_sms(waiting_offer)
    [to_applicant] = season_sms(waiting_request)
    assert to_holder.language == "ar"
    with translation.override("ar"):
        assert str(services.SMS["season_closed"] % {"season": 1448}) == to_holder.text
    assert to_applicant.language == "en"
    assert "1448" in to_applicant.text and "lapsed" in to_applicant.text


def test_a_filing_made_after_the_close_waits_for_the_next_match(closes):
    later = offer_at(closes + timedelta(hours=2), due_year=1449)

    services.lapse_at_season_close(now=closes + timedelta(hours=3))

    later.refresh_from_db()
    assert later.status == Offer.Status.OPEN


def test_a_match_in_progress_lapses_by_its_own_deadline_and_its_filings_with_the_season(
        closes):
    matched_at = closes - timedelta(days=2)
    offered, asked = offer_at(matched_at), request_at(matched_at, province="riyadh")
    match = services.match_next(now=matched_at)
    assert match is not None

    assert services.lapse_at_season_close(now=closes) == 0
    match.refresh_from_db()
    assert match.status == Match.Status.PENDING

    services.matches_lapse_overdue(now=match.deadline + timedelta(minutes=1))
    assert services.lapse_at_season_close(now=match.deadline + timedelta(minutes=2)) == 0

    offered.refresh_from_db()
    asked.refresh_from_db()
    assert (offered.status, asked.status) == (Offer.Status.LAPSED,
                                              TransferRequest.Status.LAPSED)
    assert season_sms(offered).count() == season_sms(asked).count() == 1
    # Not told they are back in a line that no longer leads anywhere.
    assert not SmsMessage.objects.filter(idempotency_key__startswith="transfers:lapsed:").exists()


def test_a_match_in_progress_completes_after_the_close_within_its_deadline(closes):
    matched_at = closes - timedelta(days=2)
    offered, asked = offer_at(matched_at), request_at(matched_at, province="riyadh")
    match = services.match_next(now=matched_at)
    agent, staff = agent_create()
    for party in (offered.user, asked.user):
        services.match_choose_agent(match=match, acting_user=party, agent=agent)
    services.lapse_at_season_close(now=closes)

    services.transfer_complete(match=match, acting_user=staff, agent_fee=Decimal("100"),
                               now=closes + timedelta(days=1))

    offered.refresh_from_db()
    assert offered.status == Offer.Status.COMPLETED
    assert offered.registration.holder == asked.user
    assert offered.registration.due_year == 1448


def test_a_filing_lapsing_with_the_season_is_never_matched(closes):
    offer_at(closes - timedelta(days=1))
    request_at(closes - timedelta(days=1), province="riyadh")

    assert services.match_next(now=closes + timedelta(minutes=5)) is None
