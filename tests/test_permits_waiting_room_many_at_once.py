"""The front server asks where many accounts stand at once (every poll, or every arrival, of
one turn of its loop): one script call a release. The answers are those the accounts would
get asked one by one, in the order asked, whatever releases they mix; an account asked twice
in one turn (two tabs) holds one place."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.permits import release_info_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


@pytest.fixture
def releases(rawdah_men, waiting_room):
    """Two releases open five seconds ago admitting one seat a second, of four seats each."""
    slots = release_slots(rawdah_men, count=2, capacity=4)
    opens_at = timezone.now() - timedelta(seconds=5)
    return [release_info_of([slot], opens_at=opens_at, admit_per_second=1) for slot in slots]


def summary(place):
    return (place.state, place.position, place.seats_left)


def test_arrivals_of_two_releases_queue_in_the_order_they_came(releases, waiting_room):
    first, second = releases
    at = first.opens_at

    places = waiting_room.join_many([(first, 11), (second, 21), (first, 12), (second, 22),
                                     (first, 13)], now=at)

    assert [summary(place) for place in places] == [
        ("waiting", 1, 4), ("waiting", 1, 4), ("waiting", 2, 4), ("waiting", 2, 4),
        ("waiting", 3, 4)]


def test_polls_asked_together_answer_as_polls_asked_one_by_one(releases, waiting_room):
    first, second = releases
    at = first.opens_at
    waiting_room.join_many([(first, 11), (first, 12), (second, 21), (first, 13)], now=at)
    later = at + 2.5  # two seats admitted from each line

    together = waiting_room.poll_many([(first.id, 13), (second.id, 21), (first.id, 11),
                                       (first.id, 99)], now=later)
    one_by_one = [waiting_room.poll(release_id, user_id=user_id, now=later)
                  for release_id, user_id in [(first.id, 13), (second.id, 21), (first.id, 11),
                                              (first.id, 99)]]

    assert [summary(place) for place in together] == [
        ("waiting", 1, 2), ("admitted", 0, 3), ("admitted", 0, 2), ("none", None, 2)]
    assert [summary(place) for place in one_by_one] == [summary(place) for place in together]
    assert together[2].queue_pass == one_by_one[2].queue_pass


def test_an_account_arriving_twice_in_one_turn_holds_one_place(releases, waiting_room):
    first, _second = releases

    places = waiting_room.join_many([(first, 11), (first, 12), (first, 11)], now=first.opens_at)

    assert [place.position for place in places] == [1, 2, 1]
    assert waiting_room.figures(first.id)["in_line"] == 2
