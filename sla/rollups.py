"""Hourly and daily rollups, computed in SQL as whole buckets.

Every refresh replaces whole buckets (DELETE the buckets, INSERT ... SELECT them again from
the raw rows) under one transaction-scoped advisory lock, so running it twice, or twice at
once, gives the same rows: the second run waits for the first and recomputes the same sums.
Hours are in UTC; days are Riyadh days (UTC+3 all year, so a day is 24 whole UTC hours).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from portal.calendars import from_hijri, to_hijri
from portal.versions import bump
from portal.working_days import week_and_holidays, working_calendar

from .models import HISTOGRAM_SIZE, PROCESSING_BINS
from .policies import policy_get

RIYADH = ZoneInfo("Asia/Riyadh")
# What the public service levels page is cached under (templates/sla/service_levels.html):
# every rollup write bumps it, and so do writes of an e-service or a policy (sla.apps).
FIGURES_VERSION = "sla-figures"
LOCK_KEY = 0x51A_0011  # pg_advisory_xact_lock key of the rollup writers
COUNTERS = ("started", "completed", "decided", "online", "surveys", "satisfied",
            "over_target")

_BOUNDS = "ARRAY[" + ",".join(str(b) for b in PROCESSING_BINS) + "]::float8[]"
_HISTOGRAM = "ARRAY[" + ",".join(
    f"coalesce(sum(started) FILTER (WHERE bin = {i}), 0)" for i in range(HISTOGRAM_SIZE)
) + "]::int[]"

# Processing time on the clock its target is published in: elapsed seconds for a service
# processed "immediately", working seconds for one with a target in working days (the
# elapsed time minus the part of it that falls on a Riyadh day off: a weekday outside the
# working calendar's week, or one of its public holidays, %(weekdays)s and %(holidays)s,
# read from portal.working_days once per refresh). The days off are generated per row from
# its own start and end days, only for the rows of working-day services (a Hajj request, a
# complaint: thousands a year, spanning days), so the immediate services' millions pay
# nothing and the whole rollup stays one statement.
WORKING_SECONDS = """
    extract(epoch FROM t.completed_at - t.started_at) - coalesce((
        SELECT sum(extract(epoch FROM least(t.completed_at, off.day_end)
                                     - greatest(t.started_at, off.day_start)))
          FROM (SELECT d::date AS day,
                       d::date::timestamp AT TIME ZONE 'Asia/Riyadh' AS day_start,
                       (d::date + 1)::timestamp AT TIME ZONE 'Asia/Riyadh' AS day_end
                  FROM generate_series((t.started_at AT TIME ZONE 'Asia/Riyadh')::date,
                                       (t.completed_at AT TIME ZONE 'Asia/Riyadh')::date,
                                       interval '1 day') AS d) AS off
         WHERE NOT ((extract(isodow FROM off.day)::int - 1) = ANY(%(weekdays)s::int[]))
            OR off.day = ANY(%(holidays)s::date[])), 0)
"""

# The raw aggregate: one row per (hour, service, provider, channel) of transactions started
# in [%(start)s, %(end)s); a survey counts as satisfied from the rating its season's policy
# names (%(satisfied_from)s, so the range lies in one Hijri year). `timed` gives each row its
# processing time (decisions only: completed or refused) and its target: N working days are
# N x 86,400 working seconds, "immediate" is the season policy's %(immediate)s seconds. It
# groups twice: first by bucket and processing-time bin with plain counters, then the few
# rows per bucket into the histogram. `over_target` counts the decisions slower than their
# target, as the e-service's target stood when the bucket was computed.
HOURLY_SELECT = f"""
    WITH timed AS (
        SELECT t.started_at, t.service_id, t.provider_id, t.channel, t.outcome, s.rating,
               CASE WHEN t.outcome IN ('completed', 'refused') THEN
                    CASE WHEN e.processing_working_days > 0 THEN {WORKING_SECONDS}
                         ELSE extract(epoch FROM t.completed_at - t.started_at) END
               END::float8 AS seconds,
               CASE WHEN e.processing_working_days > 0
                    THEN e.processing_working_days * 86400
                    ELSE %(immediate)s END AS target
          FROM sla_transaction t
          JOIN portal_eservice e ON e.id = t.service_id
          LEFT JOIN sla_survey s ON s.transaction_id = t.id
         WHERE t.started_at >= %(start)s AND t.started_at < %(end)s
    ), binned AS (
        SELECT date_trunc('hour', started_at) AS hour, service_id, provider_id, channel,
               width_bucket(seconds, {_BOUNDS}) AS bin,
               count(*) AS started,
               count(*) FILTER (WHERE outcome = 'completed') AS completed,
               count(*) FILTER (WHERE outcome <> 'pending') AS decided,
               count(rating) AS surveys,
               count(*) FILTER (WHERE rating >= %(satisfied_from)s) AS satisfied,
               count(*) FILTER (WHERE seconds > target) AS over_target
          FROM timed
         GROUP BY 1, 2, 3, 4, 5
    )
    SELECT hour, service_id, provider_id, channel,
           sum(started) AS started, sum(completed) AS completed, sum(decided) AS decided,
           CASE WHEN channel = 'online' THEN sum(started) ELSE 0 END AS online,
           sum(surveys) AS surveys, sum(satisfied) AS satisfied,
           sum(over_target) AS over_target,
           {_HISTOGRAM} AS processing
      FROM binned
     GROUP BY 1, 2, 3, 4
