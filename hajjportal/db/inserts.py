"""One way to write a new row: every column from one JSON parameter (`row_json`).

`Model.save()` inside a savepoint, with IntegrityError as the "already there" signal, costs
four extra round trips and the ORM's per-call SQL compile; on the booking path (bench/booking)
that was a fifth of the server's CPU. The statements here are built once per model and
conflict target from the model's `_meta`, and a repeat is answered by the database without an
error in its log.

One JSON parameter per row, not one per column: psycopg parses (and caches the parse of) a
statement with at most 50 parameters, and the booking's last round trip, with a parameter per
column, went over that and was parsed anew on every booking (a sixth of the server's CPU).

A `StatementBatch` holds INSERTs that need no answer (rows whose primary keys were reserved
ahead, `next_id_sql`) until the transaction's last statement, to go with it in one round trip.
"""

import json
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from hajjportal.db.prepared import batch_cursor, history_context


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

    def __init__(self):
        self._statements, self._params = [], []

    def add(self, sql: str, params) -> None:
        self._statements.append(sql)
        self._params.extend(params)

    def add_row(self, instance) -> None:
        """Hold the INSERT of the new row `instance`. With its primary key set (reserved
        ahead) it is marked saved; without, it takes its sequence's next value unseen."""
        self.add(row_insert_sql(type(instance)), [row_json(instance)])
        if instance.pk is not None:
            mark_saved(instance)

    def send(self) -> None:
        """Run the held statements now, in one round trip."""
        if self._statements:
            with connection.cursor() as cursor:
                cursor.execute("; ".join(self._statements), self._params)
        self._statements, self._params = [], []

    def send_with(self, sql: str, params) -> tuple | None:
        """Run the held statements, then `sql`, in one round trip; return `sql`'s first row.

        The statements run in order in the caller's transaction; the first error stops the
        rest (and so a COMMIT at the end of `sql`), as one simple-protocol query does.

        Sent on the connection's own cursor, past Django's execute wrappers: pghistory's
        (the request's audit context) prefixes a statement of its own and then moves the
        cursor past every result, which loses `sql`'s. The audit context is set here instead,
        as the first statement, so the history rows of these INSERTs still say who acted.
        """
        context_sql, context_params = history_context()
        statements = [context_sql, *self._statements]
        values = [*context_params, *self._params, *params]
        self._statements, self._params = [], []
        with batch_cursor() as cursor:
            cursor.execute("; ".join([*statements, sql]), values)
            for _before in statements:
                cursor.nextset()
            return cursor.fetchone()


@cache
def row_insert_sql(model, conflict: str = "") -> str:
    """INSERT of one row of `model`, every column, from one JSON parameter (row_json).

    A row with its primary key (reserved ahead) keeps it; one without takes the next value of
    its sequence. `conflict`, when given, is the ON CONFLICT target whose repeat is skipped:
    `("idempotency_key")`, with the WHERE of a partial unique index when there is one."""
    meta, quote = model._meta, connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    columns = [quote(field.column) for field in meta.concrete_fields]
    values = [f"COALESCE(r.{pk}, {next_id_sql(model)})" if column == pk else f"r.{column}"
              for column in columns]
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
           f"FROM json_populate_record(NULL::{table}, %s::json) AS r")
    return f"{sql} ON CONFLICT {conflict} DO NOTHING" if conflict else sql


def row_json(instance) -> str:
    """Every column of a new row as one JSON object, for `json_populate_record(NULL::table,
    %s::json)`: one parameter per row keeps a batch under psycopg's 50 (see above).

    Values that a plain field stores as they are (text, whole numbers, booleans, aware
    datetimes, integer foreign keys) are taken from the instance directly; anything else goes
    through the field's own pre_save and get_db_prep_save (an auto_now field, say, even
    when unset). Five rows per booking through the field
    machinery cost a twentieth of the server's CPU (bench/booking)."""
    values, row = instance.__dict__, {}
    for column, attname, kind, field in _row_plan(type(instance)):
        value = values.get(attname, _MISSING)
        if kind is None or (value is not None and not _stored_as_is(kind, value)):
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


def _json_value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no JSON form for a batched row")


# Arabic, Persian and Urdu texts go in as they are, not as \u escapes of six bytes a letter.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_value)


def insert_unless_exists(instance, *, conflict: str) -> bool:
    """Insert `instance` unless a row with the same unique key exists; True if inserted.

    `conflict` is the ON CONFLICT target (row_insert_sql). A concurrent twin waits for ours,
    then yields. The instance gets its primary key and is marked as saved.
    """
    model = type(instance)
    returning = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"{row_insert_sql(model, conflict)} RETURNING {returning}",
                       [row_json(instance)])
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    instance.pk = inserted[0]
    mark_saved(instance)
    return True


def mark_saved(instance) -> None:
    """What save() leaves on an instance it inserted (Model._state, documented)."""
    instance._state.adding = False
    instance._state.db = connection.alias
