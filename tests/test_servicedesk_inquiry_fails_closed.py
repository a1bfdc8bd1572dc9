"""The public inquiry's limit fails closed: while Redis, which keeps the guessers' failure
counts, is down, no inquiry is answered (a translated 503), so guesses never go unlimited."""

import pytest

from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file

pytestmark = pytest.mark.django_db

URL = "/api/v1/servicedesk/inquiry/"


def ask(client, desk_request, language="en"):
    return client.post(URL, {"reference": desk_request.reference,
                             "identity_or_phone": desk_request.filed_id_number},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def test_with_redis_down_the_inquiry_is_refused_in_the_api(client, redis_down):
    response = ask(client, desk_request_file(user=PilgrimFactory(), subject="Visa"))

    assert response.status_code == 503
    assert response.json() == {
        "code": "inquiry_unavailable",
        "detail": "The inquiry is briefly unavailable, try again in a minute."}


def test_the_refusal_is_translated(client, redis_down):
    response = ask(client, desk_request_file(user=PilgrimFactory(), subject="Visa"), "ar")

    assert response.json()["detail"] == "الاستعلام غير متاح مؤقتاً، حاول مرة أخرى بعد دقيقة."


def test_the_page_says_so_too(client, redis_down):
    desk_request = desk_request_file(user=PilgrimFactory(), subject="Visa")
    response = client.post("/servicedesk/inquiry/", {
        "reference": desk_request.reference, "identity_or_phone": desk_request.filed_id_number},
        HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert "The inquiry is briefly unavailable" in response.content.decode()


def test_with_redis_up_the_same_inquiry_is_answered(client):
    assert ask(client, desk_request_file(user=PilgrimFactory(), subject="Visa")).status_code == 200
