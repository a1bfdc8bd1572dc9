"""The public service levels are rendered once per language, period and change: a second
visit reads no rollup, e-service or policy row, and a rollup refresh, an edit of an e-service
or of the season's policy shows on the very next page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import EService
from sla.dashboard import current_season_range
from sla.policies import policy_for
from sla.services import rollup_refresh
from tests.factories.sla import TransactionFactory

pytestmark = pytest.mark.django_db

URL = "/sla/service-levels/"


def page(client, language="en"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def transactions_of(text, code):
    row = re.search(rf'<tr data-service="{code}">(.*?)</tr>', text, re.S).group(1)
    return int(re.findall(r"<td[^>]*>(\d+)<div", row)[0])


def test_a_second_visit_reads_no_figures_and_a_refresh_shows_at_once(client):
    first, _reads = page(client)
    _second, reads = page(client)
    TransactionFactory(service_code="inquiry")
    rollup_refresh()

    refreshed, _reads = page(client)

    assert not [sql for sql in reads
                if "sla_dailyrollup" in sql or "sla_proberollup" in sql
                or "portal_eservice" in sql or "sla_policy" in sql]
    assert transactions_of(refreshed, "inquiry") == transactions_of(first, "inquiry") + 1


def test_an_e_service_edit_shows_at_once_in_its_language(client):
    page(client, "en")
    page(client, "ar")
    service = EService.objects.get(code="inquiry")
    service.set_current_language("en")
    service.name = "Renamed inquiry"
    service.save()

    english, _reads = page(client, "en")
    arabic, _reads = page(client, "ar")

    assert "Renamed inquiry" in english
    assert "Renamed inquiry" not in arabic and 'lang="ar"' in arabic


def test_a_policy_edit_shows_at_once(client):
    page(client)
    policy = policy_for(current_season_range()[2])  # the page's default period's policy
    if policy.pk is None:
        policy.save()
    policy.availability_target = Decimal("97.5")
    policy.save()

    text, _reads = page(client)

    assert "97.5%" in text
