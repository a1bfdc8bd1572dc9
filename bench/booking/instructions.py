"""Instructions per booking, counted by valgrind: a figure that other load cannot move.

    .venv/bin/python bench/booking/instructions.py [--bookings 100] [--path request|service]

The machine's two vCPUs run at a speed that drifts by a third from one minute to the next,
so two runs of run.py or cost.py can disagree by more than a change makes. Callgrind counts
the instructions the process executes (user space, not the kernel's), the same for the same
code, whatever else the machine does: two runs of the same code agree within 1%.

The booking path runs twice under `valgrind --tool=callgrind`, once with WARM_UP bookings
and once with WARM_UP + --bookings, on fresh pilgrims prepared outside valgrind; the
difference divided by --bookings is one booking's count, start-up and warm-up cancelled out.
`--path request` drives POST /api/v1/permits/bookings/ through hajjportal.wsgi (middleware,
authentication, DRF, the service, the response); `--path service` calls
permits.booking.booking_create alone. The Celery publish of the SMS send tasks, batched
at the rush, is left out (see book_all). Needs valgrind (Debian: apt-get install valgrind).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (the benchmark's own preparation)

WARM_UP = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=100)
    parser.add_argument("--path", choices=["request", "service"], default="request")
    parser.add_argument("--book", help=argparse.SUPPRESS)  # the run under valgrind
    return parser.parse_args()


def book_all(plan_file):
    """Under valgrind: make the bookings the plan names, by the plan's path.

    The SMS send tasks wait in the process's batch past the end of the run: at the rush a
    batch carries many bookings' SMS, but under valgrind, fifty times slower, every window
    would hold one, and how many depends on the machine's speed."""
    os.environ["SMS_PUBLISH_BATCH_SECONDS"] = "3600"
    bench.django_on_bench_database(ensure=False)
    plan = json.loads(Path(plan_file).read_text())
    if plan["path"] == "service":
        from accounts.models import User
        from permits.booking import booking_create
        from permits.models import Slot

        for user in User.objects.filter(pk__in=plan["users"]).order_by("pk"):
            booking_create(acting_user=user, slot=Slot(pk=plan["slot"]), instructions_accepted=True,
                           idempotency_key=uuid.uuid4().hex)
        return
    import cost

    from hajjportal.wsgi import application

    for token in plan["tokens"]:
        cost.book(application, plan["slot"], token)


def prepare_plans(args, folder):
    """Two plans on one slot: WARM_UP bookings, and WARM_UP + --bookings others."""
    bench.django_on_bench_database()
    from django.contrib.sessions.backends.cached_db import SessionStore

    count = 2 * WARM_UP + args.bookings
    slot_id, tokens = bench.prepare(count, count)
    users = [int(SessionStore(token).load()["_auth_user_id"]) for token in tokens]
    plans = []
    for number, (start, end) in enumerate([(0, WARM_UP), (WARM_UP, count)]):
        plan = {"path": args.path, "slot": slot_id, "tokens": tokens[start:end],
                "users": users[start:end]}
        path = Path(folder) / f"plan{number}.json"
        path.write_text(json.dumps(plan))
        plans.append(path)
    return plans


def instructions(plan, folder):
    out = Path(folder) / (plan.stem + ".callgrind")
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
         __file__, "--book", str(plan)], capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if not found:
        raise SystemExit(f"valgrind printed no count:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main():
    args = parse_args()
    if args.book:
        book_all(args.book)
        return
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as folder:
        warm, measured = prepare_plans(args, folder)
        base, total = instructions(warm, folder), instructions(measured, folder)
    per_booking = (total - base) / args.bookings
    print(f"path: {args.path}   bookings: {args.bookings}   instructions per booking: "
          f"{per_booking / 1e6:.2f} million")


if __name__ == "__main__":
    main()
