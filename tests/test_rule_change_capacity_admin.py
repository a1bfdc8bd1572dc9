"""On a slot template's admin page, "Preview the change" shows what a new capacity does to
its slots and saves nothing; saving needs a reason, then the slots take the capacity."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts import roles
from permits.models import Slot, SlotTemplate
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import template_with_slots
from tests.test_rule_change_admin_preview import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(plain_http):
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    return client


def url(template):
    return f"/admin/permits/slottemplate/{template.pk}/change/?language=en"


def test_preview_then_save_with_a_reason(admin_client, rawdah_men):
    now = timezone.now()
    template, slots, _waiting = template_with_slots(now=now,
                                                    start=now + datetime.timedelta(days=3))
    page = admin_client.get(url(template), HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="_preview"' in page.content.decode()

    preview = admin_client.post(url(template), form_data(page, capacity="6", _preview="1"),
                                HTTP_ACCEPT_LANGUAGE="en")

    html = preview.content.decode()
    assert 'id="rule-change-impact"' in html
    assert "slots with more seats taken than the new capacity (kept)" in html
    assert "8 seats taken, more than 6" in html
    assert "Slots with more seats taken than the new capacity (their bookings kept)" in html
    assert SlotTemplate.objects.get(pk=template.pk).capacity == 10
    assert Slot.objects.get(pk=slots["roomy"].pk).capacity == 10

    refused = admin_client.post(url(template), form_data(page, capacity="6"),
                                HTTP_ACCEPT_LANGUAGE="en")

    assert "Say why the rule changes." in refused.content.decode()
    assert SlotTemplate.objects.get(pk=template.pk).capacity == 10

    saved = admin_client.post(url(template), form_data(page, capacity="6",
                                                       reason="Crowd study"))

    assert saved.status_code == 302
    assert (Slot.objects.get(pk=slots["roomy"].pk).capacity,
            Slot.objects.get(pk=slots["busy"].pk).capacity) == (6, 8)
