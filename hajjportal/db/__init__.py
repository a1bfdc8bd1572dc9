"""The portal's PostgreSQL specialities, in one place.

- `base`: the database backend (settings ENGINE "hajjportal.db"), Django's own with a health
  check that reads the socket instead of sending `SELECT 1`.
- `prepared`: a server-side binding cursor for the hot single-statement reads, which psycopg
  prepares after a few runs.
- `inserts`: rows written from one JSON parameter each, and statements held to go with a
  transaction's last one.

Every private internal of Django or psycopg the portal leans on is here or in
hajjportal/cache.py, pinned in pyproject.toml and checked by tests/test_db_pinned_internals.py.
"""
