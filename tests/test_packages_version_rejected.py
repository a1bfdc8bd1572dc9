"""The ministry rejects a change with a reason; the approved version stays on sale."""

from decimal import Decimal

import pytest
from django.utils import timezone

from packages import versions
from packages.errors import PackageError
from packages.models import PackageVersion
from tests.factories.packages import PackageFactory, ministry_user, submitted_change

pytestmark = pytest.mark.django_db


def test_a_rejected_change_keeps_its_reason_and_the_approved_version_on_sale():
    package = PackageFactory(price=Decimal("8092.55"))
    change = submitted_change(package, now=timezone.now(), price=Decimal("12000.00"))
    ministry = ministry_user()
    versions.package_version_reject(version=change, acting_user=ministry,
                                    reason="The price rise is not justified.")
    change.refresh_from_db()
    package.refresh_from_db()
    assert change.status == PackageVersion.Status.REJECTED
    assert (change.reason, change.decided_by) == ("The price rise is not justified.", ministry)
    assert package.price == Decimal("8092.55")
    assert package.current_version.number == 1
    assert package.current_version.status == PackageVersion.Status.APPROVED


def test_a_rejection_needs_a_reason():
    change = submitted_change(PackageFactory(), now=timezone.now())
    with pytest.raises(PackageError) as refused:
        versions.package_version_reject(version=change, acting_user=ministry_user(),
                                        reason="  ")
    assert refused.value.code == "reason_required"
    change.refresh_from_db()
    assert change.status == PackageVersion.Status.SUBMITTED


def test_the_ministry_rejects_from_the_admin_with_a_reason(client, plain_http):
    change = submitted_change(PackageFactory(), now=timezone.now())
    client.force_login(ministry_user())
    url = "/admin/packages/packageversion/"
    asked = client.post(url, {"action": "reject", "_selected_action": [change.pk]})
    assert asked.status_code == 200 and "reason" in asked.context["form"].fields
    client.post(url, {"action": "reject", "_selected_action": [change.pk],
                      "reason": "Camp number missing."})
    change.refresh_from_db()
    assert (change.status, change.reason) == (PackageVersion.Status.REJECTED,
                                              "Camp number missing.")


def test_after_a_rejection_the_provider_may_propose_again():
    package = PackageFactory()
    change = submitted_change(package, now=timezone.now())
    versions.package_version_reject(version=change, acting_user=ministry_user(), reason="No.")
    again = submitted_change(package, now=timezone.now())
    assert again.number == 3
