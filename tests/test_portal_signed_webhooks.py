"""Every webhook the portal receives is signed one way (portal/signing.py): HMAC-SHA256 of
"<X-Timestamp>.<raw body>" with one of the sender's secrets, in X-Signature, and dated within
SIGNED_WEBHOOK_WINDOW_SECONDS of our clock. Anything else is refused with a reason's code.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import path
from django.utils import translation
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.signing import (
    HasValidSignature,
    SignatureError,
    Verified,
    sign,
    signed_by,
    verify,
)

NOW = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
SECRET = "authority-secret-2026"
NEXT_SECRET = "authority-secret-2027"
BODY = json.dumps({"event_id": "ev-1", "event": "printed", "request": "HJ-1447-000123"}).encode()


def refusal(body, headers, secrets=(SECRET,), now=NOW, **options):
    with pytest.raises(SignatureError) as refused:
        verify(body, headers, list(secrets), now, **options)
    return refused.value.code


def test_a_body_signed_with_our_secret_is_verified():
    verified = verify(BODY, sign(BODY, SECRET, NOW), [SECRET], NOW)
    assert verified == Verified(signed_at=NOW, secret_index=0)


def test_the_signature_is_hmac_sha256_of_the_timestamp_a_dot_and_the_body():
    # The convention an outside system implements from the documentation alone.
    import hashlib
    import hmac

    headers = sign(b'{"a":1}', "s3cret", 1767225600)
    expected = hmac.new(b"s3cret", b'1767225600.{"a":1}', hashlib.sha256).hexdigest()
    assert headers == {"X-Timestamp": "1767225600", "X-Signature": expected}


def test_a_body_signed_with_another_secret_is_refused():
    assert refusal(BODY, sign(BODY, "someone-else", NOW)) == "bad_signature"


def test_a_body_changed_after_signing_is_refused():
    tampered = BODY.replace(b"printed", b"issued")
    assert refusal(tampered, sign(BODY, SECRET, NOW)) == "bad_signature"


def test_a_timestamp_changed_after_signing_is_refused():
    headers = sign(BODY, SECRET, NOW - timedelta(hours=1))
    headers["X-Timestamp"] = str(int(NOW.timestamp()))  # a replay passed off as fresh
    assert refusal(BODY, headers) == "bad_signature"


def test_a_signature_older_than_five_minutes_is_refused():
    assert verify(BODY, sign(BODY, SECRET, NOW - timedelta(minutes=5)), [SECRET], NOW)
    stale = sign(BODY, SECRET, NOW - timedelta(minutes=5, seconds=1))
    assert refusal(BODY, stale) == "stale_timestamp"


def test_a_timestamp_more_than_five_minutes_ahead_is_refused():
    # A sender's clock a little fast is no reason to refuse it.
    assert verify(BODY, sign(BODY, SECRET, NOW + timedelta(minutes=5)), [SECRET], NOW)
    ahead = sign(BODY, SECRET, NOW + timedelta(minutes=5, seconds=1))
    assert refusal(BODY, ahead) == "future_timestamp"


def test_a_timestamp_centuries_away_is_refused_not_an_error():
    headers = sign(BODY, SECRET, 999_999_999_999)
    assert refusal(BODY, headers) == "future_timestamp"


def test_the_window_comes_from_the_settings(settings):
    settings.SIGNED_WEBHOOK_WINDOW_SECONDS = 60
    two_minutes_old = sign(BODY, SECRET, NOW - timedelta(minutes=2))
    assert refusal(BODY, two_minutes_old) == "stale_timestamp"
    assert verify(BODY, two_minutes_old, [SECRET], NOW, window=180)


def test_during_a_rotation_the_old_and_the_new_secret_both_verify():
    rotating = [NEXT_SECRET, SECRET]
    assert verify(BODY, sign(BODY, NEXT_SECRET, NOW), rotating, NOW).secret_index == 0
    assert verify(BODY, sign(BODY, SECRET, NOW), rotating, NOW).secret_index == 1
    # Once the old one is removed, a sender still using it is refused.
    assert refusal(BODY, sign(BODY, SECRET, NOW), secrets=[NEXT_SECRET]) == "bad_signature"


@pytest.mark.parametrize("missing", ["X-Timestamp", "X-Signature"])
def test_a_request_without_either_header_is_refused(missing):
    headers = sign(BODY, SECRET, NOW)
    del headers[missing]
    assert refusal(BODY, headers) == "missing_headers"
    assert refusal(BODY, {}) == "missing_headers"


@pytest.mark.parametrize(("name", "value", "code"), [
    ("X-Timestamp", "2026-05-20T09:00:00Z", "malformed_timestamp"),
    ("X-Timestamp", "-1", "malformed_timestamp"),
    ("X-Signature", "sha256=abc", "malformed_signature"),
    ("X-Signature", "é" * 64, "malformed_signature"),
])
def test_malformed_headers_are_refused(name, value, code):
    headers = {**sign(BODY, SECRET, NOW), name: value}
    assert refusal(BODY, headers) == code


def test_header_names_are_read_in_any_case_and_the_hex_in_either():
    headers = sign(BODY, SECRET, NOW)
    lowered = {"x-timestamp": headers["X-Timestamp"],
               "x-signature": headers["X-Signature"].upper()}
    assert verify(BODY, lowered, [SECRET], NOW)


def test_without_a_configured_secret_every_request_is_refused():
    assert refusal(BODY, sign(BODY, "", NOW), secrets=[]) == "not_configured"
    assert refusal(BODY, sign(BODY, "", NOW), secrets=[""]) == "not_configured"


# --- The API: verified on the raw body, before DRF parses it -----------------------------

HOOK = "/api/v1/signed-hook/"


class EventSerializer(serializers.Serializer):
    event_id = serializers.CharField()


class SignedHookView(APIView):
    authentication_classes = [signed_by("PERMIT_AUTHORITY_WEBHOOK_SECRETS")]
    permission_classes = [HasValidSignature]

    @extend_schema(request=EventSerializer, responses=EventSerializer)
    def post(self, request):
        return Response({"received": request.data, "secret_index": request.auth.secret_index})


urlpatterns = [path(HOOK.lstrip("/"), SignedHookView.as_view())]


def post_hook(client, body, headers, language="en"):
    return client.post(HOOK, data=body, content_type="application/json",
                       headers={**headers, "Accept-Language": language})


@pytest.fixture
def hook_settings(settings):
    settings.PERMIT_AUTHORITY_WEBHOOK_SECRETS = [NEXT_SECRET, SECRET]
    return settings


@pytest.mark.urls(__name__)
def test_a_signed_request_reaches_the_view_with_its_body_parsed(client, hook_settings):
    response = post_hook(client, BODY, sign(BODY, SECRET, datetime.now(UTC)))
    assert response.status_code == 200
    assert response.json() == {"received": json.loads(BODY), "secret_index": 1}


@pytest.mark.urls(__name__)
def test_a_refused_request_answers_401_with_the_reason_in_the_one_error_shape(
        client, hook_settings):
    tampered = BODY.replace(b"printed", b"refused")
    response = post_hook(client, tampered, sign(BODY, SECRET, datetime.now(UTC)))
    assert response.status_code == 401
    assert response.json() == {"code": "bad_signature",
                               "detail": "The signature does not match the request."}
    assert response.headers["WWW-Authenticate"].startswith("HMAC-SHA256")


@pytest.mark.urls(__name__)
def test_a_refusal_reads_in_the_callers_language(client, hook_settings):
    stale = sign(BODY, SECRET, datetime.now(UTC) - timedelta(hours=1))
    response = post_hook(client, BODY, stale, language="ar")
    assert response.status_code == 401
    assert response.json()["code"] == "stale_timestamp"
    with translation.override("ar"):
        arabic = str(SignatureError("stale_timestamp", seconds=300))
    assert response.json()["detail"] == arabic
    assert "300" in arabic and not arabic.startswith("The request")


@pytest.mark.urls(__name__)
def test_an_unsigned_request_is_refused(client, hook_settings):
    response = post_hook(client, BODY, {})
    assert (response.status_code, response.json()["code"]) == (401, "missing_headers")


@pytest.mark.urls(__name__)
def test_without_configured_secrets_the_hook_answers_503(client, settings):
    settings.PERMIT_AUTHORITY_WEBHOOK_SECRETS = []
    response = post_hook(client, BODY, sign(BODY, SECRET, datetime.now(UTC)))
    assert (response.status_code, response.json()["code"]) == (503, "not_configured")


def test_the_schema_documents_the_two_headers_and_the_refusals():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS  # no "could not resolve authenticator" warning
    operation = schema["paths"][HOOK]["post"]
    assert operation["security"] == [
        {"permitAuthorityTimestamp": [], "permitAuthoritySignature": []}]
    assert {"401", "503"} <= set(operation["responses"])
    assert "403" not in operation["responses"]
    schemes = schema["components"]["securitySchemes"]
    assert {schemes[name]["name"] for name in (
        "permitAuthorityTimestamp", "permitAuthoritySignature")} == {
        "X-Timestamp", "X-Signature"}
