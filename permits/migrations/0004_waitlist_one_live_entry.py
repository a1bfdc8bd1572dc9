"""One live waiting-list entry per account and slot, and an idempotency key on joining.

Before the constraint, a retried join could queue the same account twice. Those duplicates
are cancelled first, keeping the entry that holds an offer (at most one per slot) or else the
earliest; the cancelled ones held no seats, so nothing is returned to the slot.
"""

from django.db import migrations, models

LIVE = ("waiting", "offered")


def cancel_duplicates(apps, schema_editor):
    Entry = apps.get_model("permits", "WaitlistEntry")
    kept = set()
    live = Entry.objects.filter(status__in=LIVE).order_by("slot_id", "user_id", "created_at",
                                                          "pk")
    for entry in live.filter(status="offered"):
        kept.add((entry.slot_id, entry.user_id))
    duplicates = []
    for entry in live.filter(status="waiting"):
        if (entry.slot_id, entry.user_id) in kept:
            duplicates.append(entry.pk)
        else:
            kept.add((entry.slot_id, entry.user_id))
    Entry.objects.filter(pk__in=duplicates).update(status="cancelled")


class Migration(migrations.Migration):

    dependencies = [
        ("permits", "0003_take_seats_function"),
    ]

    operations = [
        migrations.AddField(
            model_name="waitlistentry",
            name="idempotency_key",
            field=models.CharField(blank=True, default="", max_length=100,
                                   verbose_name="idempotency key"),
        ),
        migrations.RunPython(cancel_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="waitlistentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["waiting", "offered"])),
                fields=("slot", "user"), name="permits_waitlist_one_live_entry"),
        ),
        migrations.AddConstraint(
            model_name="waitlistentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("idempotency_key", ""), _negated=True),
                fields=("user", "idempotency_key"), name="permits_waitlist_idempotency"),
        ),
    ]
