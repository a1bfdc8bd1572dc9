"""What a request says is what happens: one Idempotency-Key store for every endpoint that
changes something (portal/idempotency.py).

The same key with the same request gets the first answer, status and body, whatever changed
since; with a different request it is refused (422, translated) and nothing happens. A client
error is kept and replayed; a server error or a crash releases the key so the retry runs
again; a twin still running is waited for, then answered 409 in_progress with Retry-After.
"""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from packages.models import PaymentAttempt
from permits.models import Booking, Slot, WaitlistEntry
from portal.idempotency import MESSAGES, claim_or_answer, fingerprint, idempotent
from portal.models import IdempotencyKey
from portal.services import idempotency_keys_purge
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import ordered_contract, package_on_sale_today
from tests.factories.permits import SlotFactory, wall_clock_slot

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"
WAITLIST = "/api/v1/permits/waitlist/"


def book(client, slot, key, language="en", **changes):
    body = {"slot": slot.pk, "accept_instructions": True, "companions": [], **changes}
    return client.post(BOOKINGS, body, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language, HTTP_IDEMPOTENCY_KEY=key)


def pay(client, contract, key, card_token="tok_ok"):
    return client.post(f"/api/v1/packages/contracts/{contract.pk}/pay/",
                       {"card_token": card_token}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en", HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=5)


@pytest.fixture
def contract(pilgrim):
    return ordered_contract(pilgrim=pilgrim, package=package_on_sale_today(),
                            now=timezone.now())


# --- A different request under the same key -------------------------------------------------

def test_the_same_key_with_another_request_is_refused_and_changes_nothing(
        app_client, pilgrim, slot, rawdah_men):
    other_slot = SlotFactory(service=rawdah_men, starts_at=slot.starts_at + timedelta(hours=1),
                             ends_at=slot.ends_at + timedelta(hours=1), capacity=5)
    client = app_client(pilgrim)
    first = book(client, slot, "k-1")

    english = book(client, other_slot, "k-1")
    arabic = book(client, other_slot, "k-1", language="ar")

    assert first.status_code == 201, first.content
    assert english.status_code == arabic.status_code == 422
    with translation.override("en"):
        assert english.json() == {"code": "key_reused",
                                  "detail": str(MESSAGES["key_reused"][1])}
    with translation.override("ar"):
        assert arabic.json()["detail"] == str(MESSAGES["key_reused"][1])
    assert arabic.json()["detail"] != english.json()["detail"]
    assert Booking.objects.filter(user=pilgrim).count() == 1
    other_slot.refresh_from_db()
    assert other_slot.remaining == 5
    # Keys are the user's own: someone else's "k-1" is a key of theirs, and books.
    assert book(app_client(PilgrimFactory(gender="male")), other_slot, "k-1").status_code == 201


def test_a_payment_retried_with_another_card_under_the_same_key_charges_nothing(
        app_client, pilgrim, contract, payment_gateway):
    client = app_client(pilgrim)
    declined = pay(client, contract, "pay-1", card_token="tok_declined")

    other_card = pay(client, contract, "pay-1", card_token="tok_ok")

    assert declined.status_code == 402, declined.content
    assert (other_card.status_code, other_card.json()["code"]) == (422, "key_reused")
    assert len(payment_gateway.state.charges) == 1
    assert PaymentAttempt.objects.filter(instalment__contract=contract).count() == 1
    contract.refresh_from_db()
    assert contract.status == "ordered"


# --- The same request again -----------------------------------------------------------------

def test_the_same_request_again_gets_the_first_answer_whatever_changed_since(
        app_client, pilgrim, slot):
    client = app_client(pilgrim)
    first = book(client, slot, "k-2")
    client.post(f"{BOOKINGS}{first.json()['id']}/cancel/")

    again = book(client, slot, "k-2")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.json()["status"] == "booked"
    assert again["Idempotent-Replayed"] == "true"
    assert Booking.objects.filter(user=pilgrim).count() == 1


def test_a_client_error_is_kept_and_replayed(app_client, pilgrim, slot):
    """The slot still has seats, so joining its waiting list is refused; the retry gets the
    same refusal even once the slot is full, and joins nothing."""
    client = app_client(pilgrim)
    body = {"slot": slot.pk, "companions": []}
    refused = client.post(WAITLIST, body, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="en", HTTP_IDEMPOTENCY_KEY="join-1")
    Slot.objects.filter(pk=slot.pk).update(remaining=0)  # booked up meanwhile

    again = client.post(WAITLIST, body, content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="en", HTTP_IDEMPOTENCY_KEY="join-1")

    assert (refused.status_code, refused.json()["code"]) == (400, "waitlist_not_full")
    assert (again.status_code, again.json()) == (400, refused.json())
    assert not WaitlistEntry.objects.filter(user=pilgrim).exists()


def test_a_declined_payment_is_replayed_without_charging_again(app_client, pilgrim, contract,
                                                               payment_gateway):
    client = app_client(pilgrim)
    declined = pay(client, contract, "pay-2", card_token="tok_declined")

    again = pay(client, contract, "pay-2", card_token="tok_declined")

    assert (again.status_code, again.json()) == (402, declined.json())
    assert len(payment_gateway.state.charges) == 1


def test_a_server_error_releases_the_key_so_the_retry_runs(app_client, pilgrim, contract,
                                                            settings, request):
    with socket.socket() as closed:  # a port nothing listens on: the gateway is down
        closed.bind(("127.0.0.1", 0))
        settings.PAYMENT_GATEWAY_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"
    client = app_client(pilgrim)
    down = pay(client, contract, "pay-3")
    request.getfixturevalue("payment_gateway")  # the gateway is back

    retried = pay(client, contract, "pay-3")
    replayed = pay(client, contract, "pay-3")

    assert (down.status_code, down.json()["code"]) == (503, "gateway_unavailable")
    assert retried.status_code == 200, retried.content
    assert "Idempotent-Replayed" not in retried  # it ran: the 503 was not kept
    assert retried.json()["status"] == "permit_requested"
    assert (replayed.status_code, replayed.json()) == (200, retried.json())
    assert replayed["Idempotent-Replayed"] == "true"


class CrashesOnce(APIView):
    """An endpoint whose first run dies with an error DRF does not answer (test only)."""

    runs = 0

    @idempotent("tests.crashes_once")
    @extend_schema(request=None, responses={201: None})
    def post(self, request):
        type(self).runs += 1
        if type(self).runs == 1:
            raise RuntimeError("the process failed halfway")
        return Response({"run": type(self).runs}, status=201)


def test_a_crash_releases_the_key_so_the_retry_runs(pilgrim):
    def call():
        request = APIRequestFactory().post("/crashes-once/", {}, format="json",
                                           HTTP_IDEMPOTENCY_KEY="crash-1")
        force_authenticate(request, user=pilgrim)
        return CrashesOnce.as_view()(request)

    with pytest.raises(RuntimeError):
        call()
    assert not IdempotencyKey.objects.filter(key="crash-1").exists()

    retried, replayed = call(), call()

    assert (retried.status_code, retried.data) == (201, {"run": 2})
    assert (replayed.status_code, replayed.data) == (201, {"run": 2})
    assert CrashesOnce.runs == 2


# --- A twin still running -------------------------------------------------------------------

def running_twin(user, slot, key):
    """The claim a first request with this body holds while it runs."""
    body = {"slot": slot.pk, "accept_instructions": True, "companions": []}
    twin = Request(APIRequestFactory().post(BOOKINGS, body, format="json"),
                   parsers=[JSONParser()])
    return claim_or_answer(user_id=user.pk, scope="permits.booking", key=key,
                           print_=fingerprint(twin))


def test_a_request_whose_twin_is_still_running_waits_then_answers_in_progress(
        app_client, pilgrim, slot, settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.3
    running_twin(pilgrim, slot, "k-3")
    client = app_client(pilgrim)

    started = timezone.now()
    answer = book(client, slot, "k-3", language="ar")

    assert timezone.now() - started >= timedelta(seconds=0.3)
    assert answer.status_code == 409
    assert answer.json()["code"] == "in_progress"
    with translation.override("ar"):
        assert answer.json()["detail"] == str(MESSAGES["in_progress"][1] % {"seconds": 1})
    assert answer["Retry-After"] == "1"
    assert not Booking.objects.filter(user=pilgrim).exists()


def test_a_claim_abandoned_by_a_dead_process_is_taken_over(app_client, pilgrim, slot,
                                                           settings):
    running_twin(pilgrim, slot, "k-4")
    IdempotencyKey.objects.filter(key="k-4").update(
        claimed_at=timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_ABANDONED_SECONDS + 1))

    answer = book(app_client(pilgrim), slot, "k-4")

    assert answer.status_code == 201, answer.content
    assert IdempotencyKey.objects.get(key="k-4").status_code == 201


def test_a_key_longer_than_the_rows_keep_is_refused(app_client, pilgrim, slot):
    answer = book(app_client(pilgrim), slot, "k" * 101)

    assert (answer.status_code, answer.json()["code"]) == (400, "key_too_long")
    assert not Booking.objects.filter(user=pilgrim).exists()


# --- Retention and documentation ------------------------------------------------------------

def test_keys_older_than_the_retention_are_purged(pilgrim, slot, settings):
    settings.IDEMPOTENCY_RETENTION_HOURS = 24
    running_twin(pilgrim, slot, "old")
    running_twin(pilgrim, slot, "recent")
    IdempotencyKey.objects.filter(key="old").update(
        claimed_at=timezone.now() - timedelta(hours=25))

    assert idempotency_keys_purge() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]


IDEMPOTENT_ENDPOINTS = [
    "/api/v1/permits/bookings/", "/api/v1/permits/hajj-requests/",
    "/api/v1/permits/vehicle-permits/", "/api/v1/permits/waitlist/",
    "/api/v1/packages/contracts/", "/api/v1/packages/contracts/{id}/pay/",
    "/api/v1/packages/contracts/{id}/cancel/",
]


def test_every_idempotent_endpoint_documents_the_header_and_its_answers(client, plain_http):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    for path in IDEMPOTENT_ENDPOINTS:
        operation = schema["paths"][path]["post"]
        headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        # Beside it, a release's queue pass (Queue-Pass) on the booking and waiting-list posts.
        assert "Idempotency-Key" in headers, path
        assert {"409", "422"} <= set(operation["responses"]), path

