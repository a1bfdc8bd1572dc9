"""The API's service list tells a signed-in person which services they may use and, when not,
why in plain words in the request's language; its cost does not grow with the services."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.models import PermitService
from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/permits/services/"


def by_code(response):
    return {row["code"]: row for row in response.json()}


@pytest.mark.parametrize(("language", "reason"), [("en", "This service is for women."),
                                                  ("ar", "هذه الخدمة للنساء.")])
def test_a_man_is_told_the_womens_rawdah_is_not_for_him(app_client, permit_services, language,
                                                        reason):
    rows = by_code(app_client(PilgrimFactory(gender="male")).get(
        SERVICES, HTTP_ACCEPT_LANGUAGE=language))

    assert rows["rawdah_women"]["available"] is False
    assert rows["rawdah_women"]["unavailable_reason"] == reason
    assert (rows["rawdah_men"]["available"], rows["rawdah_men"]["unavailable_reason"]) == (
        True, None)


def test_a_woman_is_told_the_mens_rawdah_is_not_for_her(app_client, permit_services):
    rows = by_code(app_client(PilgrimFactory(gender="female")).get(
        SERVICES, HTTP_ACCEPT_LANGUAGE="en"))

    assert (rows["rawdah_men"]["available"], rows["rawdah_men"]["unavailable_reason"]) == (
        False, "This service is for men.")
    assert rows["rawdah_women"]["available"] is True


def test_the_list_costs_the_same_queries_with_more_services(app_client, permit_services):
    client = app_client(PilgrimFactory(gender="male"))

    def statements():
        cache.clear()
        client.get(SERVICES)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SERVICES, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
        return len(captured)

    before = statements()
    for i in range(5):
        PermitService.objects.create(code=f"extra_{i}", gender="female", name=f"Extra {i}")

    assert statements() == before


def test_the_schema_documents_the_two_fields(admin_client, permit_services):
    import yaml

    schema = yaml.safe_load(admin_client.get("/api/v1/schema/").content)

    fields = schema["components"]["schemas"]["Service"]["properties"]
    assert fields["available"]["type"] == "boolean"
    assert fields["unavailable_reason"].get("nullable") is True
