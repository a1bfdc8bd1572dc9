"""SLA benchmark: a national-scale year of transactions, rollups and dashboards.

    .venv/bin/python bench/sla/run.py [--rows 10000000] [--reload] [--renders 40]

1. Uses a database of its own (BENCH_DATABASE, default `bench_sla`, created and migrated
   when missing) and loads `--rows` transactions over the last 365 days with SQL
   `generate_series`, in time order (as production inserts them), split across the
   e-services in the proportions of their published yearly counts (RULES.md section 1),
   with outcomes, channels and processing times around each service's published targets,
   providers on Hajj package orders, survey answers for about 15% of the completed ones, and
   one availability probe per service per minute. An existing load of the same size is kept
   unless `--reload`.
2. Prints, each beside the time of the equivalent raw SQL aggregate over the same rows:
   the season rebuild of every rollup; an incremental refresh after a fresh hour of
   transactions; the p95 render time of the monitor dashboard (whole year) and of the public
   service-levels page (Hijri year to date), rendered through Django's test client.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PROVIDERS = 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--chunk-days", type=int, default=92,
                        help="days per rebuild transaction (rollup_rebuild's chunk_days)")
    return parser.parse_args()


def setup_django():
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hajjportal")
    name = os.environ.get("BENCH_DATABASE", "bench_sla")
    import psycopg

    admin = urlparse(base)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlparse(base)._replace(path="/" + name).geturl()
    os.environ.setdefault("TESTING", "1")
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench_sla")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hajjportal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - started
    print(f"  {label}: {elapsed:.2f} s", flush=True)
    return elapsed, result


def sql(statement, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchall() if cursor.description else None


# --- Load -------------------------------------------------------------------------------

LOAD_TRANSACTIONS = """
WITH services AS (
    SELECT array_agg(id ORDER BY id) AS ids,
           array_agg(cum ORDER BY id) AS cums,
           array_agg(completion_percent / 100.0 ORDER BY id) AS completion,
           array_agg(digitisation_percent / 100.0 ORDER BY id) AS online,
           array_agg(code ORDER BY id) AS codes
      FROM (SELECT id, code, completion_percent, digitisation_percent,
                   sum(greatest(yearly_transactions, 1000)) OVER (ORDER BY id)::float8
                   / sum(greatest(yearly_transactions, 1000)) OVER () AS cum
              FROM portal_eservice) weighted
), drawn AS (
    SELECT g, s.codes, s.ids, s.completion, s.online,
           width_bucket(random(), array_prepend(0::float8, s.cums)) AS k,
           %(start)s::timestamptz + (g::float8 / %(rows)s) * interval '365 days' AS started_at,
           random() AS r_outcome, random() AS r_channel, random() AS r_time
      FROM generate_series(1, %(rows)s) g, services s
)
INSERT INTO sla_transaction (service_id, channel, started_at, completed_at, outcome,
                             provider_id, reference, user_id)
SELECT ids[k],
       CASE WHEN r_channel < online[k] THEN 'online'
            WHEN r_channel < online[k] + (1 - online[k]) / 2 THEN 'counter'
            WHEN r_channel < online[k] + 3 * (1 - online[k]) / 4 THEN 'phone'
            ELSE 'on_behalf' END,
       started_at,
       CASE WHEN codes[k] = 'hajj' AND started_at > %(end)s::timestamptz - interval '3 days'
            THEN NULL
            WHEN codes[k] = 'hajj' THEN started_at + r_time * interval '5 days'
            ELSE started_at + (1 + r_time * r_time * 120) * interval '1 second' END,
       CASE WHEN codes[k] = 'hajj' AND started_at > %(end)s::timestamptz - interval '3 days'
            THEN 'pending'
            WHEN r_outcome < completion[k] THEN 'completed'
            WHEN codes[k] IN ('rawdah_men', 'rawdah_women', 'umrah')
                 AND r_outcome < completion[k] + (1 - completion[k]) / 2 THEN 'sold_out'
            WHEN codes[k] = 'hajj' THEN 'refused'
            WHEN r_outcome > 0.995 THEN 'failed'
            ELSE 'abandoned' END,
       CASE WHEN codes[k] = 'hajj_package' THEN %(first_provider)s + (g %% %(providers)s)
            END,
       '', NULL
  FROM drawn
 ORDER BY g
