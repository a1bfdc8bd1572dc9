"""Reads against a booking: the server's CPU per request of six requests, this code against
a base commit, in the same run.

    .venv/bin/python bench/reads/run.py [--base COMMIT] [--requests 300] [--pairs 3]

Checks the base commit (default: where this branch left main, `git merge-base HEAD main`, or
on main itself HEAD~1; bench/base_tree.py) out into a temporary worktree, then alternates
`bench/reads/measure.py` over the two trees, `--pairs` times, each tree on a database of its
own (BENCH_DATABASE with `_base` or `_this` appended; created, migrated and given the demo
data when missing). Each measure drives the six requests in-process through the WSGI
application gunicorn serves, DEBUG off, Arabic: the booking (POST /api/v1/permits/bookings/,
one pilgrim per request), the slot list of the demo's busiest men's Rawdah day, the home
page, the package list, the public service levels and "my permits" of the demo pilgrim with
four booked permits; and prints the SQL statements of one request (those through Django's
cursor: the booking's prepared statements are not counted) and the CPU ms per request
(time.process_time of the process). Then the medians, and whether every read costs less than
a booking.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from bench import base_tree  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="", help="commit to compare with")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3)
    return parser.parse_args()


def measure(tree, label, requests):
    env = {**os.environ,
           "BENCH_DATABASE": os.environ.get("BENCH_DATABASE", "hajjportal_bench") + "_" + label,
           "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "bench") + "-reads-" + label}
    out = subprocess.run([sys.executable, str(HERE / "measure.py"), "--tree", str(tree),
                          "--requests", str(requests)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    args = parse_args()
    base, this = base_tree.base_commit(args.base), base_tree.this_commit()
    runs = {"base": [], "this": []}
    with base_tree.checked_out(base, prefix="bench-reads-") as base_root:
        for pair in range(1, args.pairs + 1):
            for label, tree in (("base", base_root), ("this", ROOT)):
                result = measure(tree, label, args.requests)
                runs[label].append(result["results"])
                print(f"=== pair {pair}: {label} ({base if label == 'base' else this}), "
                      f"{result['permits']} permits, {result['slots']} slots", flush=True)
                for what, figures in result["results"].items():
                    print(f"  {what:<34} {figures['queries']:>3} queries  "
                          f"{figures['cpu_ms']:>8.2f} CPU ms/request", flush=True)
    print(f"\nmedians of {args.pairs} runs of {args.requests} requests each, CPU ms per request")
    print(f"| request | queries base | queries this | {base} | {this} | ratio |")
    print("|---|---|---|---|---|---|")
    medians = {}
    for what in runs["this"][0]:
        b = statistics.median(run[what]["cpu_ms"] for run in runs["base"])
        t = statistics.median(run[what]["cpu_ms"] for run in runs["this"])
        medians[what] = t
        print(f"| {what} | {runs['base'][-1][what]['queries']} | "
              f"{runs['this'][-1][what]['queries']} | {b:.2f} | {t:.2f} | {t / b:.2f} |")
    booking = medians.pop("POST /api/v1/permits/bookings/")
    dearer = [what for what, cpu in medians.items() if cpu >= booking]
    print("every read cheaper than a booking" if not dearer else
          f"dearer than a booking ({booking:.2f} ms): {', '.join(dearer)}")


if __name__ == "__main__":
    main()
