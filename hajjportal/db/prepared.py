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

from contextlib import contextmanager

import psycopg
from django.db import connection


class _LoggedCursor:
    """A cursor that records what it runs in Django's query log (DEBUG or a capture)."""

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, sql, params=None):
        connection.queries_log.append({"sql": sql, "time": "0.000"})
        return self._cursor.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _cursor(raw):
    cursor = psycopg.Cursor(raw)
    return _LoggedCursor(cursor) if connection.queries_logged else cursor


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