"""

_COLUMNS = "service_id, provider_id, channel, " + ", ".join(COUNTERS) + ", processing"
_SUMS = ", ".join(f"sum({c})" for c in COUNTERS) + ", ARRAY[" + ",".join(
    f"sum(processing[{i}])" for i in range(1, HISTOGRAM_SIZE + 1)) + "]::int[]"

HOURLY_REPLACE = f"""
    DELETE FROM sla_hourlyrollup WHERE hour >= %(start)s AND hour < %(end)s;
    INSERT INTO sla_hourlyrollup (hour, {_COLUMNS}) {HOURLY_SELECT};
"""
DAILY_REPLACE = f"""
    DELETE FROM sla_dailyrollup WHERE day >= %(first_day)s AND day <= %(last_day)s;
    INSERT INTO sla_dailyrollup (day, {_COLUMNS})
    SELECT (hour AT TIME ZONE 'Asia/Riyadh')::date, service_id, provider_id, channel, {_SUMS}
      FROM sla_hourlyrollup WHERE hour >= %(start)s AND hour < %(end)s
     GROUP BY 1, 2, 3, 4;
"""
PROBE_REPLACE = """
    DELETE FROM sla_proberollup WHERE hour >= %(start)s AND hour < %(end)s;
    INSERT INTO sla_proberollup (hour, service_id, up, down, maintenance, closed)
    SELECT date_trunc('hour', minute), service_id,
           count(*) FILTER (WHERE status = 'up'), count(*) FILTER (WHERE status = 'down'),
           count(*) FILTER (WHERE status = 'maintenance'),
           count(*) FILTER (WHERE status = 'closed')
      FROM sla_probe WHERE minute >= %(start)s AND minute < %(end)s
     GROUP BY 1, 2;
"""


def day_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """The UTC instants around Riyadh days first_day..last_day (inclusive)."""
    start = datetime.combine(first_day, time(), RIYADH).astimezone(UTC)
    end = datetime.combine(last_day + timedelta(days=1), time(), RIYADH).astimezone(UTC)
    return start, end


def riyadh_day(moment: datetime) -> date:
    return moment.astimezone(RIYADH).date()


def _lock(cursor) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    tune(cursor)


def tune(cursor) -> None:
    """Session settings of a rollup transaction: JIT compilation cost more than half of a
    month's rebuild on the benchmark (it is chosen for big estimated costs, and each
    statement pays it again), and the group sort should stay in memory."""
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL work_mem = '64MB'")


def replace_days(first_day: date, last_day: date) -> None:
    """Recompute every bucket (hourly, daily, probes) of Riyadh days first_day..last_day."""
    start, end = day_bounds(first_day, last_day)
    params = {"start": start, "end": end, "first_day": first_day, "last_day": last_day}
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        _hourly_replace(cursor, start, end)
        cursor.execute(PROBE_REPLACE, params)
        cursor.execute(DAILY_REPLACE, params)
        bump(FIGURES_VERSION)


def replace_hours(hours: list[datetime]) -> None:
    """Recompute the given UTC hours and then the Riyadh days that hold them."""
    if not hours:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        for start, end in _ranges(hours):
            _hourly_replace(cursor, start, end)
            cursor.execute(PROBE_REPLACE, {"start": start, "end": end})
        for day in sorted({riyadh_day(hour) for hour in hours}):
            start, end = day_bounds(day, day)
            cursor.execute(DAILY_REPLACE, {"start": start, "end": end,
                                           "first_day": day, "last_day": day})
        bump(FIGURES_VERSION)


def _hourly_replace(cursor, start: datetime, end: datetime) -> None:
    """The hourly buckets of [start, end), one statement per Hijri year it covers, each with
    the satisfied-from rating and the "immediate" threshold of that season's policy, and the
    working calendar (read once here, not per row)."""
    weekdays, holidays = week_and_holidays(working_calendar())
    for part_start, part_end, year in _hijri_years(start, end):
        policy = policy_get(year=year)
        cursor.execute(HOURLY_REPLACE, {
            "start": part_start, "end": part_end,
            "satisfied_from": policy.satisfied_from_rating,
            "immediate": policy.immediate_seconds,
            "weekdays": sorted(weekdays), "holidays": sorted(holidays)})


def _hijri_years(start: datetime, end: datetime) -> list[tuple[datetime, datetime, int]]:
    """[start, end) cut at each 1 Muharram (a Riyadh midnight, so on a whole UTC hour)."""
    parts = []
    while start < end:
        year = to_hijri(start).year
        next_year = datetime.combine(from_hijri(year + 1, 1, 1), time(), RIYADH).astimezone(UTC)
        parts.append((start, min(end, next_year), year))
        start = next_year
    return parts


def _ranges(hours: list[datetime]) -> list[tuple[datetime, datetime]]:
    """Adjacent hours merged into [start, end) ranges, so each range is one index scan."""
    ranges: list[list[datetime]] = []
    for hour in sorted(set(hours)):
        if ranges and ranges[-1][1] == hour:
            ranges[-1][1] = hour + timedelta(hours=1)
        else:
            ranges.append([hour, hour + timedelta(hours=1)])
    return [(start, end) for start, end in ranges]
