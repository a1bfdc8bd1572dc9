"""Sales close the day the no-refund window opens, read from that refund rule's row (the
season holds no copy of the date): a contract that no cancellation could ever refund is not
sold. Moving the row in the admin moves the sales too. The migration that dropped the
season's copy carried it into a no-refund row without a start, or into a new row where a
season had none; a row with its own start keeps it."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.admin.sites import site
from django.utils import translation

from packages.errors import PackageError
from packages.models import RefundRule, Season
from packages.selectors import sales_close_on
from packages.services import contract_order
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, seeded_season

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "packages.migrations.0017_rules_kept_once_max_companions_and_sales_close")
LAST_DAY_OF_DHU_AL_QADAH_1448 = datetime.datetime(2027, 5, 6, 12, 0, tzinfo=RIYADH)
FIRST_OF_DHU_AL_HIJJAH_1448 = datetime.datetime(2027, 5, 7, 12, 0, tzinfo=RIYADH)


def order(package, now):
    return contract_order(
        acting_user=PilgrimFactory(), package=package, companions=[],
        holder={"identity_expires_on": datetime.date(2030, 1, 1)},
        acknowledged_channels=True, payment_plan="full", now=now)


def make_rule(*, descriptions, **fields):
    rule = RefundRule.objects.create(**fields)
    for language, text in descriptions.items():
        rule.set_current_language(language)
        rule.description = text
        rule.save()
    return rule


def old_season(season, no_refund_from):
    """The season as the migration sees it, its copy of the no-refund start still there."""
    return SimpleNamespace(pk=season.pk, year=season.year, no_refund_from=no_refund_from)


def rules_of(season):
    return list(season.refund_rules.order_by("position", "pk"))


def test_the_season_holds_no_copy_of_the_no_refund_start():
    assert "no_refund_from" not in {field.name for field in Season._meta.get_fields()}


def test_sales_close_on_the_first_day_nothing_is_refunded():
    season = seeded_season(1448)
    assert sales_close_on(season) == FIRST_OF_DHU_AL_HIJJAH_1448.date()
    package = PackageFactory()
    assert order(package, LAST_DAY_OF_DHU_AL_QADAH_1448).season_id == 1448
    with pytest.raises(PackageError) as error:
        order(package, FIRST_OF_DHU_AL_HIJJAH_1448)
    assert error.value.code == "track_closed"


def test_moving_the_no_refund_row_moves_the_sales_cut_off():
    season = seeded_season(1448)
    season.refund_rules.filter(code="no_refund").update(starts_on="1448-11-29")
    with pytest.raises(PackageError) as error:
        order(PackageFactory(), LAST_DAY_OF_DHU_AL_QADAH_1448)
    assert error.value.code == "track_closed"


def test_without_a_no_refund_row_sales_run_to_the_track_close():
    season = seeded_season(1448)
    season.refund_rules.filter(code="no_refund").delete()
    assert sales_close_on(season) == season.gregorian("track_closes") + datetime.timedelta(1)


def test_the_seasons_key_dates_show_when_sales_close():
    season = seeded_season(1448)
    with translation.override("en"):
        dates = str(site._registry[Season].gregorian_dates(season))
    assert "Sales closed from 1 Dhu al-Hijjah 1448 AH" in dates


def test_a_no_refund_row_without_a_start_takes_the_seasons_date():
    season = seeded_season(1448)
    season.refund_rules.filter(code="no_refund").update(starts_on="")
    changed = MIGRATION.carry_no_refund_start(old_season(season, "1448-12-01"),
                                              rules_of(season), make_rule=make_rule)
    assert changed.code == "no_refund"
    assert season.refund_rules.get(code="no_refund").starts_on == "1448-12-01"


def test_a_no_refund_row_with_its_own_start_keeps_it():
    season = seeded_season(1448)
    season.refund_rules.filter(code="no_refund").update(starts_on="1448-11-25")
    assert MIGRATION.carry_no_refund_start(old_season(season, "1448-12-01"), rules_of(season),
                                           make_rule=make_rule) is None
    assert season.refund_rules.get(code="no_refund").starts_on == "1448-11-25"


def test_a_season_without_a_no_refund_row_gets_one_after_its_rows():
    season = seeded_season(1448)
    season.refund_rules.filter(code="no_refund").delete()
    made = MIGRATION.carry_no_refund_start(old_season(season, "1448-12-01"), rules_of(season),
                                           make_rule=make_rule)
    assert [rule.code for rule in rules_of(season)] == [
        "permit_refused", "full_refund", "ten_percent", "no_refund"]
    assert (made.permit_states, made.starts_on, made.deduction_percent) == (
        [], "1448-12-01", Decimal("100"))
    assert made.safe_translation_getter("description", language_code="en") == (
        "From 1 Dhu al-Hijjah until the track closes: no refund")
    assert sales_close_on(season) == FIRST_OF_DHU_AL_HIJJAH_1448.date()
