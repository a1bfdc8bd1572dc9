"""The care-centre number is the support channel's row: the migration seeds 920002814, and
when staff change the row the package page and the complaint refusal quote the new one."""

from datetime import timedelta

import pytest
from django.utils import translation

from complaints.errors import ComplaintError
from portal.models import SupportChannel
from tests.factories.complaints import NOW, contract_for, filed_complaint
from tests.factories.packages import PackageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def care_centre():
    return SupportChannel.objects.get(kind=SupportChannel.Kind.CARE_CENTRE)


def test_the_migration_seeds_the_ministrys_channels():
    assert care_centre().value == "920002814"
    assert set(SupportChannel.objects.values_list("kind", "value")) >= {
        ("phone_inside", "1966"), ("email", "care@haj.gov.sa"),
        ("web", "https://www.haj.gov.sa/Contact")}


def test_the_package_page_quotes_the_channel_row_and_the_seasons_last_complaint_day(client):
    package = PackageFactory()
    channel = care_centre()
    channel.value = "920000000"
    channel.save()

    page = client.get(f"/packages/{package.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    note = page[page.index('id="complaint-channels"'):]
    note = note[:note.index("</p>")]
    assert 'href="tel:920000000"' in note and "920002814" not in note
    assert "15 Muharram 1449 AH" in note


def test_the_late_complaint_refusal_quotes_the_channel_row():
    channel = care_centre()
    channel.value = "920000000"
    channel.save()
    contract = contract_for()
    last_day = contract.season.gregorian("complaints_until")
    after = NOW.replace(year=last_day.year, month=last_day.month,
                        day=last_day.day) + timedelta(days=1)

    with pytest.raises(ComplaintError) as refused:
        filed_complaint(contract=contract, now=after)

    with translation.override("en"):
        message = str(refused.value.message)
    assert "care centre on 920000000" in message
