"""One source per date: a season's refund windows are its refund rules' dates. The season's
old copies (end of the full refund, start of the printed-permit window, end of the
agreement) are gone, and the migration that dropped them carried the full-refund end into
the rows: into a row without an end, or a new row where a season had none; a row with its
own end keeps it (every refund so far was computed with it)."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.admin.sites import site
from django.utils import translation

from packages.models import RefundRule, Season
from refunds.policy import compute_refund, policy_snapshot
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("packages.migrations.0014_refund_windows_live_in_the_rules")


def make_rule(*, descriptions, **fields):
    rule = RefundRule.objects.create(**fields)
    for language, text in descriptions.items():
        rule.set_current_language(language)
        rule.description = text
        rule.save()
    return rule


def old_season(season, full_refund_until):
    """The season as the migration sees it, its copy of the full-refund end still there."""
    return SimpleNamespace(pk=season.pk, year=season.year, full_refund_until=full_refund_until)


def rules_of(season):
    return list(season.refund_rules.order_by("position", "pk"))


def test_the_season_holds_no_copy_of_a_refund_window_or_the_agreements_end():
    names = {field.name for field in Season._meta.get_fields()}
    assert not names & {"full_refund_until", "printed_permit_from", "agreement_ends"}


def test_the_refund_policy_reads_the_windows_from_the_rows():
    season = seeded_season(1448)
    row = season.refund_rules.get(code="full_refund")
    row.ends_on = "1448-10-20"  # staff move the full-refund window in the admin
    row.save()
    quote = compute_refund(policy=policy_snapshot(season), contract_value=Decimal("1000"),
                           clients=1, cancel_date=datetime.date(2027, 3, 27),  # 19 Shawwal
                           permit_state="not_issued")
    assert (quote.rule_code, quote.refund) == ("full_refund", Decimal("1000.00"))


def test_a_full_refund_row_without_an_end_takes_the_seasons_date():
    season = seeded_season(1448)
    season.refund_rules.filter(code="full_refund").update(ends_on="")
    changed = MIGRATION.carry_windows(old_season(season, "1448-10-14"), rules_of(season),
                                      make_rule=make_rule)
    assert changed.code == "full_refund"
    assert season.refund_rules.get(code="full_refund").ends_on == "1448-10-14"


def test_a_row_with_its_own_end_keeps_it():
    season = seeded_season(1448)
    season.refund_rules.filter(code="full_refund").update(ends_on="1448-10-12")
    assert MIGRATION.carry_windows(old_season(season, "1448-10-14"), rules_of(season),
                                   make_rule=make_rule) is None
    assert season.refund_rules.get(code="full_refund").ends_on == "1448-10-12"


def test_a_season_without_a_full_refund_row_gets_one_before_the_deducting_rows():
    season = seeded_season(1448)
    season.refund_rules.filter(code="full_refund").delete()
    made = MIGRATION.carry_windows(old_season(season, "1448-10-14"), rules_of(season),
                                   make_rule=make_rule)
    assert [rule.code for rule in rules_of(season)] == [
        "permit_refused", "full_refund", "ten_percent", "no_refund"]
    assert (made.permit_states, made.ends_on, made.deduction_percent) == (
        ["not_issued"], "1448-10-14", Decimal("0"))
    assert made.safe_translation_getter("description", language_code="en") == (
        "Before the permit is issued, up to the end of 14 Shawwal: full refund")
    assert made.safe_translation_getter("description", language_code="ar") == (
        "قبل إصدار التصريح حتى نهاية 14 شوال: استرداد كامل قيمة العقد")
    # The 10% (printed-permit) window opens the next day: 15 Shawwal 1448 is 23 March 2027.
    policy = policy_snapshot(Season.objects.get(pk=season.pk))
    quotes = [compute_refund(policy=policy, contract_value=Decimal("1000"), clients=1,
                             cancel_date=day, permit_state="not_issued").rule_code
              for day in (datetime.date(2027, 3, 22), datetime.date(2027, 3, 23))]
    assert quotes == ["full_refund", "ten_percent"]


def test_the_seasons_key_dates_show_the_windows_of_its_rows():
    season = seeded_season(1445)
    with translation.override("en"):
        dates = str(site._registry[Season].gregorian_dates(season))
    assert "Refund rule full_refund: 14 Jumada al-Akhirah 1445 AH" in dates
    assert "to 14 Shawwal 1445 AH" in dates
