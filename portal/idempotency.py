"""One Idempotency-Key store for every API endpoint that changes something.

A client that retries (a dropped connection, a double tap, an app that resends on resume)
sends the same `Idempotency-Key` header; what it gets back must be what the first request
got, never a second booking, and never a refusal the first request caused (today's
"too_frequent" for a booking racing its own twin). So the answer is decided here, before
the endpoint runs, not by each service after its locks:

1. Claim: `INSERT ... ON CONFLICT DO NOTHING` of (user, endpoint, key, fingerprint) with an
   empty answer, committed on its own (autocommit) before the endpoint takes any lock, so a
   twin request sees the claim at once. One round trip.
2. The key was there already: a different request under the same key (its fingerprint, a
   SHA-256 of the method, the path and the canonical JSON of the body, differs) is refused
   with 422 `key_reused`; an answered one is replayed (same status, same body); one still
   running is polled for IDEMPOTENCY_WAIT_SECONDS, then answered 409 `in_progress` with
   Retry-After. A claim older than IDEMPOTENCY_ABANDONED_SECONDS belongs to a process that
   died unanswered and is taken over.
3. The endpoint answers: a success or a client error (4xx) is stored (one round trip) and
   replayed from then on; a server error (5xx), a crash, or a "try again" refusal (409,
   429) releases the key, so the retry runs again. The endpoint's own unique keys
   (Booking.idempotency_key, WaitlistEntry's, the payment attempt's id) remain the last line
   of defence behind this store, for a process that dies between its commit and step 3.

Keys are per user and per endpoint (`scope`); rows are deleted after
IDEMPOTENCY_RETENTION_HOURS (portal.tasks.idempotency_keys_purge). A request without the
header runs exactly as before: no statement is added to it.

The endpoint must not run inside a transaction opened before it (ATOMIC_REQUESTS is off):
the claim is only seen by a twin once committed.

Usage, one line above a DRF APIView method (above its @extend_schema, which the decorator
extends with the header and the 409 and 422 answers):

    @idempotent("permits.booking")
    @extend_schema(...)
    def post(self, request): ...
"""

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.encoders import JSONEncoder

from .errors import DomainError

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
# portal.IdempotencyKey.key, and the length the rows that keep a key too (Booking, WaitlistEntry)
# hold, so a key they keep is never a cut one.
KEY_MAX_LENGTH = 100
REPLAYED_HEADER = "Idempotent-Replayed"
# Refusals that tell the client to try again (a lock wait ran out, a rate limit): replaying
# them would refuse the retry they ask for. They changed nothing, so running again is safe.
TRY_AGAIN = frozenset({409, 429})
FIRST_POLL, LONGEST_POLL = 0.02, 0.25  # seconds between reads of a running twin's claim

MESSAGES = {
    "key_reused": (422, _("This Idempotency-Key was already used for a different request: "
                          "send a new key with a new request.")),
    "in_progress": (409, _("The first request with this Idempotency-Key is still being "
                           "processed; try again in %(seconds)s seconds.")),
    "key_too_long": (400, _("The Idempotency-Key header is longer than %(max)s "
                            "characters.")),
}


class IdempotencyError(DomainError):
    messages = MESSAGES


class IdempotencyAPIError(APIException):
    """An IdempotencyError in the API's one error shape; `wait` becomes Retry-After."""

    def __init__(self, error: IdempotencyError, wait: int | None = None):
        self.status_code = error.status
        self.wait = wait
        super().__init__(detail=str(error.message), code=error.code)


class IdempotencyErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


KEY_PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_("Any unique string (a UUID) chosen by the client, at most 100 characters. "
                  "Sending the same key again with the same request returns the first "
                  "answer (status and body) instead of acting twice; with a different "
                  "request it is refused (422). Keys are kept 24 hours, per user and "
                  "endpoint."))
RESPONSES = {
    409: OpenApiResponse(IdempotencyErrorSerializer, description=_(
        "`in_progress`: the first request with this Idempotency-Key is still running "
        "(see Retry-After); or the endpoint's own conflict.")),
    422: OpenApiResponse(IdempotencyErrorSerializer, description=_(
        "`key_reused`: this Idempotency-Key came with a different request before.")),
}


# --- The store (raw SQL: one round trip each, on the booking's rush path) -------------------

_CLAIM_SQL = (
    "INSERT INTO portal_idempotencykey (user_id, scope, key, fingerprint, claimed_at) "
    "VALUES (%s, %s, %s, %s, clock_timestamp()) "
    "ON CONFLICT (user_id, scope, key) DO NOTHING RETURNING id, claimed_at")
_READ_SQL = (
    "SELECT id, fingerprint, status_code, response::text, claimed_at, "
    "claimed_at < clock_timestamp() - make_interval(secs => %s) "
    "FROM portal_idempotencykey WHERE user_id = %s AND scope = %s AND key = %s")
# The claim's time is its owner's token: a slow owner whose claim was taken over as abandoned
# can neither answer nor release the new owner's.
_TAKE_OVER_SQL = (
    "UPDATE portal_idempotencykey SET claimed_at = clock_timestamp() "
    "WHERE id = %s AND claimed_at = %s AND status_code IS NULL RETURNING id, claimed_at")
_ANSWER_SQL = (
    "UPDATE portal_idempotencykey SET status_code = %s, response = %s::jsonb, "
    "answered_at = clock_timestamp() WHERE id = %s AND claimed_at = %s")
