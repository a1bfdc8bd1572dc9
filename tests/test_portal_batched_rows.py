"""A new row goes in as one JSON object (hajjportal.db.inserts, the one way rows are
written); its values are the ones the field machinery would store, and they reach PostgreSQL
unchanged, Arabic included."""

import json
from datetime import datetime

import pytest
from django.db import connection

from hajjportal.db.inserts import array_literal, row_insert_sql, row_json
from notifications.models import SmsMessage
from portal.models import EService
from sla.models import Channel, Outcome, Transaction
from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db


def _field_path_row(instance):
    """What the field machinery stores, column by column, as JSON would carry it."""
    fields = type(instance)._meta.concrete_fields
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection)
              for field in fields]
    return {field.column: value.isoformat() if isinstance(value, datetime) else value
            for field, value in zip(fields, values, strict=True)}


def _insert_and_read(instance):
    with connection.cursor() as cursor:
        cursor.execute(row_insert_sql(type(instance)), [row_json(instance)])
    return type(instance).objects.get(pk=instance.pk)


def test_an_sms_row_carries_what_the_fields_would_store_and_arabic_arrives_intact():
    user = PilgrimFactory()
    sms = SmsMessage(pk=987_001, idempotency_key="batched-ar", recipient="+966500000001",
                     language="ar", text="تصريحك لزيارة الروضة جاهز", user=user,
                     status=SmsMessage.Status.QUEUED, about_reference="permits.booking:1")

    assert json.loads(row_json(sms)) == _field_path_row(sms)
    stored = _insert_and_read(sms)
    assert stored.text == "تصريحك لزيارة الروضة جاهز"
    assert (stored.user_id, stored.status, stored.attempts) == (user.pk, "queued", 0)
    assert stored.created_at == sms.created_at


def test_a_naive_datetime_takes_the_fields_path_and_is_stored_in_the_portals_time_zone():
    sms = SmsMessage(pk=987_002, idempotency_key="batched-naive", recipient="+966500000002",
                     language="en", text="x", next_attempt_at=datetime(2026, 11, 22, 9, 30))

    with pytest.warns(RuntimeWarning, match="naive datetime"):
        stored = _insert_and_read(sms)

    assert stored.next_attempt_at.isoformat() == "2026-11-22T06:30:00+00:00"  # Riyadh 09:30


def test_an_sla_row_with_its_choices_and_foreign_keys_round_trips():
    service = EService.objects.order_by("pk").first()
    started = datetime.fromisoformat("2026-11-22T06:00:00.250000+03:00")
    row = Transaction(pk=987_003, service=service, channel=Channel.ONLINE,
                      outcome=Outcome.COMPLETED, started_at=started, completed_at=started,
                      reference="batched:3")

    assert json.loads(row_json(row)) == _field_path_row(row)
    stored = _insert_and_read(row)
    assert (stored.service_id, stored.channel, stored.outcome, stored.user_id) == (
        service.pk, "online", "completed", None)
    assert stored.started_at == started


@pytest.mark.parametrize("values", [[1, 22, 333], [], ["booker", "companion"],
                                    ['say "hi"', "back\\slash", "a,b", "{x}", "NULL", "عربي"]])
def test_an_array_literal_reads_back_as_the_same_list(values):
    cast = "bigint[]" if values and isinstance(values[0], int) else "text[]"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}", [array_literal(values)])
        assert cursor.fetchone()[0] == values
