"""Django's PostgreSQL backend, with two round trips fewer per request.

The health check. With CONN_HEALTH_CHECKS, Django sends `SELECT 1` on a reused connection
before a request's first query: 150 µs of the web process's CPU and a round trip to the
database on every booking (bench/booking). Here the check asks the socket instead. A server
that ends a connection (a restart, a failover, pg_terminate_backend, an idle timeout) sends
its FATAL message and closes; on an idle connection nothing else arrives unasked (the portal
does not LISTEN), so anything waiting to be read, or a connection psycopg already knows is
broken, means the connection is closed and the request's first query opens a new one.

BEGIN. psycopg opens a transaction by sending BEGIN on its own and waiting for the answer
before the transaction's first statement: a round trip of its own for every
`transaction.atomic()` block (100 µs of CPU, measured). Django's cursors bind parameters on
the client and send the simple query protocol, which carries several statements in one
message, so the BEGIN goes in front of the first statement instead, with the isolation level
psycopg would have asked for. Other cursors (server-side binding, COPY, named cursors) still
have psycopg send it first.
"""

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq

IDLE = pq.TransactionStatus.IDLE


class Connection(psycopg.Connection):
    _begin_sent_with_query = False

    def _start_query(self):
        if self._begin_sent_with_query:  # the statement about to go carries the BEGIN
            self._begin_sent_with_query = False
            return
        yield from super()._start_query()


class Cursor(base.Cursor):
    def execute(self, query, params=None, **kwargs):
        conn = self._conn
        if (conn._autocommit or conn._pipeline or not isinstance(query, str)
                or conn.pgconn.transaction_status != IDLE):
            return super().execute(query, params, **kwargs)
        begin = conn._get_tx_start_command().decode()
        conn._begin_sent_with_query = True
        try:
            super().execute(f"{begin}; {query}", params, **kwargs)
        finally:
            conn._begin_sent_with_query = False
        self.nextset()  # on to the statement's own result, as if sent alone
        return self


class _Psycopg:
    """The psycopg module, as Django's backend uses it, connecting with Connection above."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs):
        return Connection.connect(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg()

    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is base.Cursor:
            params["cursor_factory"] = Cursor
        return params

    def close_if_health_check_failed(self):
        if (self.connection is None or self.pool or not self.health_check_enabled
                or self.health_check_done):
            return
        if not self.is_idle_and_quiet():
            self.close()
        self.health_check_done = True

    def is_idle_and_quiet(self) -> bool:
        """True while the connection is open, outside a transaction, with nothing unread."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != IDLE:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable
