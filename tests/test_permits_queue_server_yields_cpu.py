"""The front server yields the CPU to the portal: on a shared core the admitted pilgrims'
bookings come before its cheap answers (bench/rush measures why). Linux schedules a
session's processes as one group, so a front that leads its own session lowers its group's
priority too; one started inside another session leaves that session's group alone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from permits.queue_server import NICE
from tests.fixtures.worker import django_subprocess_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("waiting_room")]

AUTOGROUP = Path("/proc/self/autogroup")


def start_front(*options, own_session=True):
    process = subprocess.Popen(
        [sys.executable, "-m", "permits.queue_server", "--bind", "127.0.0.1:0", *options],
        cwd=settings.BASE_DIR, env=django_subprocess_env(DEBUG="0"), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=own_session)
    line = process.stdout.readline()
    assert line.startswith("Waiting room polls on"), line
    return process


@pytest.fixture
def running():
    started = []

    def start(*options, **kwargs):
        started.append(start_front(*options, **kwargs))
        return started[-1]

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def nice_of(pid: int) -> int:
    # /proc/<pid>/stat: the 19th field, counted after the command's closing parenthesis.
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def ours() -> int:
    return nice_of(os.getpid())


def below_ours(steps: int) -> int:
    return min(19, ours() + steps)  # the kernel's floor


def group_of(pid: int) -> str:
    # "/autogroup-<id> nice <n>"; empty for a process in the kernel's default group (a
    # session older than autogroups, as in some containers), which has no nice to change.
    return Path(f"/proc/{pid}/autogroup").read_text().strip()


def group_nice_of(pid: int) -> int:
    return int(group_of(pid).split("nice")[1])


needs_autogroup = pytest.mark.skipif(not AUTOGROUP.exists(),
                                     reason="this kernel has no scheduler autogroups")


def test_by_default_the_front_runs_below_the_portal(running):
    front = running()

    assert NICE > 0
    assert nice_of(front.pid) == below_ours(NICE)


@needs_autogroup
def test_leading_its_own_session_it_lowers_its_group_too(running):
    front = running()

    assert group_nice_of(front.pid) == NICE


@needs_autogroup
def test_inside_another_session_it_leaves_that_group_alone(running):
    our_group = group_of(os.getpid())

    front = running("--nice", "7", own_session=False)

    assert nice_of(front.pid) == below_ours(7)
    assert group_of(front.pid) == our_group == group_of(os.getpid())


def test_nice_0_keeps_the_portal_s_priority(running):
    front = running("--nice", "0")

    assert nice_of(front.pid) == ours()
