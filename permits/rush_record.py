"""The line bench/rush/run.py appends for each run with the waiting room, and that
`manage.py record_rush_figures` loads into `permits.RushMeasurement`: its fields and the
targets of issue #21 it is judged by. One source for both sides of the hand-off (the bench
runs on a PostgreSQL of its own and never touches the portal's), so it imports nothing of
Django: the bench reads it before Django is set up.

A line is one JSON object:

    {"measured_at": "2026-12-07T10:15:02+00:00", "host": "bench-1", "admit_per_second": 100,
     "pilgrims": 5000, "seats": 500, "arrival_seconds": 10.0, "web_cores": 1,
     "booking_p99_ms": 60.2, "poll_p99_ms": 44.0, "sold_out_notice_s": 1.9,
     "inversions_percent": 0.0, "oversell": 0, "errors": 0, "seats_sold": 500,
     "targets_met": true}

`errors` counts 5xx answers, timeouts, connection errors and pilgrims who gave up waiting.
"""

# Each field and the JSON type of its value (a float field takes an integer too).
FIELDS = {
    "measured_at": str,  # ISO 8601 with its offset, UTC: when the run ended
    "host": str,  # the machine's name (socket.gethostname())
    "admit_per_second": int,  # the release's admission rate in the run
    "pilgrims": int,
    "seats": int,
    "arrival_seconds": float,  # the pilgrims arrived uniformly within this
    "web_cores": int,  # cores gunicorn (and the front server beside it) were pinned to
    "booking_p99_ms": float,  # of the pilgrims who got a seat
    "poll_p99_ms": float,
    "sold_out_notice_s": float,  # last seat sold until every waiting client saw sold_out
    "inversions_percent": float,  # arrived after the opening, overtaken by a later arrival
    "oversell": int,
    "errors": int,
    "seats_sold": int,
    "targets_met": bool,
}

# Issue #21's targets for a run with the waiting room.
POLL_P99_MS = 100  # under
BOOKING_P99_MS = 250  # under, for the admitted
SOLD_OUT_NOTICE_S = 2.0  # within
INVERSIONS_PERCENT = 1.0  # under


def targets_met(*, seats: int, seats_sold: int, oversell: int, server_errors: int,
                timeouts: int, connection_errors: int, poll_p99_ms: float,
                inversions_percent: float, sold_out_notice_s: float,
                booking_p99_ms: float) -> bool:
    """Every seat sold and none twice, no 5xx, timeout or connection error, polls p99 under
    100 ms, under 1% overtaken, every waiting client told sold-out within 2 s, and the
    admitted pilgrims' bookings p99 under 250 ms."""
    return (seats_sold == seats and oversell == 0 and server_errors == 0 and timeouts == 0
            and connection_errors == 0 and poll_p99_ms < POLL_P99_MS
            and inversions_percent < INVERSIONS_PERCENT
            and sold_out_notice_s <= SOLD_OUT_NOTICE_S and booking_p99_ms < BOOKING_P99_MS)
