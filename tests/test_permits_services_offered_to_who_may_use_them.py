"""A service a person cannot use is not offered as bookable: the catalogue, the calendar and
the booking page say why, in plain words in the reader's language, before any form; the
booking itself still refuses (one rule, rules.gender_may_use / rules.check_hajj_*)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permits.models import Booking, Person, ServiceRule
from permits.selectors import rule_cache_clear, rule_for
from permits.services import person_for_user
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory, service_by_code

pytestmark = pytest.mark.django_db

FOR_WOMEN = {"en": "This service is for women.", "ar": "هذه الخدمة للنساء."}
FOR_MEN = {"en": "This service is for men.", "ar": "هذه الخدمة للرجال."}


def slot_of(code):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    season_of(start.date())
    return SlotFactory(service=service_by_code(code), starts_at=start,
                       ends_at=start + timedelta(minutes=10), capacity=3)


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_man_sees_the_womens_rawdah_as_not_bookable_with_the_reason(client, permit_services,
                                                                     language):
    page = signed_in(client, PilgrimFactory(gender="male")).get(
        "/permits/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert FOR_WOMEN[language] in page
    assert 'href="/permits/rawdah_women/"' not in page
    assert 'href="/permits/rawdah_men/"' in page
    assert "reserved for" not in page and "مخصّصة لـ" not in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_woman_sees_the_mens_rawdah_as_not_bookable_with_the_reason(client, permit_services,
                                                                     language):
    page = signed_in(client, PilgrimFactory(gender="female")).get(
        "/permits/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert FOR_MEN[language] in page
    assert 'href="/permits/rawdah_men/"' not in page
    assert 'href="/permits/rawdah_women/"' in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_booking_page_of_a_service_for_the_other_gender_shows_why_and_no_form(
        client, permit_services, language):
    slot = slot_of("rawdah_women")
    client = signed_in(client, PilgrimFactory(gender="male"))

    page = client.get(f"/permits/slot/{slot.pk}/book/",
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    calendar = client.get(f"/permits/rawdah_women/?day={timezone.localtime(slot.starts_at).date()}",
                          HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert FOR_WOMEN[language] in page
    assert 'id="booking-form"' not in page and 'id="book-submit"' not in page
    assert FOR_WOMEN[language] in calendar
    assert f'href="/permits/slot/{slot.pk}/book/"' not in calendar


def test_a_post_is_still_refused_by_the_booking_in_whole_words(client, permit_services):
    slot = slot_of("rawdah_women")
    man = PilgrimFactory(gender="male", profile__full_name="Omar")

    response = signed_in(client, man).post(f"/permits/slot/{slot.pk}/book/", {
        "idempotency_key": "k1", "accept_instructions": "on", "companions-TOTAL_FORMS": "0",
        "companions-INITIAL_FORMS": "0", "companions-MIN_NUM_FORMS": "0",
        "companions-MAX_NUM_FORMS": "13"}, HTTP_ACCEPT_LANGUAGE="ar")

    page = response.content.decode()
    assert not Booking.objects.exists()
    assert "لا يمكن لـ Omar حجز هذه الخدمة: فهي للنساء." in page
    assert 'id="booking-form"' not in page


def test_a_person_who_may_use_the_service_sees_the_form(client, permit_services):
    slot = slot_of("rawdah_women")

    page = signed_in(client, PilgrimFactory(gender="female")).get(
        f"/permits/slot/{slot.pk}/book/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="booking-form"' in page
    assert "This service is for" not in page


def test_an_anonymous_visitor_sees_the_catalogue_with_sign_in_to_book(client, permit_services):
    page = client.get("/permits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Rawdah visit, men" in page and "Rawdah visit, women" in page
    assert page.count("Sign in to book") == 5
    assert "/accounts/login/?next=/permits/rawdah_women/" in page
    assert "This service is for" not in page


def test_a_person_without_a_profile_is_told_to_complete_it_with_a_link(client, permit_services):
    page = signed_in(client, UserFactory()).get(
        "/permits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Complete your profile first." in page
    assert 'href="/profile/edit/"' in page
    assert 'href="/permits/rawdah_men/"' not in page


def test_a_recent_pilgrim_is_told_when_they_may_apply_for_hajj_again(client, permit_services):
    pilgrim = PilgrimFactory()
    client = signed_in(client, pilgrim)
    person = person_for_user(user=pilgrim)
    rule = rule_for(service=service_by_code("hajj"), day=timezone.localdate())
    if rule is None:
        pytest.skip("no Hajj rule in force today in the seeded data")
    Person.objects.filter(pk=person.pk).update(last_hajj_season=rule.season - 1)
    # Past the first-timers phase: the repeat rule is the one that answers.
    ServiceRule.objects.filter(pk=rule.pk).update(first_timers_only_until=None)
    rule_cache_clear()

    page = client.get("/permits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hajj = client.get("/permits/hajj/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    arabic = client.get("/permits/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert (f"You can apply for Hajj once every {rule.repeat_after_years} years; "
            f"your last Hajj was in {rule.season - 1}.") in page
    assert (f"يمكنك التقديم على الحج مرة كل {rule.repeat_after_years} سنوات؛ "
            f"وكان آخر حج لك في عام {rule.season - 1}.") in arabic
    assert 'href="/permits/hajj/"' not in page
    assert 'id="unavailable-hajj"' in hajj
