"""The packages API: published packages for anyone; contracts only for their own pilgrim."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.packages import package_on_sale_today

pytestmark = pytest.mark.django_db
API = "/api/v1/packages/"


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def test_anyone_lists_and_filters_published_packages(client):
    cheap = package_on_sale_today(price="3984.75", category="economic", departure_city="jeddah")
    package_on_sale_today(price="13150.25", category="mina_towers")
    package_on_sale_today(status="draft")
    body = client.get(API, {"category": "economic"}).json()
    assert [p["id"] for p in body] == [cheap.pk]
    assert [p["id"] for p in client.get(API, {"city": "jeddah"}).json()] == [cheap.pk]
    assert len(client.get(API, {"price_max": "9000"}).json()) == 1
    assert len(client.get(API).json()) == 2


def test_the_detail_has_the_service_levels_table_and_the_channels(client):
    package = package_on_sale_today()
    body = client.get(f"{API}{package.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {row["service"] for row in body["service_levels"]} == {
        "accommodation", "catering", "transport"}
    assert {c["kind"] for c in body["channels"]} == {"mobile", "email", "phone", "whatsapp"}
    assert client.get(f"{API}{package_on_sale_today(status='draft').pk}/").status_code == 404


def order(client, package, **changes):
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    body = {"package": package.pk, "payment_plan": "instalments", "acknowledge_channels": True,
            "identity_expires_on": "2030-01-01",
            "companions": [{"dependant": DependantFactory(owner=user).pk,
                            "identity_expires_on": "2030-01-01"}]}
    body.update(changes)
    return client.post(f"{API}contracts/", body, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en")


def test_a_pilgrim_orders_and_sees_the_refund_preview(client):
    client.force_login(PilgrimFactory())
    response = order(client, package_on_sale_today(price="10000.00"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["clients"], body["value"], body["status"]) == (2, "20000.00", "ordered")
    assert [i["amount"] for i in body["instalments"]] == ["4000.00", "8000.00", "8000.00"]
    # Nothing paid yet: cancelling refunds nothing, whatever the window.
    assert body["refund_preview"]["refund"] == "0.00"


def test_ordering_errors_come_in_the_one_error_shape(client):
    client.force_login(PilgrimFactory())
    response = order(client, package_on_sale_today(), acknowledge_channels=False)
    assert response.status_code == 400
    assert response.json()["code"] == "acknowledge_channels"


def test_contracts_are_visible_to_their_own_pilgrim_only(client):
    client.force_login(PilgrimFactory())
    contract_id = order(client, package_on_sale_today()).json()["id"]
    client.force_login(PilgrimFactory())
    assert client.get(f"{API}contracts/{contract_id}/").status_code == 404
    assert client.get(f"{API}contracts/").json() == []
    assert client.post(f"{API}contracts/{contract_id}/cancel/").status_code == 404


def test_cancel_previews_then_cancels(client):
    client.force_login(PilgrimFactory())
    contract_id = order(client, package_on_sale_today()).json()["id"]
    preview = client.get(f"{API}contracts/{contract_id}/cancellation/").json()
    assert set(preview) == {"refund", "deduction", "currency", "rule"}
    assert client.get(f"{API}contracts/{contract_id}/").json()["status"] == "ordered"
    cancelled = client.post(f"{API}contracts/{contract_id}/cancel/", {"confirm": True},
                            content_type="application/json")
    assert cancelled.status_code == 200
    detail = client.get(f"{API}contracts/{contract_id}/").json()
    assert detail["status"] == "cancelled" and detail["refund"]["status"] == "computed"


def test_contracts_need_a_login(client):
    assert client.get(f"{API}contracts/").status_code in (401, 403)


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/packages/", "/api/v1/packages/{id}/", "/api/v1/packages/contracts/",
                 "/api/v1/packages/contracts/{id}/cancel/",
                 "/api/v1/packages/contracts/{id}/cancellation/", "/api/v1/refunds/quote/"):
        assert path in schema["paths"]
