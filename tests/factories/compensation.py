"""The compensation annex as seeded (transactional tests flush tables: seed it again).

    seeded_annex(1445)     the season (published) and its annex cells
"""

import importlib

from django.apps import apps

from .packages import seeded_season

_SEED = importlib.import_module("compensation.migrations.0002_seed_annex")
_ARAFAT_BREAKFAST = importlib.import_module(
    "compensation.migrations.0006_policy_per_season_and_arafat_breakfast")


def seeded_annex(year=1445, *, published=True):
    season = seeded_season(year, published=published)
    _SEED.seed_annex(apps, year)
    _ARAFAT_BREAKFAST.seed_arafat_breakfast(apps, year)
    return season
