"""Redis killed during signed-in traffic: no 5xx, and the SMS of the bookings made meanwhile
go out once Redis is back, each exactly once.

Real processes: a private redis-server (never the shared one), gunicorn, a Celery worker
with beat, the fake SMS gateway without deduplication (so a double send would show). The
control run, with the degrading cache switched off (CACHE_DEGRADE=0), shows the 500s.
"""

import json
import subprocess
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from tests import servers
from tests.factories.accounts import PilgrimFactory
from tests.servers import free_port, wait_for_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_SERVER = "/usr/bin/redis-server"
PILGRIMS = 3
OUTAGE_SECONDS = 4
SEATS = 50  # more than the pilgrims book: none is refused as sold out
SMS_SETTINGS = {"SMS_REDISPATCH_AFTER_SECONDS": 1, "SMS_GATEWAY_TIMEOUT": 2,
                "SMS_SENDING_LEASE_MARGIN_SECONDS": 1, "SMS_RETRY_BASE_SECONDS": 1}

if not Path(REDIS_SERVER).exists():
    pytest.skip("needs redis-server (apt-get install redis-server)", allow_module_level=True)


class PrivateRedis:
    """A redis-server of this test alone, on a free port, without persistence (a crash
    loses what it held: the harshest case)."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = tmp_path
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self._dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.port, self.process, "redis-server")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.kill()


@pytest.fixture
def start_portal(private_redis, tmp_path):
    """start_portal(**env) -> port of a gunicorn (DEBUG off) on the private Redis."""
    running = servers.Servers(tmp_path)
    yield lambda **env: running.start(REDIS_URL=private_redis.url, **env)
    running.stop_all()


class Visitor(servers.Visitor):
    """A pilgrim of tests.servers who also signs in on the web."""

    def log_in(self):
        self.log_in_app()
        self.log_in_web()  # the same pilgrim in a browser

    def round(self, slot_id=None) -> list[int]:
        """A booking (with a slot), two reads and two signed-in pages: their statuses."""
        bookings = [self.call("POST", "/api/v1/permits/bookings/",
                              {"slot": slot_id, "companions": [], "accept_instructions": True},
                              **{"Idempotency-Key": uuid.uuid4().hex})[0]] if slot_id else []
        token, self.token = self.token, None
        pages = [self.call("GET", path)[0] for path in ("/", "/permits/")]
        self.token = token
        reads = [self.call("GET", path)[0]
                 for path in ("/api/v1/permits/bookings/", "/api/v1/accounts/profile/")]
        return [*bookings, *reads, *pages]


def visitors(port, count):
    people = [Visitor(port, PilgrimFactory(gender="male")) for _ in range(count)]
    for person in people:
        person.log_in()
    return people


def test_redis_killed_during_signed_in_traffic_costs_no_5xx_and_no_sms(
    private_redis, start_portal, start_celery_worker, sms_gateway, settings,
    wall_clock_rawdah_slot
):
    from notifications.models import SmsMessage

    slot = wall_clock_rawdah_slot(capacity=SEATS).pk
    sms_gateway.deduplicate = False
    for name, value in SMS_SETTINGS.items():
        setattr(settings, name, value)
    start_celery_worker(beat=True, REDIS_URL=private_redis.url)
    port = start_portal()
    people = visitors(port, PILGRIMS)
    assert {status for person in people for status in person.round()} == {200}

    private_redis.kill()
    statuses, deadline = [], time.monotonic() + OUTAGE_SECONDS
    while time.monotonic() < deadline:
        for person in people:
            # Booked once; again, refused as too frequent (403), not failed.
            statuses += person.round(slot)
    probe = Visitor(port, None)
    health, readiness = probe.call("GET", "/healthz")[0], probe.call("GET", "/readyz")
    private_redis.start()

    assert [status for status in statuses if status >= 500] == []
    assert statuses.count(201) == PILGRIMS  # each booked while Redis was down
    assert health == 200
    assert readiness[0] == 503 and json.loads(readiness[1])["checks"]["redis"] is False
    rows = SmsMessage.objects.count()
    assert rows == PILGRIMS  # the permit SMS of each booking (its survey follows the visit)
    delivered = sms_gateway.wait_for_deliveries(rows, timeout=40)
    time.sleep(1)  # a double send would arrive now
    keys = Counter(body["idempotency_key"] for body in sms_gateway.delivered)
    assert len(delivered) == rows and set(keys.values()) == {1}
    assert set(keys) == set(SmsMessage.objects.values_list("idempotency_key", flat=True))


def test_control_without_the_degrading_cache_redis_down_answers_500(
    private_redis, start_portal, sms_gateway, wall_clock_rawdah_slot
):
    slot = wall_clock_rawdah_slot(capacity=SEATS).pk
    port = start_portal(CACHE_DEGRADE="0")
    person = visitors(port, 1)[0]
    private_redis.kill()

    assert 500 in person.round(slot)
