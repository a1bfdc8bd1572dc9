"""A cProfile of one read, in-process, on this tree: where its CPU goes.

    python bench/reads/profile_read.py /permits/mine/ [--requests 50] [--top 40]

Sets up as measure.py does (the benchmark's database, the demo data, the demo pilgrim with
four booked permits, signed in for /permits/mine/), warms up with three requests, then
profiles `--requests` requests by CPU time (time.process_time) and prints the top functions
by cumulative and by own time.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--language", default="ar")
    args = parser.parse_args()
    tree = HERE.parents[1]
    sys.path.insert(0, str(tree))
    sys.path.insert(0, str(tree / "bench" / "booking"))
    import run as booking_bench

    env, name, url = booking_bench.bench_env()
    os.environ.update(env)
    os.chdir(tree)
    if os.environ.get("BENCH_SKIP_SETUP") != "1":
        measure.ensure_database(url, name, tree)
    import django

    django.setup()
    from hajjportal.wsgi import application as app

    _permits, cookie = measure.pilgrim_with_permits()
    query = ""
    if "?" in args.path:
        args.path, query = args.path.split("?", 1)
    make = lambda: measure.environ(args.path, query=query, language=args.language,  # noqa: E731
                                   cookie=cookie if args.path.startswith("/permits/") else "")
    for _ in range(3):
        measure.call(app, make(), "200")
    envs = [make() for _ in range(args.requests)]
    profiler = cProfile.Profile(time.process_time)
    cpu = time.process_time()
    profiler.enable()
    for one in envs:
        measure.call(app, one, "200")
    profiler.disable()
    cpu = time.process_time() - cpu
    print(f"{args.path}: {cpu / args.requests * 1000:.2f} CPU ms/request under cProfile")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
