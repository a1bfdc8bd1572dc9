"""A reused database connection is checked before a request's first query without a round
trip: a healthy one is kept, one the server has ended is replaced, so the request does not
fail on it."""

import time

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connection, connections

pytestmark = pytest.mark.django_db(transaction=True)


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def next_request():
    """What Django does between two requests on the same thread."""
    close_old_connections()


def test_a_healthy_connection_is_kept_and_checked_without_a_query(monkeypatch):
    first = backend_pid()
    next_request()
    # The old check was `SELECT 1` through is_usable(); it must not run on this path.
    monkeypatch.setattr(type(connections[DEFAULT_DB_ALIAS]), "is_usable",
                        lambda self: pytest.fail("SELECT 1 sent"))

    assert backend_pid() == first
    assert connection.health_check_done


def test_a_connection_the_server_ended_is_replaced_before_the_requests_first_query():
    first = backend_pid()
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items()
                            if k in ("dbname", "user", "host", "port", "password")},
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [first])
    deadline = time.monotonic() + 5
    while connection.is_idle_and_quiet() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye is on its way
    next_request()

    assert backend_pid() != first
