"""Prepared statements for the single-statement reads every booking makes.

Django's psycopg cursors bind parameters on the client: each statement reaches PostgreSQL
with its values written in, so PostgreSQL parses and plans it anew every time. A psycopg
server-side cursor on the same connection prepares a statement once it has run a few times
(`prepare_threshold` in the settings), keeps its plan and sends only the values. Used for the
signed-in user and the booking's context read: 0.37 ms less database CPU per booking
(bench/booking/cost.py, three alternating pairs), the server's CPU unchanged.

Not used for the multi-statement round trips (locks with the history read, the batch with the
seat take): psycopg's pipeline mode, which would prepare them too, cost the server as much
Python CPU as it saved the database (measured), and the server is the busier side.

Statements are logged as Django's own are while queries are captured (tests count them), and
errors arrive as Django's database exceptions.
"""

import json
from contextlib import contextmanager

import pghistory
import psycopg
from django.db import connection
from pghistory import config as pghistory_config


class _LoggedCursor:
    """A cursor that records what it runs in Django's query log (DEBUG or a capture)."""

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, sql, params=None):
        connection.queries_log.append({"sql": sql, "time": "0.000"})
        return self._cursor.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _logged(cursor):
    return _LoggedCursor(cursor) if connection.queries_logged else cursor


def _cursor(raw):
    return _logged(psycopg.Cursor(raw))


@contextmanager
def prepared_cursor():
    """A server-side binding cursor on Django's connection, in its current transaction."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _cursor(connection.connection)
        try:
            yield cursor
        finally:
            cursor.close()


@contextmanager
def batch_cursor():
    """Django's own client-binding cursor class on its connection, without Django's execute
    wrappers (see StatementBatch.send_with), for several statements in one round trip."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            yield _logged(cursor)
        finally:
            cursor.close()


HISTORY_CONTEXT_SQL = ("SELECT set_config('pghistory.context_id', %s, true), "
                       "set_config('pghistory.context_metadata', %s, true)")


def history_context() -> tuple[str, list]:
    """The statement that gives pghistory's triggers the current audit context (the
    request's or the task's, with who acted), as pghistory's own execute wrapper writes it."""
    with pghistory.context() as context:  # the one already entered, else a new, empty one
        metadata = json.dumps(context.metadata, cls=pghistory_config.json_encoder())
        return HISTORY_CONTEXT_SQL, [str(context.id), metadata]
