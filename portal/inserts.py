"""Lean writes for rows inserted on every booking (outbox, SLA record, the booking itself).

`Model.save()` inside a savepoint, with IntegrityError as the "already there" signal, costs
four extra round trips and the ORM's per-call SQL compile; on the booking path (bench/booking)
that was a fifth of the server's CPU. The statements here are built once per model and
conflict target, and a repeat is answered by the database without an error in its log.

A `StatementBatch` goes further for a hot transaction: rows whose primary keys were reserved
ahead (`next_id_sql`) need no answer from the database, so their INSERTs wait in the batch
and go with the transaction's last statement, in one round trip.
"""

import json
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def array_literal(values) -> str:
    """A PostgreSQL array's text form, for a parameter cast in the SQL (`%s::bigint[]`).

    psycopg adapts a Python list by inspecting its elements and building a dumper for it on
    every call: four lists per booking cost a twentieth of the server's CPU (bench/booking).
    A string needs none of that. Elements are quoted, so any text is safe in it."""
    return "{" + ",".join(_array_element(value) for value in values) + "}"


def _array_element(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def next_id_sql(model) -> str:
    """A SELECT-list expression reserving the next primary key of `model` (a gap if unused,
    as a rolled-back INSERT leaves one)."""
    table, column = model._meta.db_table, model._meta.pk.column
    return f"nextval(pg_get_serial_sequence('{table}', '{column}'))"


class StatementBatch:
    """INSERTs that need no answer, held until `send_with` sends them before a last one."""

    def __init__(self, reserved_ids=None):
        self._ids = {model: list(ids) for model, ids in (reserved_ids or {}).items()}
        self._statements, self._params = [], []

    def take_id(self, model):
        ids = self._ids.get(model)
        return ids.pop(0) if ids else None

    def add(self, sql: str, params) -> None:
        self._statements.append(sql)
        self._params.extend(params)

    def send_with(self, cursor, sql: str, params) -> None:
        """Run the held statements, then `sql`; the cursor is left on `sql`'s result.

        The statements run in order in the caller's transaction; the first error stops the
        rest (and so a COMMIT at the end of `sql`), as one simple-protocol query does.
        """
        cursor.execute("; ".join([*self._statements, sql]), [*self._params, *params])
        for _held in self._statements:
            cursor.nextset()
        self._statements, self._params = [], []


@cache
def _insert_sql(model, conflict: str) -> tuple[str, tuple]:
    meta = model._meta
    fields = tuple(field for field in meta.concrete_fields if not field.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT {conflict} DO NOTHING "
           f"RETURNING {quote(meta.pk.column)}")
    return sql, fields


def row_insert_sql(model) -> str:
    """INSERT of one row of `model`, every column, from one JSON parameter (row_json).

    psycopg parses (and caches the parse of) a statement with at most 50 parameters; a batch
    of rows with a parameter per column goes over that and was parsed anew on every booking
    (a sixth of the server's CPU, bench/booking)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column)
                        for field in model._meta.concrete_fields)
    return (f"INSERT INTO {table} ({columns}) SELECT {columns} "
            f"FROM json_populate_record(NULL::{table}, %s::json)")


@cache
def _batched_insert_sql(model, conflict: str) -> tuple[str, tuple]:
    return (f"{row_insert_sql(model)} ON CONFLICT {conflict} DO NOTHING",
            tuple(model._meta.concrete_fields))


def row_json(instance) -> str:
    """Every column of a new row as one JSON object, for `json_populate_record(NULL::table,
    %s::json)`: one parameter per row keeps a batch under psycopg's 50 (see above).

    Values that a plain field stores as they are (text, whole numbers, booleans, aware
    datetimes, integer foreign keys) are taken from the instance directly; anything else goes
    through the field's own get_db_prep_save. Five rows per booking through the field
    machinery cost a twentieth of the server's CPU (bench/booking)."""
    values, row = instance.__dict__, {}
    for column, attname, kind, field in _row_plan(type(instance)):
        value = values.get(attname, _MISSING)
        if value is not None and not _stored_as_is(kind, value):
            value = field.get_db_prep_save(field.pre_save(instance, True),
                                           connections[DEFAULT_DB_ALIAS])
        row[column] = value
    return _ROW_ENCODER.encode(row)  # datetimes in ISO form (_json_value)


_MISSING = object()
_TEXT_FIELDS = (models.CharField, models.TextField, models.SlugField, models.EmailField)
_INTEGER_FIELDS = (
    models.IntegerField, models.BigIntegerField, models.SmallIntegerField,
    models.PositiveIntegerField, models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField, models.AutoField, models.BigAutoField,
    models.SmallAutoField)


@cache
def _row_plan(model) -> tuple:
    """(column, attname, kind, field) per column; kind names what the field stores unchanged.

    Exact classes only: a subclass (a phone number field, say) may convert in get_prep_value.
    Fields that set their value in pre_save (auto_now) always take the field's path."""
    return tuple((field.column, field.attname, _kind(field), field)
                 for field in model._meta.concrete_fields)


def _kind(field) -> str | None:
    kind = type(field)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return None
    if kind in _TEXT_FIELDS:
        return "text"
    if kind in _INTEGER_FIELDS or (kind in (models.ForeignKey, models.OneToOneField)
                                    and type(field.target_field) in _INTEGER_FIELDS):
        return "integer"
    if kind is models.BooleanField:
        return "boolean"
    if kind is models.DateTimeField:
        return "datetime"
    return None


def _stored_as_is(kind, value) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "datetime":  # a naive one takes the field's path, which makes it aware
        return isinstance(value, datetime) and value.tzinfo is not None
    return kind == "boolean" and isinstance(value, bool)


def _db_values(instance, fields) -> list:
    wrapper = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for every field
    return [field.get_db_prep_save(field.pre_save(instance, True), wrapper)
            for field in fields]


def _json_value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no JSON form for a batched row")


# Arabic, Persian and Urdu texts go in as they are, not as \u escapes of six bytes a letter.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_value)


def insert_unless_exists(instance, *, conflict: str, batch: StatementBatch | None = None) -> bool:
    """Insert `instance` unless a row with the same unique key exists; True if inserted.

    `conflict` is the ON CONFLICT target, e.g. `("idempotency_key")`, with the WHERE of a
    partial unique index when there is one. A concurrent twin waits for ours, then yields.
    The instance gets its primary key and is marked as saved.

    With a `batch` holding a reserved id for the model, the INSERT waits in the batch and
    True is returned before the database has seen it: callers use a batch only for new rows
    whose unique keys name other new rows, which no earlier row can hold.
    """
    if batch is not None and instance.pk is None:
        instance.pk = batch.take_id(type(instance))
    batched = batch is not None and instance.pk is not None
    sql, fields = (_batched_insert_sql if batched else _insert_sql)(type(instance), conflict)
    if batched:
        batch.add(sql, [row_json(instance)])
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, _db_values(instance, fields))
            inserted = cursor.fetchone()
        if inserted is None:
            return False
        instance.pk = inserted[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
