"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` on a reused connection before a request's
first query: 150 µs of the web process's CPU and a round trip to the database on every
booking (bench/booking). Here the check asks the socket instead. A server that ends a
connection (a restart, a failover, pg_terminate_backend, an idle timeout) sends its FATAL
message and closes; on an idle connection nothing else arrives unasked (the portal does not
LISTEN), so anything waiting to be read, or a connection psycopg already knows is broken,
means the connection is closed and the request's first query opens a new one.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq

IDLE = pq.TransactionStatus.IDLE


class DatabaseWrapper(base.DatabaseWrapper):
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
