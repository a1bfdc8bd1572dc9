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


def test_the_ministry_reaches_every_back_office_page(staff_client, payment_gateway):
    import datetime

    from packages.services import contract_cancel, contract_pay
    from portal.calendars import RIYADH
    from tests.factories.accounts import PilgrimFactory
    from tests.factories.packages import ordered_contract

    now = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=now)
    contract_pay(contract=contract, card_token="tok_ok", now=now)
    refund = contract_cancel(contract=contract, reason="pilgrim", now=now)
    client = staff_client(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    for url in ("/admin/packages/season/", "/admin/packages/season/1448/change/",
                "/admin/packages/provider/",
                f"/admin/packages/provider/{contract.provider_id}/change/",
                "/admin/packages/package/",
                f"/admin/packages/package/{contract.package_id}/change/",
                "/admin/packages/contract/", f"/admin/packages/contract/{contract.pk}/change/",
                "/admin/packages/paymentattempt/", "/admin/refunds/refund/",
                f"/admin/refunds/refund/{refund.pk}/change/", "/admin/refunds/exemptionclaim/"):
        assert client.get(url).status_code == 200, url
