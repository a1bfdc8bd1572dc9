"""In the admin, "Preview the change" on a refund rule's page shows the impact panel under
the form (counts, the contracts with their refund before and after) and saves nothing;
saving afterwards needs a reason."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from accounts import roles
from notifications.models import SmsMessage
from packages.models import Contract, RefundRule
from packages.services import contract_mark_permit_state
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.packages import paid_contract

pytestmark = pytest.mark.django_db


def change_url(rule):
    return f"/admin/packages/refundrule/{rule.pk}/change/?language=en"


def form_data(response, **changes):
    """The change form's fields as the browser would post them, with `changes`."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            value = ",".join(value)
        if value is False or value is None:
            continue
        data[name] = value
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not False and value is not None:
                    data[form.add_prefix(name)] = value
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def staff(plain_http):
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


def test_preview_shows_the_refunds_before_and_after_and_saves_nothing(staff, payment_gateway):
    # The page computes today's refunds: a permit issued today is in the 10% window of the
    # season on sale today (until the end of its Dhu al-Qa'dah), whatever day the suite runs.
    now = timezone.now()
    issued = contract_mark_permit_state(
        contract=paid_contract(now=now, pilgrim=PilgrimFactory(), price=Decimal("10000.00")),
        state="permit_issued", now=now)
    rule = RefundRule.objects.get(season_id=issued.season_id, code="ten_percent")
    client = Client()
    client.force_login(staff)
    page = client.get(change_url(rule), HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="_preview"' in page.content.decode()
    histories = (apps.get_model("packages.RefundRuleEvent").objects.count(),
                 apps.get_model("packages.ContractEvent").objects.count())

    response = client.post(change_url(rule), form_data(page, deduction_percent="25",
                                                       _preview="Preview"),
                           HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="rule-change-impact"' in html
    assert issued.reference in html and "9000.00" in html and "7500.00" in html
    assert RefundRule.objects.get(pk=rule.pk).deduction_percent == Decimal("10.00")
    assert Contract.objects.get(pk=issued.pk).refund_policy == issued.refund_policy
    assert (apps.get_model("packages.RefundRuleEvent").objects.count(),
            apps.get_model("packages.ContractEvent").objects.count()) == histories
    assert not SmsMessage.objects.filter(idempotency_key__contains="refund-rule-change")


def test_a_permit_rule_with_its_daily_windows_is_previewed_too(staff, rawdah_men):
    from permits.models import ServiceRule

    rule = ServiceRule.objects.get(service=rawdah_men, season=1448)
    url = f"/admin/permits/servicerule/{rule.pk}/change/"
    client = Client()
    client.force_login(staff)
    page = client.get(url)

    response = client.post(url, form_data(page, frequency_days="30", _preview="Preview"),
                           HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert 'id="rule-change-impact"' in html
    assert html.count('name="reason"') == 1
    assert "upcoming bookings on the days of this rule" in html
    assert ServiceRule.objects.get(pk=rule.pk).frequency_days == rule.frequency_days
