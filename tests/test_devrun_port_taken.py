"""`make run` refuses, before starting anything, when its port is taken: a clear message
naming the port and RUN_PORT, and a non-zero exit (not the banner and then exit 0)."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings

from hajjportal.devrun import port_refusal


@pytest.fixture
def taken_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.fixture
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_run_on_a_taken_port_exits_non_zero_naming_the_port_before_starting_anything(
    taken_port,
):
    # Servers that are not there: had the check let it through, migrate would fail at once
    # (and its output, not the refusal, would be seen).
    env = {**os.environ, "RUN_PORT": str(taken_port), "RUN_HOST": "127.0.0.1",
           "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
           "REDIS_URL": "redis://127.0.0.1:1/0"}
    env.pop("DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "hajjportal.devrun"], env=env,
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"Port {taken_port} on 127.0.0.1 is already in use" in result.stderr
    assert "RUN_PORT=" in result.stderr
    assert "migrat" not in (result.stdout + result.stderr).lower()
    assert "The portal is at" not in result.stdout


def test_a_free_port_is_no_refusal(free_port):
    assert port_refusal("127.0.0.1", str(free_port)) is None


def test_a_taken_port_is_refused_with_a_way_to_choose_another(taken_port):
    refusal = port_refusal("127.0.0.1", str(taken_port))
    assert f"Port {taken_port}" in refusal
    assert f"RUN_PORT={taken_port + 1} make run" in refusal


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_a_run_port_that_is_no_port_number_is_refused(port):
    assert port_refusal("127.0.0.1", port) == (
        f"RUN_PORT={port!r} is not a port number (1-65535).")
