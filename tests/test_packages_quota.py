"""A package's places are sold with one conditional UPDATE: never oversold, even in a race."""

import threading

import pytest
from django.db import connection, transaction

from packages.errors import PackageError
from packages.models import Package
from packages.services import package_release_places, package_take_places
from tests.factories.packages import PackageFactory


@pytest.mark.django_db
def test_places_are_taken_until_the_quota_is_used_up():
    package = PackageFactory(places_total=3)
    package_take_places(package_id=package.pk, places=2)
    with pytest.raises(PackageError) as error:
        package_take_places(package_id=package.pk, places=2)
    assert error.value.code == "sold_out"
    package_take_places(package_id=package.pk, places=1)
    package.refresh_from_db()
    assert package.places_sold == 3 and package.places_left == 0


@pytest.mark.django_db
def test_released_places_return_to_the_quota():
    package = PackageFactory(places_total=2)
    package_take_places(package_id=package.pk, places=2)
    package_release_places(package_id=package.pk, places=2)
    package.refresh_from_db()
    assert package.places_sold == 0


@pytest.mark.django_db(transaction=True)
def test_two_pilgrims_racing_for_the_last_place_cannot_both_get_it():
    package = PackageFactory(places_total=1)
    barrier = threading.Barrier(8)
    outcomes = []

    def buyer():
        try:
            barrier.wait()
            with transaction.atomic():
                package_take_places(package_id=package.pk, places=1)
            outcomes.append("sold")
        except PackageError:
            outcomes.append("sold_out")
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sold"] + ["sold_out"] * 7
    assert Package.objects.get(pk=package.pk).places_sold == 1


@pytest.mark.django_db(transaction=True)
def test_without_the_condition_the_race_would_oversell_and_the_database_refuses_it():
    # Proves the race is real: a blind increment past the quota is stopped by the CHECK.
    from django.db import IntegrityError
    from django.db.models import F

    package = PackageFactory(places_total=1)
    Package.objects.filter(pk=package.pk).update(places_sold=F("places_sold") + 1)
    with pytest.raises(IntegrityError):
        Package.objects.filter(pk=package.pk).update(places_sold=F("places_sold") + 1)
