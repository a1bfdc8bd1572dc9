"""The public calculator: same computation, exact shape, translated reasons for bad input."""

import pytest

from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db
URL = "/api/v1/refunds/quote/"
BODY = {"season": 1445, "contract_value": "10000.00", "clients": 1,
        "cancel_date": "2024-04-24", "permit_state": "printed"}


@pytest.fixture(autouse=True)
def _season(plain_http):
    seeded_season(1445)


def post(client, language="en", **changes):
    return client.post(URL, {**BODY, **changes}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language)


def test_anyone_gets_the_refund_in_the_published_shape(client):
    response = post(client)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"refund", "deduction", "currency", "rule"}
    assert (body["refund"], body["deduction"], body["currency"]) == ("9000.00", "1000.00", "SAR")
    assert "Dhu al-Qa'dah" in body["rule"]


def test_the_rule_follows_the_language_of_the_request(client):
    assert "ذي القعدة" in post(client, language="ar").json()["rule"]


@pytest.mark.parametrize("changes, code", [
    ({"season": 1399}, "unknown_season"),
    ({"contract_value": "-5.00"}, "negative_value"),
    ({"cancel_date": "2024-06-20"}, "after_track"),
    ({"clients": 20}, "clients_range"),
])
def test_bad_input_is_a_400_with_a_translated_reason(client, changes, code):
    english = post(client, **changes)
    assert english.status_code == 400
    assert english.json()["code"] == code
    arabic = post(client, language="ar", **changes)
    assert arabic.json()["detail"] != english.json()["detail"] or code == "unknown_season"


def test_malformed_fields_are_a_400_in_the_one_error_shape(client):
    response = post(client, permit_state="lost", cancel_date="yesterday")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == {"permit_state", "cancel_date"}


def test_the_calculator_is_throttled(client):
    statuses = {post(client).status_code for _ in range(35)}
    assert 429 in statuses
