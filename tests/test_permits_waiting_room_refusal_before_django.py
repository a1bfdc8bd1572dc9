"""The pass-less booking of an open release's slot is refused before Django (hajjportal/wsgi.py,
permits/queue_refusal.py) with the answer the booking API gives: the same status, Retry-After,
body and language, without PostgreSQL. Whatever the shim cannot be sure of goes to Django,
with its body intact."""

import io
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hajjportal import wsgi
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"
DJANGO = "reached Django"
# Headers the server adds, not the application.
NOT_COMPARED = {"Date", "Server", "Connection"}


@pytest.fixture
def slot(rawdah_men, waiting_room):
    """The one seat of a release opened a second ago, its pass held by someone ahead: whoever
    joins waits, and asking again finds the same place. This process holds the release, as
    after a booking through Django."""
    slot = release_slots(rawdah_men, count=1, capacity=1)[0]
    release_of([slot], opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1)
    waiting_room.join(waiting_room.release_for_slot(slot.pk, now=timezone.now().timestamp()),
                      user_id=0, now=timezone.now().timestamp())  # someone ahead
    return slot


@pytest.fixture
def django_portal(monkeypatch):
    """Django stands in as a recorder: what reached it, body included."""
    reached = []

    def portal(environ, start_response):
        reached.append(environ["wsgi.input"].read())
        start_response("204 No Content", [])
        return [b""]

    monkeypatch.setattr(wsgi, "portal", portal)
    return reached


def environ_for(body, **headers):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": BOOKINGS, "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(),
               "wsgi.input": io.BytesIO(payload), "CONTENT_LENGTH": str(len(payload)),
               "CONTENT_TYPE": "application/json", "QUERY_STRING": ""}
    environ.update({f"HTTP_{name.upper().replace('-', '_')}": value
                    for name, value in headers.items()})
    return environ


def through_shim(environ):
    started = []
    body = b"".join(wsgi.application(environ, lambda status, headers: started.append(
        (status, headers))))
    status, headers = started[0]
    if status.startswith("204"):
        return DJANGO
    return int(status.split()[0]), dict(headers), json.loads(body)


def booking(slot):
    return {"slot": slot.pk, "companions": [], "accept_instructions": True}


@pytest.mark.parametrize("language", [{"Accept-Language": "ar"},
                                      {"Accept-Language": "en-GB,en;q=0.9"},
                                      {"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=fa"}])
def test_the_shim_answers_as_the_booking_api(app_client, slot, language):
    client = app_client(PilgrimFactory(gender="male"))
    token = client.defaults["HTTP_X_SESSION_TOKEN"]
    by_django = client.post(BOOKINGS, booking(slot), content_type="application/json",
                            headers={"Idempotency-Key": "first", **language})

    status, headers, body = through_shim(environ_for(
        booking(slot), **{"X-Session-Token": token, "Idempotency-Key": "second", **language}))

    assert by_django.status_code == status == 429
    assert body == by_django.json()
    assert body["queue"]["position"] == 1  # the same place: one per account
    assert {name: value for name, value in headers.items() if name not in NOT_COMPARED} == {
        name: value for name, value in by_django.headers.items() if name not in NOT_COMPARED}


def test_the_shim_answers_https_as_the_booking_api_and_then_http_as_it(app_client, slot):
    client = app_client(PilgrimFactory(gender="male"))
    token = client.defaults["HTTP_X_SESSION_TOKEN"]

    for n, secure in enumerate((True, False)):  # the answer's shape is kept per scheme
        by_django = client.post(BOOKINGS, booking(slot), content_type="application/json",
                                secure=secure, headers={"Idempotency-Key": f"django-{n}"})
        environ = environ_for(booking(slot), **{"X-Session-Token": token,
                                                "Idempotency-Key": f"shim-{n}"})
        environ["wsgi.url_scheme"], environ["SERVER_PORT"] = (
            ("https", "443") if secure else ("http", "80"))
        status, headers, body = through_shim(environ)

        assert by_django.status_code == status == 429
        assert body == by_django.json()
        assert body["queue"]["url"].startswith("https://" if secure else "http://")
        assert {name: value for name, value in headers.items() if name not in NOT_COMPARED} == {
            name: value for name, value in by_django.headers.items()
            if name not in NOT_COMPARED}


def test_the_shim_reads_no_database(app_login, slot):
    token = app_login(PilgrimFactory(gender="male"))

    with CaptureQueriesContext(connection) as queries:
        answer = through_shim(environ_for(booking(slot), **{"X-Session-Token": token}))

    assert answer != DJANGO and answer[0] == 429
    assert len(queries) == 0


def test_an_unknown_account_reaches_django(slot, django_portal):
    assert through_shim(environ_for(booking(slot), **{"X-Session-Token": "n" * 32})) == DJANGO