"""

LOAD_SURVEYS = """
INSERT INTO sla_survey (transaction_id, answered_at, rating, comment, via)
SELECT id, completed_at + interval '10 minutes',
       CASE WHEN random() < 0.88 THEN 4 + (random() > 0.4)::int
            ELSE 1 + floor(random() * 3)::int END,
       '', CASE WHEN id %% 3 = 0 THEN 'sms' ELSE 'page' END
  FROM sla_transaction
 WHERE outcome = 'completed' AND id %% 7 = 0
"""

LOAD_PROBES = """
INSERT INTO sla_probe (service_id, minute, status, database_ok, redis_ok, worker_ok)
SELECT e.id, m,
       CASE WHEN random() < 0.003 THEN 'down'
            WHEN extract(hour FROM m) = 0 AND extract(dow FROM m) = 5
                 AND extract(minute FROM m) < 30 THEN 'maintenance'
            ELSE 'up' END, true, true, true
  FROM generate_series(date_trunc('minute', %(start)s::timestamptz),
                       %(end)s::timestamptz - interval '1 minute', interval '1 minute') m,
       portal_eservice e
 ORDER BY m
"""


def providers():
    from packages.models import Provider

    for number in range(PROVIDERS):
        Provider.objects.get_or_create(licence_number=f"BENCH-{number:03d}",
                                       defaults={"name": f"Bench provider {number}"})
    return Provider.objects.filter(licence_number__startswith="BENCH-").order_by("pk")


def load(rows, start, end):
    first = providers().first().pk
    print(f"Loading {rows:,} transactions over 365 days ...", flush=True)
    sql("TRUNCATE sla_transaction, sla_survey, sla_probe, sla_hourlyrollup, "
        "sla_dailyrollup, sla_proberollup, sla_dirtyhour")
    params = {"rows": rows, "start": start, "end": end, "first_provider": first,
              "providers": PROVIDERS}
    timed("transactions", sql, LOAD_TRANSACTIONS, params)
    timed("surveys", sql, LOAD_SURVEYS)
    timed("probes", sql, LOAD_PROBES, params)
    timed("vacuum analyze", vacuum)


def vacuum():
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("sla_transaction", "sla_survey", "sla_probe"):
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- Measurements -----------------------------------------------------------------------

def raw_aggregate(start, end):
    """The rollup's own SELECT (transactions and probes) over the range, every figure
    computed but nothing written, in one statement each (so PostgreSQL may run it in
    parallel, which INSERT ... SELECT cannot), with the rollup writers' session settings."""
    from django.db import connection, transaction

    from portal.working_days import week_and_holidays, working_calendar
    from sla.policies import policy_for
    from sla.rollups import HOURLY_SELECT, PROBE_REPLACE, tune

    probe_select = PROBE_REPLACE.split("INSERT INTO sla_proberollup")[1].split(")", 1)[1]
    with transaction.atomic(), connection.cursor() as cursor:
        tune(cursor)
        # q::text uses every column, so PostgreSQL computes every aggregate it would insert.
        # The policy of the range's last day (the bench's year is one season's policy).
        policy = policy_for(datetime.fromisoformat(end))
        weekdays, holidays = week_and_holidays(working_calendar())
        cursor.execute(f"SELECT count(*), sum(length(q::text)) FROM ({HOURLY_SELECT}) q",
                       {"start": start, "end": end,
                        "satisfied_from": policy.satisfied_from_rating,
                        "immediate": policy.immediate_seconds,
                        "weekdays": sorted(weekdays), "holidays": sorted(holidays)})
        cursor.execute(f"SELECT count(*), sum(length(q::text)) FROM "
                       f"({probe_select.rstrip().rstrip(';')}) q", {"start": start, "end": end})


