"""Provider staff see and edit only their own company's packages; the ministry approves."""

import pytest

from accounts import roles
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import PackageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, plain_http):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_provider_staff_list_only_their_own_packages(staff_client):
    mine, theirs = PackageFactory(), PackageFactory()
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF, provider=mine.provider)
    response = staff_client(staff).get("/admin/packages/package/")
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [mine]
    assert theirs not in response.context["cl"].queryset


def test_provider_staff_cannot_open_another_companys_package(staff_client):
    mine, theirs = PackageFactory(), PackageFactory()
    client = staff_client(StaffUserFactory(role=roles.PROVIDER_STAFF, provider=mine.provider))
    assert client.get(f"/admin/packages/package/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/packages/package/{theirs.pk}/change/").status_code == 302


def test_only_the_ministry_gets_the_approve_action(staff_client):
    package = PackageFactory(status="submitted")
    provider_staff = StaffUserFactory(role=roles.PROVIDER_STAFF, provider=package.provider)
    response = staff_client(provider_staff).get("/admin/packages/package/")
    assert "approve" not in dict(response.context["action_form"].fields["action"].choices)
    ministry = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    response = staff_client(ministry).post("/admin/packages/package/", {
        "action": "approve", "_selected_action": [package.pk]})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.status == "published"
