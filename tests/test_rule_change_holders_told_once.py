"""Holders whose refund today changes with a saved refund rule are told once by SMS, in
their language, with the amounts before and after; the others are not told."""

from decimal import Decimal

import pytest

from notifications.models import SmsMessage
from packages.models import RefundRule
from packages.services import refund_rule_change_tell
from portal.rule_changes import rule_change_apply
from refunds.policy import rule_snapshot
from tests.factories.accounts import StaffUserFactory
from tests.factories.rule_changes import NOW, contracts_in_windows

pytestmark = pytest.mark.django_db


def test_each_holder_whose_refund_changed_is_told_once(payment_gateway,
                                                       django_capture_on_commit_callbacks):
    contracts = contracts_in_windows()
    rule = RefundRule.objects.get(season_id=1448, code="ten_percent")
    old_rule = rule_snapshot(rule)
    rule.deduction_percent = Decimal("20")
    with django_capture_on_commit_callbacks() as callbacks:
        rule_change_apply(rule=rule, acting_user=StaffUserFactory(), reason="Circular 7",
                          options={"to_signed_contracts": True})
    assert len(callbacks) == 1  # the task telling the holders, after the commit
    change_id = rule.events.latest("pgh_id").pgh_id

    for _run in range(2):  # a task run twice tells nobody twice
        refund_rule_change_tell(rule_id=rule.pk, change_id=change_id, old_rule=old_rule,
                                reason="Circular 7", now=NOW)

    told = SmsMessage.objects.filter(idempotency_key__contains=f"refund-rule-change-{change_id}")
    assert sorted(sms.idempotency_key for sms in told) == sorted(
        f"packages:contract:{contracts[state].pk}:refund-rule-change-{change_id}"
        for state in ("issued", "printed"))
    sms = told.first()
    assert sms.language == "ar"
    assert "9000.00" in sms.text and "8000.00" in sms.text and "Circular 7" in sms.text
