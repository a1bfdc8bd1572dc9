"""One INSERT ... ON CONFLICT DO NOTHING for rows written on every booking (outbox, SLA).

`Model.save()` inside a savepoint, with IntegrityError as the "already there" signal, costs
four extra round trips and the ORM's per-call SQL compile; on the booking path (bench/booking)
that was a fifth of the server's CPU. The statement is built once per model and conflict
target, and a repeat is answered by the database without an error in its log.
"""

from functools import cache

from django.db import connection


@cache
def _insert_sql(model, conflict: str) -> tuple[str, tuple]:
    meta = model._meta
    fields = tuple(field for field in meta.concrete_fields if not field.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) "
           f"ON CONFLICT {conflict} DO NOTHING RETURNING {quote(meta.pk.column)}")
    return sql, fields


def insert_unless_exists(instance, *, conflict: str) -> bool:
    """Insert `instance` unless a row with the same unique key exists; True if inserted.

    `conflict` is the ON CONFLICT target, e.g. `("idempotency_key")`, with the WHERE of a
    partial unique index when there is one. A concurrent twin waits for ours, then yields.
    The instance gets its primary key and is marked as saved.
    """
    sql, fields = _insert_sql(type(instance), conflict)
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection)
              for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    instance.pk = inserted[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
