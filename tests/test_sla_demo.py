"""The demo fills the dashboards with figures and can be loaded twice."""

import pytest

from sla.demo import demo_load
from sla.models import DailyRollup, Probe, Survey
from sla.models import Transaction as SlaTransaction

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_shows_on_the_public_page(client):
    demo_load()
    counts = (SlaTransaction.objects.count(), Survey.objects.count(), Probe.objects.count(),
              DailyRollup.objects.count())
    demo_load()
    assert (SlaTransaction.objects.count(), Survey.objects.count(), Probe.objects.count(),
            DailyRollup.objects.count()) == counts
    assert counts[0] > 4000 and counts[1] > 500
    page = client.get("/sla/service-levels/?year=", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("—") < 10
