"""The announced meal windows of the service levels, for every season: Arafat breakfast
after Fajr until 10:00, Arafat lunch 13:30-15:30, the Muzdalifah meal on arrival, and on the
other days breakfast 05:00-10:00, lunch 13:30-15:30, dinner 20:30-23:30 (Makkah time)."""

from datetime import time

from django.db import migrations

WINDOWS = [
    ("arafat_breakfast", "after_fajr", None, time(10, 0)),
    ("arafat_lunch", "at", time(13, 30), time(15, 30)),
    ("muzdalifah", "on_arrival", None, None),
    ("breakfast", "at", time(5, 0), time(10, 0)),
    ("lunch", "at", time(13, 30), time(15, 30)),
    ("dinner", "at", time(20, 30), time(23, 30)),
]


def seed(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    MealWindow = apps.get_model("packages", "MealWindow")
    for season in Season.objects.all():
        for meal, opens, opens_at, closes_at in WINDOWS:
            MealWindow.objects.get_or_create(
                season=season, package=None, meal=meal,
                defaults={"opens": opens, "opens_at": opens_at, "closes_at": closes_at})


class Migration(migrations.Migration):

    dependencies = [("packages", "0015_meal_windows")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
