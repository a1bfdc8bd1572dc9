"""Two more facts of the season kept once.

- `max_companions` goes: permits 0009 carried it into the season's Hajj permit rule.
- `no_refund_from` goes: it repeated the start of the no-refund refund rule, the row the
  refund policy computes with, and it was read only as the day sales close, which is now
  derived from that row (packages.selectors.sales_close_on). Before it goes its value is
  carried into the rows (`carry_no_refund_start`): the no-refund row (code `no_refund`, else
  the first row deducting 100% for any permit state but a refusal) without a start takes it;
  a row with its own start keeps it, since every refund so far was computed with it; a season
  without such a row gets one from that day, after its other rows, with the published text in
  English and Arabic.
"""

from decimal import Decimal

from django.db import migrations

from portal.hijri import parse_hijri

NO_REFUND_TEXT = {
    "en": "From {day} {month} until the track closes: no refund",
    "ar": "من {day} {month_ar} حتى إغلاق المسار: لا يسترد شيء",
}
MONTHS_EN = ["Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula",
             "Jumada al-Akhirah", "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah",
             "Dhu al-Hijjah"]
MONTHS_AR = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
             "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]


def no_refund_row(rules):
    for rule in rules:
        if rule.code == "no_refund":
            return rule
    for rule in rules:
        if rule.deduction_percent >= 100 and rule.permit_states != ["refused"]:
            return rule
    return None


def carry_no_refund_start(season, rules, *, make_rule):
    """Carry `season.no_refund_from` into its rules (ordered by position); returns the row
    changed or made, or None when the rows already held the start."""
    row = no_refund_row(rules)
    if row is not None:
        if row.starts_on:
            return None
        row.starts_on = season.no_refund_from
        row.save(update_fields=["starts_on"])
        return row
    start = parse_hijri(season.no_refund_from)
    position = max((rule.position for rule in rules), default=0) + 10
    return make_rule(
        season_id=season.pk, position=position, code="no_refund", permit_states=[],
        starts_on=season.no_refund_from, ends_on="", deduction_percent=Decimal("100"),
        deduct_service_fee=False,
        descriptions={language: text.format(day=start.day, month=MONTHS_EN[start.month - 1],
                                            month_ar=MONTHS_AR[start.month - 1])
                      for language, text in NO_REFUND_TEXT.items()})


def carry(apps, schema_editor):
    Season = apps.get_model("packages", "Season")
    RefundRule = apps.get_model("packages", "RefundRule")
    Translation = apps.get_model("packages", "RefundRuleTranslation")

    def make_rule(*, descriptions, **fields):
        rule = RefundRule.objects.create(**fields)
        for language, text in descriptions.items():
            Translation.objects.create(master=rule, language_code=language, description=text)
        return rule

    for season in Season.objects.all():
        rules = list(RefundRule.objects.filter(season=season).order_by("position", "pk"))
        carry_no_refund_start(season, rules, make_rule=make_rule)


class Migration(migrations.Migration):

    dependencies = [
        ("packages", "0016_seed_meal_windows"),
        ("permits", "0009_max_companions_from_the_seasons"),
    ]

    operations = [
        # Irreversible: the season's copies would come back without values to hold.
        migrations.RunPython(carry),
        migrations.RemoveField(model_name="season", name="max_companions"),
        migrations.RemoveField(model_name="season", name="no_refund_from"),
    ]