_RELEASE_SQL = (
    "DELETE FROM portal_idempotencykey WHERE id = %s AND claimed_at = %s "
    "AND status_code IS NULL")


@dataclass(frozen=True)
class Claim:
    id: int
    claimed_at: object


def fingerprint(request) -> str:
    """SHA-256 of the method, the path and the canonical JSON of the parsed body."""
    data = request.data
    if hasattr(data, "lists"):  # a form's QueryDict: every value of every field
        data = dict(data.lists())
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(f"{request.method}\n{request.path}\n{body}".encode()).hexdigest()


def claim_or_answer(*, user_id: int, scope: str, key: str, print_: str) -> Claim | Response:
    """The claim of the key for this request, or the answer a request under it already
    got. Raises IdempotencyAPIError (key_reused, in_progress)."""
    deadline = time.monotonic() + settings.IDEMPOTENCY_WAIT_SECONDS
    pause = FIRST_POLL
    while True:
        with connection.cursor() as cursor:
            cursor.execute(_CLAIM_SQL, [user_id, scope, key, print_])
            claimed = cursor.fetchone()
            if claimed:
                return Claim(*claimed)
            cursor.execute(_READ_SQL, [settings.IDEMPOTENCY_ABANDONED_SECONDS,
                                       user_id, scope, key])
            row = cursor.fetchone()
        if row is not None:
            answer = _answer_of(row, print_)
            if answer is not None:
                return answer
        # Still running (or released between our two statements: claim again).
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            seconds = max(1, round(settings.IDEMPOTENCY_WAIT_SECONDS))
            raise IdempotencyAPIError(IdempotencyError("in_progress", seconds=seconds),
                                      wait=seconds)
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, LONGEST_POLL)


def _answer_of(row, print_) -> Claim | Response | None:
    row_id, stored_print, status_code, body, claimed_at, abandoned = row
    if stored_print != print_:
        raise IdempotencyAPIError(IdempotencyError("key_reused"))
    if status_code is not None:
        return Response(json.loads(body), status=status_code,
                        headers={REPLAYED_HEADER: "true"})
    if abandoned:
        with connection.cursor() as cursor:
            cursor.execute(_TAKE_OVER_SQL, [row_id, claimed_at])
            taken = cursor.fetchone()
        return Claim(*taken) if taken else None
    return None


def answer(claim: Claim, response) -> None:
    """Store the endpoint's answer under its key, or release the key when a retry should
    run again (a server error, a "try again")."""
    status_code = response.status_code
    try:
        with connection.cursor() as cursor:
            if status_code >= 500 or status_code in TRY_AGAIN:
                cursor.execute(_RELEASE_SQL, [claim.id, claim.claimed_at])
            else:
                body = json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False)
                cursor.execute(_ANSWER_SQL, [status_code, body, claim.id, claim.claimed_at])
    except DatabaseError:
        # The client still gets its answer; the claim stays until it counts as abandoned,
        # and the endpoint's own unique key answers the retry.
        log.exception("Could not record the answer of idempotency key %s", claim.id)


def release(claim: Claim) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(_RELEASE_SQL, [claim.id, claim.claimed_at])
    except DatabaseError:
        log.exception("Could not release idempotency key %s", claim.id)


# --- The decorator --------------------------------------------------------------------------

def idempotent(scope: str, *, before_claim=None):
    """Decorate a DRF APIView method: a request with an Idempotency-Key runs once per
    (user, scope, key); see the module's docstring. `before_claim(user_id, key)`, if given,
    is told of every key just before it is claimed (the booking's waiting room marks it)."""

    def decorate(method):
        @wraps(method)
        def handle(view, request, *args, **kwargs):
            key = request.headers.get(HEADER, "")
            if not key:
                return method(view, request, *args, **kwargs)
            if len(key) > KEY_MAX_LENGTH:
                raise IdempotencyAPIError(IdempotencyError("key_too_long", max=KEY_MAX_LENGTH))
            if before_claim is not None:
                before_claim(request.user.pk, key)
            outcome = claim_or_answer(user_id=request.user.pk, scope=scope, key=key,
                                      print_=fingerprint(request))
            if isinstance(outcome, Response):
                return outcome
            return _run_once(outcome, method, view, request, args, kwargs)

        handle.kwargs = {"schema": _documented(method)}
        return handle

    return decorate


def _run_once(claim, method, view, request, args, kwargs):
    try:
        try:
            response = method(view, request, *args, **kwargs)
        except Exception as exc:
            # The answer DRF would give (the API's error shape); what it would not answer
            # (a crash) is raised again from here.
            response = view.handle_exception(exc)
    except BaseException:
        release(claim)
        raise
    answer(claim, response)
    return response


def _documented(method):
    """The method's schema with the header and the 409 and 422 answers added."""
    base = getattr(method, "kwargs", {}).get("schema") or api_settings.DEFAULT_SCHEMA_CLASS

    class IdempotentSchema(base):
        def get_override_parameters(self):
            return [*super().get_override_parameters(), KEY_PARAMETER]

        def get_response_serializers(self):
            responses = super().get_response_serializers()
            if not isinstance(responses, dict):
                raise TypeError(f"@idempotent {method.__qualname__}: list the responses of "
                                "@extend_schema by status code")
            return {**responses, **RESPONSES}

    return IdempotentSchema
