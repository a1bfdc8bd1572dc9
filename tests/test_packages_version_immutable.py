"""An approved package is immutable: neither its approved version nor the package on sale
can be changed, by the services or by a POST to the admin; only a draft is edited."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from accounts import roles
from packages import versions
from packages.errors import PackageError
from packages.models import PackageVersion
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import PackageFactory, ministry_user

pytestmark = pytest.mark.django_db
PRICE = Decimal("8092.55")


@pytest.fixture
def package():
    return PackageFactory(price=PRICE)


@pytest.fixture
def staff(package):
    return StaffUserFactory(role=roles.PROVIDER_STAFF, provider=package.provider)


def test_the_service_refuses_to_save_an_approved_version(package, staff):
    approved = package.current_version
    approved.price = Decimal("1.00")
    with pytest.raises(PackageError) as refused, transaction.atomic():
        versions.package_version_save(version=approved, acting_user=staff)
    assert refused.value.code == "version_frozen"
    assert PackageVersion.objects.get(pk=approved.pk).price == PRICE


def test_the_service_refuses_to_save_an_approved_package(package, staff):
    package.price = Decimal("1.00")
    with pytest.raises(PackageError) as refused:
        versions.package_save_unapproved(package=package, acting_user=staff)
    assert refused.value.code == "package_frozen"
    package.refresh_from_db()
    assert package.price == PRICE


def test_a_submitted_version_is_no_longer_editable(package, staff):
    draft = versions.package_change_propose(package=package, acting_user=staff)
    versions.package_version_submit(version=draft, acting_user=staff)
    draft.price = Decimal("1.00")
    with pytest.raises(PackageError, match="draft"), transaction.atomic():
        versions.package_version_save(version=draft, acting_user=staff)


@pytest.mark.parametrize("role", [roles.PROVIDER_STAFF, roles.MINISTRY_ADMIN])
def test_an_admin_post_cannot_change_the_approved_version(client, plain_http, package, role):
    client.force_login(StaffUserFactory(role=role, provider=package.provider)
                       if role == roles.PROVIDER_STAFF else ministry_user())
    url = f"/admin/packages/packageversion/{package.current_version.pk}/change/"
    response = client.post(url, {"price": "1.00", "places_total": "1", "category": "economic",
                                 "name": "Changed", "language": "en"})
    assert response.status_code == 403
    assert PackageVersion.objects.get(pk=package.current_version.pk).price == PRICE


@pytest.mark.parametrize("role", [roles.PROVIDER_STAFF, roles.MINISTRY_ADMIN])
def test_an_admin_post_cannot_change_the_package_on_sale(client, plain_http, package, role):
    client.force_login(StaffUserFactory(role=role, provider=package.provider)
                       if role == roles.PROVIDER_STAFF else ministry_user())
    response = client.post(f"/admin/packages/package/{package.pk}/change/",
                           {"price": "1.00", "places_total": "1"})
    assert response.status_code == 403
    package.refresh_from_db()
    assert (package.price, package.places_total) == (PRICE, 100)
    assert list(package.service_levels.values_list("service", flat=True)) == [
        "accommodation", "catering", "transport"]


def test_provider_staff_open_a_draft_for_editing_and_the_approved_one_read_only(
        client, plain_http, package, staff):
    draft = versions.package_change_propose(package=package, acting_user=staff,
                                            now=timezone.now())
    client.force_login(staff)
    editable = client.get(f"/admin/packages/packageversion/{draft.pk}/change/")
    frozen = client.get(f"/admin/packages/packageversion/{package.current_version.pk}/change/")
    assert editable.context["has_change_permission"] is True
    assert frozen.context["has_change_permission"] is False