FALLING_THROUGH = {
    "a pass": (lambda slot: booking(slot), {"Queue-Pass": "anything"}),
    "an empty pass": (lambda slot: booking(slot), {"Queue-Pass": ""}),
    "a body that is not JSON": (lambda slot: b"slot=1", {}),
    "a JSON array": (lambda slot: b"[1]", {}),
    "companions": (lambda slot: {**booking(slot), "companions": [{"dependant": 1}]}, {}),
    "a field it does not know": (lambda slot: {**booking(slot), "seats": 2}, {}),
    "a slot id as text": (lambda slot: {**booking(slot), "slot": str(slot.pk)}, {}),
    "a slot in no release": (lambda slot: {**booking(slot), "slot": slot.pk + 1000}, {}),
    "an Idempotency-Key too long": (lambda slot: booking(slot), {"Idempotency-Key": "k" * 101}),
    "a query string": (lambda slot: booking(slot), {}),
    "another Accept": (lambda slot: booking(slot), {"Accept": "text/html"}),
}


@pytest.mark.parametrize("case", FALLING_THROUGH)
def test_what_the_shim_cannot_be_sure_of_reaches_django_with_its_body(
        app_login, slot, django_portal, case):
    body, headers = FALLING_THROUGH[case]
    body = body(slot)
    environ = environ_for(body, **{"X-Session-Token": app_login(PilgrimFactory()), **headers})
    if case == "a query string":
        environ["QUERY_STRING"] = "format=json"

    assert through_shim(environ) == DJANGO
    assert django_portal == [body if isinstance(body, bytes) else json.dumps(body).encode()]


def test_a_session_gone_from_the_cache_reaches_django(app_login, slot, django_portal):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    token = app_login(PilgrimFactory(gender="male"))
    cache.delete(KEY_PREFIX + token)  # in PostgreSQL only: Django reads it there

    assert through_shim(environ_for(booking(slot), **{"X-Session-Token": token})) == DJANGO


def test_a_release_before_its_prequeue_reaches_django(app_login, rawdah_men, waiting_room,
                                                      django_portal):
    slot = release_slots(rawdah_men, count=1, capacity=10)[0]
    release_of([slot], opens_at=timezone.now() + timedelta(hours=1), prequeue_minutes=15)
    assert waiting_room.release_for_slot(slot.pk, now=timezone.now().timestamp())

    answer = through_shim(environ_for(booking(slot), **{
        "X-Session-Token": app_login(PilgrimFactory(gender="male"))}))

    assert answer == DJANGO  # Django names the opening (release_not_open)


def test_a_release_this_process_has_not_read_reaches_django(app_login, slot, waiting_room,
                                                            django_portal):
    waiting_room._by_version.clear()  # edited since: the next booking through Django reads it

    answer = through_shim(environ_for(booking(slot), **{
        "X-Session-Token": app_login(PilgrimFactory(gender="male"))}))

    assert answer == DJANGO


def test_an_idempotency_key_django_has_seen_reaches_django(app_client, slot, django_portal):
    client = app_client(PilgrimFactory(gender="male"))
    token = client.defaults["HTTP_X_SESSION_TOKEN"]
    client.post(BOOKINGS, booking(slot), content_type="application/json",
                headers={"Idempotency-Key": "seen"})

    seen = through_shim(environ_for(booking(slot), **{"X-Session-Token": token,
                                                      "Idempotency-Key": "seen"}))
    new = through_shim(environ_for(booking(slot), **{"X-Session-Token": token,
                                                     "Idempotency-Key": "new"}))

    assert seen == DJANGO
    assert new[0] == 429


def test_redis_failing_reaches_django(app_login, slot, django_portal, monkeypatch):
    from permits import waiting_room

    token = app_login(PilgrimFactory(gender="male"))

    def down(*args, **kwargs):
        raise waiting_room.QueueUnavailable("down")

    monkeypatch.setattr(waiting_room, "join_many", down)

    assert through_shim(environ_for(booking(slot), **{"X-Session-Token": token})) == DJANGO


def test_a_session_cookie_without_the_csrf_token_reaches_django(client, slot, django_portal):
    user = PilgrimFactory(gender="male")
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    assert through_shim(environ_for(booking(slot), Cookie=cookie)) == DJANGO


def test_a_session_cookie_with_the_csrf_token_is_answered(client, slot, waiting_room):
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    user = PilgrimFactory(gender="male")
    client.force_login(user)
    token = get_token(RequestFactory().get("/"))
    cookie = (f"{settings.SESSION_COOKIE_NAME}="
              f"{client.cookies[settings.SESSION_COOKIE_NAME].value}; "
              f"{settings.CSRF_COOKIE_NAME}={token}")

    status, _headers, body = through_shim(environ_for(booking(slot), Cookie=cookie,
                                                      **{"X-CSRFToken": token}))

    assert status == 429
    release = waiting_room.release_for_slot(slot.pk, now=timezone.now().timestamp())
    assert body["queue"]["url"].endswith(
        waiting_room.poll_path(release_id=release.id, user_id=user.pk))
