"""The compensation policy is kept per season: how many days a claim is decided within is
the claim's season's setting (no policy row shared by every season), so a later season may
change it without rewriting an earlier one's."""

from datetime import timedelta

import pytest
from django.apps import apps

from compensation.models import SeasonPolicy
from tests.factories.complaints import NOW, late_fixed_claim

pytestmark = pytest.mark.django_db


def test_there_is_no_compensation_policy_shared_by_every_season():
    names = {model._meta.model_name for model in apps.get_app_config("compensation").get_models()}
    assert "policy" not in names and "seasonpolicy" in names


def test_a_claim_is_decided_within_its_seasons_days():
    SeasonPolicy.objects.update_or_create(season_id=1448, defaults={"decision_days": 7})
    SeasonPolicy.objects.update_or_create(season_id=1445, defaults={"decision_days": 30})
    claim = late_fixed_claim()
    assert claim.season_id == 1448
    assert claim.decide_due_at == NOW + timedelta(hours=3, days=7)


def test_a_season_without_its_own_row_decides_within_fifteen_days():
    SeasonPolicy.objects.filter(season_id=1448).delete()
    claim = late_fixed_claim()
    assert claim.decide_due_at == NOW + timedelta(hours=3, days=15)
    assert SeasonPolicy.objects.get(season_id=1448).decision_days == 15
