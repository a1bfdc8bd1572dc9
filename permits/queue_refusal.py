"""The waiting room's 429 before Django: the pass-less booking POST of a slot in an open
release, answered in the WSGI shim (hajjportal/wsgi.py), and in production by the front server
(permits/queue_server.py, `refusals`), with the answer the booking API gives.

At a release's opening every arrival's first request is `POST /api/v1/permits/bookings/`
without a pass, and all it gets is its place in the line (the 429 contract of permits/api.py:
`queue_response`). Through Django that is a full request (middleware, session, user row, DRF,
the idempotency claim in PostgreSQL); here it is a cache read of the session, one Redis script
and a JSON body, so that 500 arrivals a second leave the core to the polls and the bookings.

`refusal(environ)` answers only when it is certain that Django would answer the same, and
returns None (the request goes on to Django, its body intact) whenever anything is uncertain:

- not exactly a POST of a JSON object {"slot": <int>, "accept_instructions": <bool>,
  "companions": []} (companions are looked up in PostgreSQL, and other bodies may be refused
  400 first), or a query string, or an Accept other than the API's JSON;
- a Queue-Pass header (even an empty one: its owner is booking, not queueing);
- the slot is in no release this process already holds for the current version (the first
  request after a release is edited loads them, in Django), or the release's pre-queue has not
  begun (Django answers `release_not_open`);
- the account: an X-Session-Token, or the session cookie, whose session is in the cache (as
  cached_db keeps it: the same cache, key and pickled dict) and names a user and an
  authentication backend. A cookie-authenticated call must also pass DRF's CSRF check, run on
  the same request by DRF's own code, exactly as SessionAuthentication runs it;
- an Idempotency-Key that Django's booking endpoint has seen for this account (`key_recorded`
  marks it in Redis before the key is claimed in PostgreSQL), since a stored answer under it
  (a booking already made, say) is replayed before any pass is asked for; or a key too long;
- Redis cannot be asked (Django then gives its fail-closed answer), or the request is not for
  this host, or would be redirected to HTTPS.

What the shim does not check: whether the account is still active and its password unchanged
since the session was made (Django reads the user row for that). Such a session still in the
cache gets its account's one place in the line here where Django would refuse it 401/403; it
cannot book (the booking goes through Django), and the place is the account's own.

The shim only refuses: it never acts with the session beyond joining the queue, which is what
the Django path does for the same request.
"""

import io
import json
import logging
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework.authentication import SessionAuthentication

from portal import versions
from portal.idempotency import KEY_MAX_LENGTH

from . import waiting_room
from .errors import PermitError

logger = logging.getLogger(__name__)

PATH = "/api/v1/permits/bookings/"
FIELDS = frozenset({"slot", "companions", "accept_instructions"})
JSON_TYPES = ("application/json", "application/json; charset=utf-8")
ACCEPTED = ("", "*/*", "application/json")
# What the booking view allows (DRF names it in every answer's Allow header).
ALLOW = "GET, POST, HEAD, OPTIONS"


def refusal(environ) -> tuple[str, list, bytes] | None:
    """(status line, headers, body) of the 429, or None for Django to answer."""
    if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != PATH:
        return None
    return refusals([environ])[0]


@dataclass
class _Arrival:
    request: WSGIRequest
    release: waiting_room.ReleaseInfo
    user_id: int | None = None


def refusals(environs: list) -> list:
    """refusal() of each of several requests (all pass-less booking POSTs), their Redis reads
    made together: the versions once, the sessions in one read, the Idempotency-Keys in one
    pipeline and the joins in one more. The poll server answers every arrival of one turn of
    its loop so (permits/queue_server.py)."""
    answers = [None] * len(environs)
    now = time.time()
    arrivals = {}
    with versions.read_once():
        for index, environ in enumerate(environs):
            arrival = _guarded(_arrival, environ, now)
            if arrival is not None:
                arrivals[index] = arrival
    arrivals = _guarded(_with_accounts, arrivals) or {}
    if not arrivals:
        return answers
    try:
        places = waiting_room.join_many(
            [(arrival.release, arrival.user_id) for arrival in arrivals.values()], now=now)
    except waiting_room.QueueUnavailable:
        return answers  # Django gives its fail-closed answer
    for (index, arrival), place in zip(arrivals.items(), places, strict=True):
        answers[index] = _guarded(_answer, arrival.request, arrival.release, place,
                                  arrival.user_id)
    return answers


