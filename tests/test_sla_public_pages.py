"""Anyone can read the live service levels in the ministry's published shape, and each
provider's scorecard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.sla_figures import sla_complaint_figures
from packages.models import Provider
from sla.providers import ComplaintFigures, complaint_source_register
from sla.services import rollup_refresh
from tests.factories.sla import SurveyFactory, TransactionFactory

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_every_service_with_its_published_target(client):
    TransactionFactory(service_code="inquiry")
    rollup_refresh()
    page = client.get("/sla/service-levels/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("data-service=") == 12  # the e-SLA's ten, complaints, suggestions
    assert "target 98.0%" in page  # inquiry's published satisfaction
    assert "99.0%" in page  # the portal's availability target


def test_the_public_page_renders_in_arabic(client):
    assert client.get("/sla/service-levels/").status_code == 200


@pytest.fixture
def provider():
    return Provider.objects.create(name="Al Safwa", licence_number="LIC-SAFWA")


def test_a_provider_scorecard_shows_what_is_measured_now(client, provider):
    now = timezone.now()
    for rating in (5, 2):
        tx = TransactionFactory(service_code="hajj_package", provider=provider,
                                started_at=now - timedelta(minutes=5))
        SurveyFactory(transaction=tx, rating=rating)
    rollup_refresh(now=now)
    page = client.get(f"/sla/providers/{provider.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "50.0%" in text
    assert "Compensation paid (SAR)" in text  # the complaints app's figures, none yet


def test_without_a_complaints_source_complaint_handling_is_not_yet_measured(client, provider):
    complaint_source_register(None)
    try:
        page = client.get(f"/sla/providers/{provider.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        complaint_source_register(sla_complaint_figures)
    assert "Not yet measured" in page.content.decode()


def test_the_scorecard_shows_the_figures_the_registered_source_gives(client, provider):
    def source(*, provider_ids, first_day, last_day):
        return {pk: ComplaintFigures(3, 1, 100, 66.7, 1, 100, 1500, 0) for pk in provider_ids}

    complaint_source_register(source)
    try:
        text = client.get(f"/sla/providers/{provider.pk}/",
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    finally:
        complaint_source_register(sla_complaint_figures)
    assert "Complaints per 1,000 pilgrims" in text and "1500" in text


def test_an_inactive_provider_has_no_public_scorecard(client, provider):
    provider.is_active = False
    provider.save()
    assert client.get(f"/sla/providers/{provider.pk}/").status_code == 404
