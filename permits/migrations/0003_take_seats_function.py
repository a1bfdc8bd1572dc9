"""permits_take_seats(slot, seats): the conditional UPDATE that takes seats, raising when short.

Raising (instead of returning no row) lets the booking send the seat take and its COMMIT in
one round trip (permits/services.py, take_seats_and_commit): if the seats are not there the
error stops the COMMIT, and the transaction rolls back. The slot's row lock is then held only
while PostgreSQL commits, never while the server's Python waits for a CPU.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION permits_take_seats(p_slot bigint, p_seats integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    left_after integer;
BEGIN
    UPDATE permits_slot SET remaining = remaining - p_seats
     WHERE id = p_slot AND remaining >= p_seats
    RETURNING remaining INTO left_after;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'permits_sold_out' USING ERRCODE = 'P0001';
    END IF;
    RETURN left_after;
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS permits_take_seats(bigint, integer);"


class Migration(migrations.Migration):
    dependencies = [("permits", "0002_seed_defaults")]

    operations = [migrations.RunSQL(CREATE, DROP)]
