"""Every limit keys on the client address the configured proxies give: one setting,
TRUSTED_PROXY_COUNT, read by allauth, DRF's throttles and accounts.limits.client_ip. With no
proxy a client-set X-Forwarded-For is ignored; behind one, only the address our proxy
appended counts."""

import json
import os
import subprocess
import sys

import pytest
from django.test import RequestFactory

from accounts.limits import client_ip

pytestmark = pytest.mark.django_db

QUOTE = "/api/v1/refunds/quote/"  # public, throttled at 30 a minute per address


def quote(client, ip="203.0.113.7", **headers):
    return client.post(QUOTE, {}, content_type="application/json", REMOTE_ADDR=ip, **headers)


def test_one_environment_variable_sets_every_library_s_proxy_count():
    code = ("import json; from django.conf import settings; print(json.dumps(["
            "settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT, "
            "settings.REST_FRAMEWORK['NUM_PROXIES']]))")
    environment = {**os.environ, "TRUSTED_PROXY_COUNT": "2",
                   "DJANGO_SETTINGS_MODULE": "hajjportal.settings"}
    output = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                            env=environment, capture_output=True, text=True, check=True)
    assert json.loads(output.stdout.strip().splitlines()[-1]) == [2, 2, 2]


def test_without_a_proxy_the_forwarded_for_header_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7",
                                   HTTP_X_FORWARDED_FOR="192.0.2.1, 192.0.2.2")
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_one_proxy_the_last_address_counts_and_a_direct_request_its_own():
    factory = RequestFactory()
    through_proxy = factory.get("/", REMOTE_ADDR="10.0.0.2",
                                HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
    direct = factory.get("/", REMOTE_ADDR="198.51.100.9")
    assert client_ip(through_proxy) == "203.0.113.7"
    assert client_ip(direct) == "198.51.100.9"


def test_a_forwarded_for_header_does_not_reset_a_drf_throttle(client):
    statuses = [quote(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
                for n in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429

