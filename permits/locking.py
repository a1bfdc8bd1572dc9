"""Per-person serialisation with PostgreSQL advisory locks, the pretix way.

Locks are transaction-scoped (released at commit or rollback), taken on sorted keys so two
bookings naming the same people in a different order cannot deadlock, and bounded by a short
lock_timeout so a stuck transaction turns into a clear "try again" rather than a pile-up.
"""

import hashlib

from django.db import OperationalError, connection, transaction

from hajjportal.db.prepared import batch_cursor

from .errors import PermitError

LOCK_TIMEOUT = "5s"


def lock_id(key: str) -> int:
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_keys(keys) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("Advisory locks are transaction-scoped: call inside transaction.atomic.")
    ids = sorted({lock_id(key) for key in keys})
    if not ids:
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            for ident in ids:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ident])
    except OperationalError as exc:
        raise PermitError("busy") from exc


def lock_keys_then_read(keys, sql: str, params) -> list[tuple]:
    """Take the locks, then run one read that needs them, in a single round trip.

    The statements run in order, each with its own snapshot, so the read sees every
    transaction that held one of these locks before us. Saves the hot booking path three
    round trips (savepoint, SET, lock) compared with lock_keys() followed by the read; a lock
    timeout aborts the whole transaction, which the caller's PermitError rolls back anyway.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Advisory locks are transaction-scoped: call inside transaction.atomic.")
    ids = sorted({lock_id(key) for key in keys})
    # One SELECT list evaluates its calls left to right: the sorted order is kept.
    statements = [f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'",
                  "SELECT " + ", ".join(["pg_advisory_xact_lock(%s)"] * len(ids)),
                  sql] if ids else [sql]
    try:
        # Past Django's execute wrappers: pghistory's would prefix its audit context (this
        # round trip writes nothing) and move the cursor over every result itself.
        with batch_cursor() as cursor:
            cursor.execute("; ".join(statements), [*ids, *params])
            for _earlier in statements[1:]:
                cursor.nextset()  # on to the read's result, the last one
            return cursor.fetchall()
    except OperationalError as exc:
        raise PermitError("busy") from exc
