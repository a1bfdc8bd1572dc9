"""The public calculator keeps the shape other clients depend on and refuses bad input with a
translated reason."""

import pytest

from tests.factories.compensation import seeded_annex
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db

URL = "/api/v1/compensation/quote/"
ISSUE_EXAMPLE = {"season": 1445, "package_value": "10000.00", "item": "camp_services",
                 "failure": "late", "occurrence": 1}


@pytest.fixture(autouse=True)
def annex():
    seeded_annex(1445)


def post(client, payload, language="en"):
    return client.post(URL, payload, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language)


def test_the_issue_example_answers_in_the_published_shape(client):
    response = post(client, ISSUE_EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"amount", "currency", "rule", "corrective_period_minutes"}
    assert body["amount"] == "300.00"
    assert body["currency"] == "SAR"
    assert body["corrective_period_minutes"] == 120


def test_anyone_may_ask_without_logging_in(client):
    assert post(client, ISSUE_EXAMPLE).status_code == 200


def test_occurrence_defaults_to_the_first_finding(client):
    payload = {k: v for k, v in ISSUE_EXAMPLE.items() if k != "occurrence"}
    assert post(client, payload).json()["amount"] == "300.00"


def test_an_unknown_season_is_refused_with_a_reason(client):
    response = post(client, {**ISSUE_EXAMPLE, "season": 1300})
    assert response.status_code == 400
    assert response.json() == {"code": "unknown_season",
                               "detail": "There is no published Hajj season 1300."}


def test_an_unpublished_season_is_refused(client):
    seeded_season(1448, published=False)
    assert post(client, {**ISSUE_EXAMPLE, "season": 1448}).json()["code"] == "unknown_season"


def test_a_negative_value_is_refused(client):
    response = post(client, {**ISSUE_EXAMPLE, "package_value": "-1.00"})
    assert response.status_code == 400
    assert response.json()["code"] == "negative_value"


def test_an_unknown_item_or_failure_is_refused_field_by_field(client):
    response = post(client, {**ISSUE_EXAMPLE, "item": "camel", "failure": "rude"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"item", "failure"}


def test_a_zero_occurrence_is_refused(client):
    response = post(client, {**ISSUE_EXAMPLE, "occurrence": 0})
    assert response.status_code == 400
    assert "occurrence" in response.json()["errors"]


def test_a_cell_staff_removed_is_refused_with_a_reason(client):
    from compensation.models import AnnexRule

    AnnexRule.objects.filter(season_id=1445, item="camp_services", failure="late").delete()
    response = post(client, ISSUE_EXAMPLE)
    assert response.status_code == 400
    assert response.json()["code"] == "no_rule"
    assert "Holy-sites camp and its services" in response.json()["detail"]


def test_the_calculator_is_throttled(client):
    codes = {post(client, ISSUE_EXAMPLE).status_code for _ in range(31)}
    assert 429 in codes


def test_the_calculator_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/compensation/quote/" in schema
