"""One source per date: the season's refund windows are its refund rules' dates alone.

The Season held a second copy of two of them (`full_refund_until`, `printed_permit_from`)
that nothing computed with: the refund policy reads the rules' rows, the season's copies
were only shown among its key dates, so staff could move one without the other. And
`agreement_ends` repeated `complaints_until` (the agreement runs to 15 Muharram, the last
day for complaints, RULES.md section 3), which is the cut-off the complaints read.

This carries the season's values into the rows before the fields go (`carry_windows`):
- the full-refund row (code `full_refund`, else the first row refunding everything to a
  permit not yet issued) without an end takes the season's `full_refund_until`; a row
  with its own end keeps it, since every refund so far was computed with it;
- a season without such a row gets one, ending on `full_refund_until`, placed before the
  first row that deducts, with the published text in English and Arabic;
- `printed_permit_from` needs no row: the printed-permit (10%) window opens the day after
  the full-refund row ends, because the first matching row wins;
- `agreement_ends` has nothing to carry: `complaints_until` is the same day and stays.
"""

from django.db import migrations

from portal.hijri import parse_hijri

FULL_REFUND_TEXT = {
    "en": "Before the permit is issued, up to the end of {day} {month}: full refund",
    "ar": "قبل إصدار التصريح حتى نهاية {day} {month_ar}: استرداد كامل قيمة العقد",
}
MONTHS_EN = ["Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula",
             "Jumada al-Akhirah", "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah",
             "Dhu al-Hijjah"]
MONTHS_AR = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
             "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]


def full_refund_row(rules):
    """The row that refunds everything to a permit not yet issued, if the season has one."""
    for rule in rules:
        if rule.code == "full_refund":
            return rule
    for rule in rules:
        if (rule.deduction_percent == 0 and not rule.deduct_service_fee
                and (not rule.permit_states or "not_issued" in rule.permit_states)):
            return rule
    return None


def carry_windows(season, rules, *, make_rule):
    """Carry `season.full_refund_until` into its rules (ordered by position); returns the row
    changed or made, or None when the rows already held the window. `make_rule(**fields)`
    creates a row with its English and Arabic descriptions."""
    row = full_refund_row(rules)
    if row is not None:
        if row.ends_on:
            return None
        row.ends_on = season.full_refund_until
        row.save(update_fields=["ends_on"])
        return row
    deducting = [rule.position for rule in rules
                 if rule.deduction_percent > 0 and rule.permit_states != ["refused"]]
    position = max(min(deducting) - 1, 0) if deducting else 0
    end = parse_hijri(season.full_refund_until)
    return make_rule(
        season_id=season.pk, position=position, code="full_refund", permit_states=["not_issued"],
        starts_on="", ends_on=season.full_refund_until, deduction_percent=0,
        deduct_service_fee=False,
        descriptions={language: text.format(day=end.day, month=MONTHS_EN[end.month - 1],
                                            month_ar=MONTHS_AR[end.month - 1])
                      for language, text in FULL_REFUND_TEXT.items()})


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
        carry_windows(season, rules, make_rule=make_rule)


class Migration(migrations.Migration):

    dependencies = [
        ("packages", "0013_contract_history_after_versions_and_guarantee"),
    ]

    operations = [
        # Irreversible: the season's copies would come back without values to hold.
        migrations.RunPython(carry),
        migrations.RemoveField(model_name="season", name="full_refund_until"),
        migrations.RemoveField(model_name="season", name="printed_permit_from"),
        migrations.RemoveField(model_name="season", name="agreement_ends"),
    ]
