"""Saving a rule's change in the admin needs a reason; the rule's history row then names who
changed it and why, and so do the history rows of the contracts that keep the rule."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client

from accounts import roles
from compensation.models import AnnexRule
from packages.models import RefundRule
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.packages import paid_contract
from tests.factories.rule_changes import NOW
from tests.test_rule_change_admin_preview import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(plain_http):
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_saving_without_a_reason_is_refused(staff):
    rule = RefundRule.objects.get(season_id=1448, code="ten_percent")
    client = signed_in(staff)
    page = client.get(change_url(rule))

    response = client.post(change_url(rule), form_data(page, deduction_percent="25"),
                           HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Say why the rule changes." in response.content.decode()
    assert RefundRule.objects.get(pk=rule.pk).deduction_percent == Decimal("10.00")


def test_the_reason_and_the_user_are_in_the_history(staff, payment_gateway):
    contract = paid_contract(now=NOW, pilgrim=PilgrimFactory(), price=Decimal("10000.00"))
    rule = RefundRule.objects.get(season_id=1448, code="ten_percent")
    client = signed_in(staff)
    page = client.get(change_url(rule))

    response = client.post(change_url(rule), form_data(
        page, deduction_percent="15", reason="Ministry circular 12/1448",
        to_signed_contracts="on"))

    assert response.status_code == 302
    assert RefundRule.objects.get(pk=rule.pk).deduction_percent == Decimal("15.00")
    event = apps.get_model("packages.RefundRuleEvent").objects.filter(
        pgh_obj_id=rule.pk).latest("pgh_id")
    assert event.pgh_context.metadata["user"] == staff.pk
    assert event.pgh_context.metadata["reason"] == "Ministry circular 12/1448"
    kept = next(r for r in contract.__class__.objects.get(pk=contract.pk)
                .refund_policy["rules"] if r["code"] == "ten_percent")
    assert kept["deduction_percent"] == "15.00"
    contract_event = apps.get_model("packages.ContractEvent").objects.filter(
        pgh_obj_id=contract.pk).latest("pgh_id")
    assert contract_event.pgh_context.metadata["reason"] == "Ministry circular 12/1448"


def test_an_annex_rate_is_saved_with_its_reason_too(staff):
    rule = AnnexRule.objects.filter(season_id=1448, ministry_provides=False).first()
    url = f"/admin/compensation/annexrule/{rule.pk}/change/"
    client = signed_in(staff)
    page = client.get(url)

    client.post(url, form_data(page, percent="7", reason="Annex revised"))

    event = apps.get_model("compensation.AnnexRuleEvent").objects.filter(
        pgh_obj_id=rule.pk).latest("pgh_id")
    assert (event.percent, event.pgh_context.metadata["reason"]) == (Decimal("7.00"),
                                                                     "Annex revised")


def test_signed_contracts_keep_their_rules_unless_the_change_is_carried_into_them(
        staff, payment_gateway):
    contract = paid_contract(now=NOW, pilgrim=PilgrimFactory(), price=Decimal("10000.00"))
    rule = RefundRule.objects.get(season_id=1448, code="ten_percent")
    client = signed_in(staff)
    page = client.get(change_url(rule))

    response = client.post(change_url(rule), form_data(
        page, deduction_percent="15", reason="For contracts signed from now on"))

    assert response.status_code == 302
    assert RefundRule.objects.get(pk=rule.pk).deduction_percent == Decimal("15.00")
    kept = next(r for r in contract.__class__.objects.get(pk=contract.pk)
                .refund_policy["rules"] if r["code"] == "ten_percent")
    assert kept["deduction_percent"] == "10.00"  # the contract as signed
    contract_event = apps.get_model("packages.ContractEvent").objects.filter(
        pgh_obj_id=contract.pk).latest("pgh_id")
    assert contract_event.pgh_context is None or (
        contract_event.pgh_context.metadata.get("reason") != "For contracts signed from now on")
