"""The compensation annex as seeded (transactional tests flush tables: seed it again).

    seeded_annex(1445)     the season (published) and its annex cells
"""

import importlib

from django.apps import apps

from .packages import seeded_season

_SEED = importlib.import_module("compensation.migrations.0002_seed_annex")


def seeded_annex(year=1445, *, published=True):
    season = seeded_season(year, published=published)
    _SEED.seed_annex(apps, year)
    return season
