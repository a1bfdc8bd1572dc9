"""The service-level agreement and the complaint guide quote the figures from the rules'
rows, not from their text: when staff change a deadline, a target, the desk's reply days
or a channel, the pages say the new value."""

import pytest
from django.utils import timezone

from compensation.models import SeasonPolicy
from complaints.models import Policy as ComplaintPolicy
from portal.models import EService, SupportChannel
from servicedesk.models import RequestType
from sla.models import Policy as SlaPolicy
from sla.policies import policy_for
from tests.factories.packages import season_on_sale

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def section(page, element_id):
    part = page[page.index(f'id="{element_id}"'):]
    return part[:part.index("</li>")]


def sla_page(client, kind="service-level-agreement"):
    return client.get(f"/legal/{kind}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_staff_changes_to_the_complaint_deadlines_appear_on_both_pages(client):
    season = season_on_sale(timezone.now())
    ComplaintPolicy.objects.update_or_create(season=season, defaults={
        "default_corrective_minutes": 150, "acknowledge_working_days": 3})
    SeasonPolicy.objects.update_or_create(season=season, defaults={"decision_days": 21})
    EService.objects.filter(code="complaint").update(processing_working_days=9)

    for kind in ("service-level-agreement", "complaints-guide"):
        page = sla_page(client, kind)
        assert "2 hours 30 minutes" in section(page, "fig-corrective")
        assert "within 3 working days after the day" in section(page, "fig-acknowledge")
        assert "reply within 9 working days" in section(page, "fig-reply")
        assert "decided within 21 days" in section(page, "fig-claims")
        assert f"{season.year} AH season" in section(page, "fig-last-day")


def test_staff_changes_to_the_service_levels_appear_on_the_agreement(client):
    policy = policy_for(timezone.now())
    SlaPolicy.objects.update_or_create(hijri_year=policy.hijri_year, defaults={
        "availability_target": "97.50", "satisfaction_floor": "85"})
    service = EService.objects.exclude(code="complaint").filter(is_active=True).first()
    service.satisfaction_target = "77.25"
    service.save()
    RequestType.objects.filter(code="question").update(reply_working_days=11)

    page = sla_page(client)

    assert "at least 97.50% of the time" in section(page, "fig-availability")
    assert "85%" in section(page, "fig-satisfaction")
    row = page[page.index(f'id="sla-{service.code}"'):]
    assert "77.25%" in row[:row.index("</tr>")]
    assert "a reply within 11 working days" in section(page, "desk-question")


def test_the_channels_are_the_support_channel_rows(client):
    SupportChannel.objects.filter(kind="care_centre").update(value="920000000")
    SupportChannel.objects.filter(kind="phone_outside").update(value="+966 920000000")

    for kind in ("service-level-agreement", "complaints-guide"):
        page = sla_page(client, kind)
        channels = page[page.index('id="legal-channels"'):]
        channels = channels[:channels.index("</section>")]
        assert 'href="tel:920000000"' in channels and "920002814" not in channels
        assert "1966" in channels and "https://www.haj.gov.sa/Contact" in channels
