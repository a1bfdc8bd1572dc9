"""An approved change to how the service is delivered reaches the holders of live contracts:
an SMS in their language and, on their contract page, the old and new rows side by side."""

from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from packages import services, versions
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import (
    ministry_user,
    ordered_contract,
    package_on_sale_today,
    submitted_change,
)

pytestmark = pytest.mark.django_db


def better_catering(rows):
    rows.filter(service="catering").update(description="Four meals a day, hot dinner")


def test_holders_are_told_by_sms_in_their_language_and_see_the_difference(client,
                                                                           plain_http):
    now = timezone.now()
    package = package_on_sale_today()
    holder = PilgrimFactory(profile__preferred_language="ar")
    contract = ordered_contract(pilgrim=holder, package=package, now=now)
    cancelled = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=now)
    services.contract_cancel(contract=cancelled, reason="pilgrim", now=now)

    change = submitted_change(package, now=now, rows=better_catering, camp_code="Mina 7/12")
    versions.package_version_approve(version=change, acting_user=ministry_user(), now=now)

    sms = SmsMessage.objects.get(idempotency_key=f"packages:contract:{contract.pk}:"
                                                 f"version-{change.pk}")
    assert sms.language == "ar"
    assert "وافقت الوزارة على تعديل" in sms.text and contract.reference in sms.text
    assert "الإعاشة" in sms.text  # catering, named in Arabic
    assert not SmsMessage.objects.filter(idempotency_key__contains=f":{cancelled.pk}:version-")

    client.force_login(holder)
    page = client.get(f"/packages/contracts/{contract.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert 'id="version-changes"' in html
    assert "<del>catering as contracted" in html and "Four meals a day, hot dinner" in html
    assert "Mina 7/12" in html
    assert 'id="full-refund-right"' not in html


def test_a_change_of_the_name_or_price_alone_tells_nobody():
    now = timezone.now()
    package = package_on_sale_today()
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=now)
    change = submitted_change(package, now=now, name="A new name", price=Decimal("9999.00"))
    versions.package_version_approve(version=change, acting_user=ministry_user(), now=now)
    assert not contract.version_changes.exists()