def _guarded(step, *args):
    try:
        return step(*args)
    except Exception:  # a fault here must never cost the request: Django answers it
        logger.exception("Waiting-room refusal before Django failed; Django answers")
        return None


def _body(environ) -> bytes | None:
    """The body, read once and put back for Django; None if it is not one to answer."""
    if ("HTTP_QUEUE_PASS" in environ or environ.get("QUERY_STRING")
            or environ.get("CONTENT_TYPE", "").lower() not in JSON_TYPES
            or environ.get("HTTP_ACCEPT", "") not in ACCEPTED):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if not 0 < length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _slot_of(body: bytes) -> int | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not set(data) <= FIELDS:
        return None
    slot, accept = data.get("slot"), data.get("accept_instructions", False)
    if type(slot) is not int or type(accept) is not bool or data.get("companions", []) != []:
        return None
    return slot


def _arrival(environ, now: float) -> _Arrival | None:
    """What the request's own bytes and this process's copy of the releases say: the release
    it would queue for, or None when Django must answer."""
    body = _body(environ)
    slot_id = _slot_of(body) if body is not None else None
    if slot_id is None:
        return None
    release = waiting_room.release_for_slot_held(slot_id, now=now)
    if release is None or now < release.prequeue_from:
        return None
    request = WSGIRequest(environ)
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return _Arrival(request=request, release=release)


def _with_accounts(arrivals: dict) -> dict:
    """The arrivals whose account is certain (their session in the cache, read in one go) and
    whose Idempotency-Key has no answer Django may have stored."""
    keys = {index: _session_key(arrival.request) for index, arrival in arrivals.items()}
    keys = {index: key for index, key in keys.items() if key}
    sessions = caches[settings.SESSION_CACHE_ALIAS].get_many(
        [SESSION_KEY_PREFIX + key for key in keys.values()]) if keys else {}
    found = {}
    for index, key in keys.items():
        arrival = arrivals[index]
        arrival.user_id = _session_user(sessions.get(SESSION_KEY_PREFIX + key))
        if arrival.user_id is not None and _csrf_passed(arrival.request):
            found[index] = arrival
    seen = _keys_seen(found)
    return {index: arrival for index, arrival in found.items() if index not in seen}


def _session_key(request) -> str | None:
    """The X-Session-Token first, then the session cookie, as the API's authentication looks
    for them."""
    key = request.META.get("HTTP_X_SESSION_TOKEN")
    if key is None:
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or len(key) < 8:  # SessionBase's own test of a key
        return None
    return key


def _csrf_passed(request) -> bool:
    """A cookie-authenticated call must pass DRF's CSRF check, run by DRF's own code exactly
    as SessionAuthentication runs it (Django refuses it 403 before any queue is joined)."""
    if request.META.get("HTTP_X_SESSION_TOKEN") is not None:
        return True
    try:
        SessionAuthentication().enforce_csrf(request)
    except PermissionDenied:
        return False
    return True


def _session_user(session) -> int | None:
    if not isinstance(session, dict):
        return None  # not in the cache (or the cache is down): Django reads PostgreSQL
    user_id = session.get(SESSION_KEY)
    if (not session.get(HASH_SESSION_KEY)
            or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS):
        return None
    try:
        return int(user_id)
    except (TypeError, ValueError):
        return None


def _keys_seen(arrivals: dict) -> set:
    """The arrivals whose Idempotency-Key may have an answer stored by Django (or Redis can't
    say), asked in one pipeline."""
    keyed = {index: arrival.request.META.get("HTTP_IDEMPOTENCY_KEY", "")
             for index, arrival in arrivals.items()}
    keyed = {index: key for index, key in keyed.items() if key}
    seen = {index for index, key in keyed.items() if len(key) > KEY_MAX_LENGTH}
    asked = [index for index in keyed if index not in seen]  # too long: Django refuses it
    if not asked:
        return seen
    try:
        with waiting_room.client().pipeline(transaction=False) as pipe:
            for index in asked:
                pipe.exists(_key_name(arrivals[index].user_id, keyed[index]))
            answers = pipe.execute()
    except redis.RedisError:
        return seen | set(asked)
    return seen | {index for index, found in zip(asked, answers, strict=True) if found}


