"""The refund table of the 1445 season, row by row, and each case it leaves open (decided in
refunds/policy.py's docstring)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from refunds.errors import RefundError
from refunds.policy import compute_refund, policy_snapshot, refund_of_payments, refund_timeline
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db

D = datetime.date
VALUE = Decimal("10000.00")
SHAWWAL_14 = D(2024, 4, 23)
SHAWWAL_15 = D(2024, 4, 24)
DHU_AL_QADAH_29 = D(2024, 6, 6)  # last day of Dhu al-Qa'dah 1445 (a 29-day month)
DHU_AL_HIJJAH_1 = D(2024, 6, 7)
TRACK_CLOSES = D(2024, 6, 19)


@pytest.fixture
def policy():
    return policy_snapshot(seeded_season(1445))


def quote(policy, day, state, value=VALUE, clients=1):
    return compute_refund(policy=policy, contract_value=value, clients=clients,
                          cancel_date=day, permit_state=state)


def test_full_refund_before_the_permit_up_to_the_end_of_14_shawwal(policy):
    result = quote(policy, SHAWWAL_14, "not_issued")
    assert (result.refund, result.deduction, result.rule_code) == (VALUE, 0, "full_refund")


def test_refused_permit_refunds_the_value_minus_the_fee_per_client(policy):
    result = quote(policy, SHAWWAL_15, "refused", clients=3)
    assert result.deduction == Decimal("203.55")
    assert result.refund == Decimal("9796.45")


def test_printed_permit_from_15_shawwal_to_the_end_of_dhu_al_qadah_loses_10_percent(policy):
    for day in (SHAWWAL_15, DHU_AL_QADAH_29):
        result = quote(policy, day, "printed")
        assert (result.refund, result.rule_code) == (Decimal("9000.00"), "ten_percent")


def test_nothing_from_1_dhu_al_hijjah_until_the_track_closes(policy):
    for day in (DHU_AL_HIJJAH_1, TRACK_CLOSES):
        result = quote(policy, day, "printed")
        assert (result.refund, result.deduction) == (0, VALUE)


# --- The open cases, as decided -----------------------------------------------------------

def test_open_case_refusal_wins_over_the_no_refund_window(policy):
    assert quote(policy, DHU_AL_HIJJAH_1, "refused").refund == Decimal("9932.15")


def test_open_case_permit_not_issued_after_14_shawwal_loses_10_percent(policy):
    assert quote(policy, SHAWWAL_15, "not_issued").refund == Decimal("9000.00")


def test_open_case_permit_issued_before_15_shawwal_loses_10_percent(policy):
    assert quote(policy, SHAWWAL_14, "issued").rule_code == "ten_percent"
    assert quote(policy, SHAWWAL_14, "printed").rule_code == "ten_percent"


def test_open_case_issued_but_not_printed_is_treated_as_printed(policy):
    assert quote(policy, SHAWWAL_15, "issued").refund == Decimal("9000.00")


def test_open_case_no_refund_window_applies_whatever_the_permit_state(policy):
    assert quote(policy, DHU_AL_HIJJAH_1, "not_issued").refund == 0


def test_open_case_dates_outside_the_track_are_refused(policy):
    with pytest.raises(RefundError) as error:
        quote(policy, TRACK_CLOSES + datetime.timedelta(days=1), "not_issued")
    assert error.value.code == "after_track"
    with pytest.raises(RefundError) as error:
        quote(policy, D(2023, 12, 26), "not_issued")
    assert error.value.code == "before_track"


def test_open_case_the_fee_never_deducts_more_than_the_value(policy):
    result = quote(policy, SHAWWAL_15, "refused", value=Decimal("100.00"), clients=2)
    assert (result.refund, result.deduction) == (0, Decimal("100.00"))


def test_open_case_rounding_is_half_up_to_halalas(policy):
    result = quote(policy, SHAWWAL_15, "printed", value=Decimal("3984.75"))
    assert result.deduction == Decimal("398.48")
    assert result.refund == Decimal("3586.27")


def test_open_case_a_partly_paid_contract_gets_back_what_it_paid_minus_the_deduction(policy):
    result = quote(policy, SHAWWAL_15, "not_issued")
    assert refund_of_payments(result, amount_paid=Decimal("2000.00")) == Decimal("1000.00")
    assert refund_of_payments(result, amount_paid=Decimal("500.00")) == 0


def test_bad_inputs_are_refused_with_a_reason(policy):
    for kwargs, code in [({"value": Decimal("-1")}, "negative_value"),
                         ({"clients": 0}, "clients_range"),
                         ({"clients": 15}, "clients_range")]:
        with pytest.raises(RefundError) as error:
            quote(policy, SHAWWAL_14, "not_issued", **kwargs)
        assert error.value.code == code
    with pytest.raises(RefundError) as error:
        quote(policy, SHAWWAL_14, "lost")
    assert error.value.code == "unknown_permit_state"


def test_the_rule_is_described_in_the_readers_language(policy):
    with translation.override("en"):
        assert "14 Shawwal" in quote(policy, SHAWWAL_14, "not_issued").rule_text
    with translation.override("ar"):
        assert "شوال" in quote(policy, SHAWWAL_14, "not_issued").rule_text


def test_the_timeline_shows_today_and_each_later_change(policy):
    timeline = refund_timeline(policy=policy, contract_value=VALUE, clients=1,
                               today=D(2024, 4, 1), permit_state="not_issued")
    assert [(step["from"], step["refund"]) for step in timeline] == [
        (D(2024, 4, 1), VALUE), (SHAWWAL_15, Decimal("9000.00")), (DHU_AL_HIJJAH_1, 0)]
