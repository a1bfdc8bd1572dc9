"""Complaints recorded before they had an e-service of their own (under "new_request")
move to it, and their hours are marked for the next rollup refresh to recompute."""

from django.db import migrations

# complaints.services numbers a complaint CM<season or P>-<id, 6 digits or more>; desk
# request references (the other new_request rows) are 8 characters without a hyphen.
MOVE = r"""
    WITH moved AS (
        UPDATE sla_transaction t SET service_id = c.id
          FROM portal_eservice c, portal_eservice n
         WHERE c.code = 'complaint' AND n.code = 'new_request' AND t.service_id = n.id
           AND t.reference ~ '^CM([0-9]+|P)-[0-9]{6,}$'
        RETURNING t.started_at
    )
    INSERT INTO sla_dirtyhour (hour)
    SELECT DISTINCT date_trunc('hour', started_at) FROM moved
    ON CONFLICT DO NOTHING
"""
BACK = r"""
    WITH moved AS (
        UPDATE sla_transaction t SET service_id = n.id
          FROM portal_eservice c, portal_eservice n
         WHERE c.code = 'complaint' AND n.code = 'new_request' AND t.service_id = c.id
        RETURNING t.started_at
    )
    INSERT INTO sla_dirtyhour (hour)
    SELECT DISTINCT date_trunc('hour', started_at) FROM moved
    ON CONFLICT DO NOTHING
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0003_rollup_over_target"),
        ("portal", "0008_seed_complaint_service"),
    ]

    operations = [migrations.RunSQL(MOVE, BACK)]