def _answer(request, release, place, user_id):
    """The 429 as permits.api.queue_response and the API's middleware give it."""
    language = translation.get_language_from_request(request)
    status_line, headers, detail = _shape(language, request.is_secure())
    url = request.build_absolute_uri(
        waiting_room.poll_path(release_id=release.id, user_id=user_id))
    payload = json.dumps(
        {"code": "queue", "detail": detail,
         "queue": {"url": url, "position": place.position,
                   "estimated_wait_s": place.estimated_wait_s,
                   "retry_after_ms": place.retry_after_ms}},
        ensure_ascii=False, separators=(",", ":")).encode()
    varying = {"Retry-After": str(max(1, place.retry_after_s)),
               "Content-Length": str(len(payload))}
    return status_line, [(name, varying.get(name, value)) for name, value in headers], payload


# (language, secure) -> the 429's status line, headers and detail: what Django's code gives
# for every 429 of that language and scheme (its Retry-After and Content-Length aside), made
# once, as an arrival would otherwise make them again at about a tenth of a millisecond each.
_shapes: dict = {}


def _shape(language: str, secure: bool) -> tuple[str, list, str]:
    found = _shapes.get((language, secure))
    if found is None:
        found = _shapes[(language, secure)] = _shape_made(language, secure)
    return found


def _shape_made(language: str, secure: bool) -> tuple[str, list, str]:
    with translation.override(language):
        detail = str(PermitError("queue").message)
    request = HttpRequest()
    request.is_secure = lambda: secure
    response = HttpResponse(b"", status=429, content_type="application/json")
    response.headers["Retry-After"] = "1"
    response.headers["Allow"] = ALLOW
    _MIDDLEWARE_HEADERS(request, response)
    patch_vary_headers(response, ("Accept-Language",))  # LocaleMiddleware
    response.headers["Content-Language"] = language
    patch_vary_headers(response, ("Cookie",))  # SessionMiddleware (the session was read)
    response.headers["Content-Length"] = "0"  # CommonMiddleware
    return f"429 {response.reason_phrase}", list(response.items()), detail


@receiver(setting_changed)
def _shapes_forgotten(**_kwargs):
    _shapes.clear()


def _middleware_headers():
    """The security headers the API's middleware adds to every answer, by its own code."""
    security = SecurityMiddleware(lambda request: None)
    frames = XFrameOptionsMiddleware(lambda request: None)

    def add(request, response):
        frames.process_response(request, response)
        security.process_response(request, response)

    return add


_MIDDLEWARE_HEADERS = _middleware_headers()


# --- The Idempotency-Keys the booking endpoint has seen ------------------------------------

def _key_name(user_id: int, key: str) -> str:
    return f"permits:idem:{user_id}:{key}"


def _key_seconds() -> int:
    """As long as portal.idempotency keeps the key: its retention, and until the hourly purge
    runs after it."""
    purge = settings.CELERY_BEAT_SCHEDULE["portal-purge-idempotency-keys"]["schedule"]
    return int(settings.IDEMPOTENCY_RETENTION_HOURS * 3600 + purge.total_seconds())


def key_recorded(user_id: int, key: str) -> None:
    """The booking view's Idempotency-Key, marked in Redis just before portal.idempotency
    claims it in PostgreSQL (@idempotent's before_claim), so the shim sends a retry under it
    to Django (which replays what is stored) instead of answering 429. Redis down: logged; a
    pass-less retry of that key during a release may then get its place in the line."""
    try:
        waiting_room.client().set(_key_name(user_id, key), 1, ex=_key_seconds())
    except redis.RedisError:
        logger.warning("Idempotency-Key of user %s not marked for the waiting room", user_id)
