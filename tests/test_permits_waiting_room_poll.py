"""The poll is answered before Django (hajjportal/wsgi.py): a signed token in the URL, one
Redis script, and neither PostgreSQL nor a session."""

import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hajjportal import wsgi
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


def get(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
               "wsgi.errors": io.StringIO()}
    started = []
    body = b"".join(wsgi.application(environ, lambda status, headers: started.append(
        (status, dict(headers)))))
    status, headers = started[0]
    return int(status.split()[0]), headers, json.loads(body)


def test_the_poll_reads_no_database(rawdah_men, waiting_room):
    release = waiting_room.release_info(release_of(
        release_slots(rawdah_men, count=1, capacity=5),
        opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1).pk)
    waiting_room.join(release, user_id=41, now=release.opens_at)
    waiting_room.join(release, user_id=42, now=release.opens_at)
    path = waiting_room.poll_path(release_id=release.id, user_id=42)

    with CaptureQueriesContext(connection) as queries:
        status, headers, body = get(path)

    assert len(queries) == 0
    assert status == 200
    assert body["state"] in ("waiting", "admitted")
    assert headers["Cache-Control"] == "no-store"


def test_a_token_signed_for_another_account_does_not_poll(rawdah_men, waiting_room):
    path = waiting_room.poll_path(release_id=1, user_id=42)
    forged = path.replace("/1.42:", "/1.43:")

    assert get(forged)[0] == 404
