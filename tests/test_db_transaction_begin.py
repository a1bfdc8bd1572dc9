"""A transaction's BEGIN travels with its first statement: one round trip fewer for every
`transaction.atomic()` block, with the same transaction as before (it rolls back whole,
whichever cursor opened it, and keeps the isolation level asked for)."""

import tempfile
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection, transaction

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def messages_sent():
    """The queries this connection sends meanwhile, read from libpq's protocol trace."""
    connection.ensure_connection()
    sent = []
    with tempfile.TemporaryFile() as trace:
        connection.connection.pgconn.trace(trace.fileno())
        try:
            yield sent
        finally:
            connection.connection.pgconn.untrace()
            trace.seek(0)
            sent.extend(line.split("\t")[-1].strip().strip('"')
                        for line in trace.read().decode().splitlines()
                        if "\tF\t" in line and "\tQuery\t" in line)


@pytest.fixture
def scratch_table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE scratch (word text)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE scratch")


def words():
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM scratch ORDER BY word")
        return [row[0] for row in cursor.fetchall()]


def test_an_atomic_block_costs_its_statements_and_the_commit_and_no_more(scratch_table):
    with messages_sent() as sent, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO scratch VALUES (%s)", ["first"])
            cursor.execute("SELECT count(*) FROM scratch")
            assert cursor.fetchone() == (1,)

    assert sent == ["BEGIN; INSERT INTO scratch VALUES ('first')",
                    "SELECT count(*) FROM scratch", "COMMIT"]
    assert words() == ["first"]


def test_a_block_that_fails_leaves_nothing_behind(scratch_table):
    with pytest.raises(RuntimeError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO scratch VALUES ('lost')")
        raise RuntimeError

    assert words() == []


def test_a_server_binding_cursor_that_goes_first_still_opens_the_transaction(scratch_table):
    with pytest.raises(RuntimeError), transaction.atomic():
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute("INSERT INTO scratch VALUES (%s)", ["lost"])
        raise RuntimeError

    assert words() == []


def test_the_transaction_keeps_the_isolation_level_asked_for():
    connection.ensure_connection()
    connection.connection.isolation_level = psycopg.IsolationLevel.SERIALIZABLE
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone() == ("serializable",)
    finally:
        connection.connection.isolation_level = None
