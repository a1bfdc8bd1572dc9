"""A package is published only by ministry approval, and never while the provider lacks a
mandatory contact channel or the service-levels table lacks accommodation, catering or
transport."""

import pytest
from django.utils import translation

from packages.errors import PackageError
from packages.models import Package
from packages.services import package_approve, package_submit
from tests.factories.packages import PackageFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_a_complete_package_is_submitted_then_approved_by_the_ministry(django_user_model):
    package = PackageFactory(status="draft")
    package_submit(package=package)
    ministry = django_user_model.objects.create(username="m", email="m@example.com")
    package = package_approve(package=package, acting_user=ministry)
    assert package.status == Package.Status.PUBLISHED
    assert package.approved_by == ministry and package.approved_at


def test_a_missing_mandatory_channel_blocks_publication():
    package = PackageFactory(status="draft",
                             provider=ProviderFactory(channels=["mobile", "email", "phone"]))
    with pytest.raises(PackageError) as error:
        package_submit(package=package)
    assert error.value.code == "missing_channels"
    with translation.override("en"):
        assert "WhatsApp" in str(error.value.message)


def test_a_missing_service_row_blocks_publication():
    package = PackageFactory(status="draft", services=["accommodation", "transport"])
    with pytest.raises(PackageError) as error:
        package_submit(package=package)
    assert error.value.code == "missing_services"


def test_approval_checks_again_in_case_a_channel_was_removed_meanwhile(django_user_model):
    package = PackageFactory(status="draft")
    package_submit(package=package)
    package.provider.channels.filter(kind="email").delete()
    with pytest.raises(PackageError):
        package_approve(package=package, acting_user=None)
    package.refresh_from_db()
    assert package.status == Package.Status.SUBMITTED