def fresh_hour(now):
    """An hour of transactions at the year's average rate, just before `now`."""
    per_hour = int(sql("SELECT count(*) FROM sla_transaction")[0][0] / 8760)
    sql("""INSERT INTO sla_transaction (service_id, channel, started_at, completed_at, outcome,
                                        reference)
           SELECT (SELECT id FROM portal_eservice WHERE code = 'umrah'), 'online',
                  %(now)s::timestamptz - (g::float8 / %(n)s) * interval '1 hour',
                  %(now)s::timestamptz - (g::float8 / %(n)s) * interval '1 hour'
                  + interval '20 seconds', 'completed', ''
             FROM generate_series(1, %(n)s) g""", {"now": now, "n": per_hour})
    return per_hour


def p95_render(client, path, renders):
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return times[max(0, int(len(times) * 0.95) - 1)], statistics.median(times)


def monitor_client():
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    from accounts import roles
    from accounts.models import User

    user, created = User.objects.get_or_create(username="bench-monitor",
                                               defaults={"is_staff": True})
    if created:
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get_or_create(name=roles.MONITOR)[0])
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def main():
    args = parse_args()
    setup_django()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from sla.rollups import riyadh_day
    from sla.services import rollup_rebuild, rollup_refresh

    setup_test_environment()  # the test client needs it; it changes nothing measured here
    end = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    loaded = sql("SELECT count(*), max(started_at) FROM sla_transaction")[0]
    if args.reload or loaded[0] < args.rows * 0.99 or loaded[1] is None:
        load(args.rows, end - timedelta(days=365), end)
    else:
        print(f"Keeping the {loaded[0]:,} transactions already loaded (--reload to redo)")
        end = loaded[1].replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    start = end - timedelta(days=365)
    first_day, last_day = riyadh_day(start), riyadh_day(end)
    total = sql("SELECT count(*) FROM sla_transaction")[0][0]
    print(f"\n{total:,} transactions, "
          f"{sql('SELECT count(*) FROM sla_survey')[0][0]:,} survey answers, "
          f"{sql('SELECT count(*) FROM sla_probe')[0][0]:,} probes")

    print("\nSeason rebuild")
    raw, _ = timed("raw SQL aggregate over the year", raw_aggregate,
                   *[x.isoformat() for x in (start, end + timedelta(days=1))])
    if not args.skip_rebuild:
        rebuild, _ = timed("rollup_rebuild (hourly, daily, probes)", rollup_rebuild,
                           first_day=first_day, last_day=last_day, chunk_days=args.chunk_days)
        print(f"  ratio rebuild / raw: {rebuild / raw:.2f} (target <= 2)")

    print("\nIncremental refresh")
    now = end + timedelta(minutes=59)
    per_hour = fresh_hour(now)
    raw_inc, _ = timed(f"raw SQL aggregate of the last two hours ({per_hour:,} new rows)",
                       raw_aggregate, (now - timedelta(hours=2)).isoformat(), now.isoformat())
    incremental, _ = timed("rollup_refresh", rollup_refresh, now=now)
    print(f"  ratio incremental / raw: {incremental / raw_inc:.2f} (target: under 1 s)")

    print(f"\nPages (p95 of {args.renders} renders after one warm-up each)")
    raw_dash, _ = timed("raw SQL aggregate behind the dashboard (year, per service)", sql,
                        "SELECT service_id, count(*), count(*) FILTER (WHERE outcome = "
                        "'completed'), count(*) FILTER (WHERE channel = 'online'), "
                        "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY "
                        "completed_at - started_at) FROM sla_transaction WHERE started_at >= "
                        "%s AND started_at < %s GROUP BY 1", [start, end + timedelta(days=1)])
    query = f"?start={first_day.isoformat()}&end={last_day.isoformat()}"
    monitor = monitor_client()
    for path, client in ((f"/sla/monitor/{query}", monitor), ("/sla/service-levels/", Client(
            HTTP_ACCEPT_LANGUAGE="en"))):
        client.get(path)
        p95, median = p95_render(client, path, args.renders)
        print(f"  {path}: p95 {p95 * 1000:.0f} ms, median {median * 1000:.0f} ms; "
              f"ratio p95 / raw {p95 / raw_dash:.3f}")
    print("  target: dashboard p95 < 300 ms")


if __name__ == "__main__":
    main()
