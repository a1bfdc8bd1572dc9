"""Previewing a refund rule's change shows, before anything is saved, each live contract
whose refund if cancelled today changes, with the amount before and after (the real refund
policy, evaluated with the proposed rule in place of the kept one), and writes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps

from notifications.models import SmsMessage
from packages.models import Contract, RefundRule
from packages.selectors import refund_rule_change_impact
from tests.factories.rule_changes import NOW, contracts_in_windows

pytestmark = pytest.mark.django_db


def history(label):
    return apps.get_model(label).objects.count()


def writes():
    """Everything a saved change would touch."""
    return (RefundRule.objects.get(season_id=1448, code="ten_percent").deduction_percent,
            history("packages.RefundRuleEvent"), history("packages.ContractEvent"),
            sorted(str(c.refund_policy) for c in Contract.objects.all()),
            SmsMessage.objects.count())


def test_the_preview_lists_the_contracts_of_the_window_with_before_and_after(payment_gateway):
    contracts = contracts_in_windows()
    rule = RefundRule.objects.get(season_id=1448, code="ten_percent")
    proposed = RefundRule.objects.get(pk=rule.pk)
    proposed.deduction_percent = Decimal("25")
    before = writes()

    impact = refund_rule_change_impact(rule=rule, proposed=proposed, now=NOW)

    # Three live contracts keep the rule; the cancelled one is left out. The permit not
    # issued is in the full-refund window today: its refund does not change.
    assert [number for _label, number in impact.counts] == [3, 2]
    rows = {row.reference: (row.before, row.after) for row in impact.contracts}
    assert rows == {
        contracts["issued"].reference: (Decimal("9000.00"), Decimal("7500.00")),
        contracts["printed"].reference: (Decimal("9000.00"), Decimal("7500.00")),
    }
    assert writes() == before


def test_a_change_of_a_window_the_contracts_are_not_in_changes_no_refund(payment_gateway):
    contracts_in_windows()
    rule = RefundRule.objects.get(season_id=1448, code="no_refund")
    proposed = RefundRule.objects.get(pk=rule.pk)
    proposed.deduction_percent = Decimal("50")

    impact = refund_rule_change_impact(rule=rule, proposed=proposed, now=NOW)

    assert [number for _label, number in impact.counts] == [3, 0]
    assert impact.contracts == []
