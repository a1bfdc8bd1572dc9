"""On the web, as through the API, a pilgrim joins a full slot's waiting list with their
party: the join page asks for the companions (dependants or people invited), who take seats
in the line; the rules are the service's, so what the API refuses the page refuses, with the
same translated reason, and nothing is written."""

import pytest

from permits.booking import booking_create
from permits.dates import local_date
from permits.models import Person, ServiceRule, WaitlistEntry
from permits.selectors import rule_cache_clear
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_slot(rawdah_men):
    """A two-seat slot on the wall clock, taken by a family."""
    slot = wall_clock_slot(rawdah_men, capacity=2)
    holder = PilgrimFactory()
    booking_create(acting_user=holder, slot=slot, companions=[DependantFactory(owner=holder)],
                   instructions_accepted=True)
    return slot


def url(slot):
    return f"/permits/slot/{slot.pk}/waitlist/"


def party(*rows):
    """The companions formset's POST data, as the join page sends it."""
    data = {"companions-TOTAL_FORMS": str(len(rows)), "companions-INITIAL_FORMS": "0",
            "companions-MIN_NUM_FORMS": "0", "companions-MAX_NUM_FORMS": "13"}
    for index, row in enumerate(rows):
        data.update({f"companions-{index}-{name}": value for name, value in row.items()})
    return data


def invited(**overrides):
    return {"id_type": "passport", "id_number": "A7654321", "mobile": "+966501234567",
            **overrides}


def test_the_join_page_asks_for_the_party_in_the_pilgrims_language(client, pilgrim,
                                                                    full_slot):
    DependantFactory(owner=pilgrim, full_name="Yusuf")
    client.force_login(pilgrim)

    page = client.get(url(full_slot), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'id="waitlist-form"' in page
    assert 'name="companions-TOTAL_FORMS"' in page
    assert "Yusuf" in page  # a dependant to choose, in the row's template
    assert "تنتظر مجموعتك معًا" in page
    assert "انضم إلى قائمة الانتظار" in page


def test_the_full_slot_links_to_the_join_page(client, pilgrim, full_slot):
    client.force_login(pilgrim)
    day = local_date(full_slot.starts_at).isoformat()

    page = client.get(f"/permits/{full_slot.service.code}/?day={day}",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'href="{url(full_slot)}"' in page


def test_a_dependant_and_an_invited_companion_take_seats_in_the_line(client, pilgrim,
                                                                      full_slot):
    son = DependantFactory(owner=pilgrim)
    client.force_login(pilgrim)

    response = client.post(url(full_slot), party({"dependant": son.pk}, invited()))

    assert response.status_code == 302 and response["Location"] == "/permits/mine/"
    entry = WaitlistEntry.objects.get(user=pilgrim, slot=full_slot)
    assert entry.seats == 3
    assert entry.companions == [{"dependant": son.pk},
                                {"id_type": "passport", "id_number": "A7654321",
                                 "mobile": "+966501234567"}]


def test_joining_alone_still_takes_one_seat(client, pilgrim, full_slot):
    client.force_login(pilgrim)

    client.post(url(full_slot))

    assert WaitlistEntry.objects.get(user=pilgrim, slot=full_slot).seats == 1


def test_a_party_larger_than_the_rule_allows_is_refused_as_by_the_api(client, app_client,
                                                                      pilgrim, full_slot):
    ServiceRule.objects.filter(service=full_slot.service).update(max_companions=1)
    rule_cache_clear()
    client.force_login(pilgrim)
    companions = [invited(), invited(id_number="B7654321", mobile="+966501234568")]

    page = client.post(url(full_slot), party(*companions), HTTP_ACCEPT_LANGUAGE="ar")
    api = app_client(pilgrim).post("/api/v1/permits/waitlist/",
                                   {"slot": full_slot.pk, "companions": companions},
                                   content_type="application/json", HTTP_ACCEPT_LANGUAGE="ar")

    assert api.json()["code"] == "too_many_companions"
    assert page.status_code == 200
    assert api.json()["detail"] in page.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_a_companion_the_slot_does_not_admit_is_refused_and_nothing_is_kept(client, pilgrim,
                                                                           full_slot):
    woman = DependantFactory(owner=pilgrim, full_name="Maryam", gender="female")
    client.force_login(pilgrim)

    page = client.post(url(full_slot), party({"dependant": woman.pk}),
                       HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert 'id="waitlist-form"' in page.content.decode()
    assert not WaitlistEntry.objects.exists()
    assert not Person.objects.filter(full_name="Maryam").exists()
