"""Anyone holding a reference and the identity number or phone it was filed with sees its
status, and nothing else; a wrong identity looks exactly like an unknown reference; attempts
are limited per IP and per reference."""

import pytest

from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file

pytestmark = pytest.mark.django_db

URL = "/api/v1/servicedesk/inquiry/"


@pytest.fixture
def filed():
    return desk_request_file(user=PilgrimFactory(), subject="Secret subject")


def ask(client, reference, secret, ip="10.0.0.1"):
    return client.post(URL, {"reference": reference, "identity_or_phone": secret},
                       content_type="application/json", REMOTE_ADDR=ip,
                       HTTP_ACCEPT_LANGUAGE="en")


def test_the_identity_number_reveals_the_status_only(client, filed):
    response = ask(client, filed.reference.lower(), filed.filed_id_number)

    assert response.status_code == 200
    assert response.json() == {"reference": filed.reference, "status": "received",
                               "status_label": "Received, waiting for an expert"}
    assert "Secret" not in response.content.decode()


def test_the_phone_works_written_locally_or_internationally(client, filed):
    local = "0" + filed.filed_mobile[4:]  # +9665XXXXXXXX -> 05XXXXXXXX
    assert ask(client, filed.reference, local).status_code == 200
    assert ask(client, filed.reference, filed.filed_mobile).status_code == 200


def test_a_wrong_identity_and_an_unknown_reference_get_the_same_answer(client, filed):
    wrong = ask(client, filed.reference, "1000000008")
    unknown = ask(client, "SD-NOTHERE", filed.filed_id_number)

    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "inquiry_not_found"


def test_attempts_on_one_reference_are_limited_across_ips(client, filed, settings):
    settings.SERVICEDESK_INQUIRY_PER_REFERENCE = 3
    for n in range(3):
        assert ask(client, filed.reference, "wrong", ip=f"10.0.1.{n}").status_code == 404

    blocked = ask(client, filed.reference, filed.filed_id_number, ip="10.0.2.1")

    assert blocked.status_code == 429
    assert blocked.json()["code"] == "inquiry_rate_limited"


def test_attempts_from_one_ip_are_limited_across_references(client, filed, settings):
    settings.SERVICEDESK_INQUIRY_PER_IP = 3
    for n in range(3):
        ask(client, f"SD-GUESS{n}", "1000000008")

    assert ask(client, filed.reference, filed.filed_id_number).status_code == 429
    assert ask(client, filed.reference, filed.filed_id_number, ip="10.9.9.9").status_code == 200


def test_the_inquiry_page_works_without_logging_in(client, filed):
    page = client.post("/servicedesk/inquiry/", {"reference": filed.reference,
                       "identity_or_phone": filed.filed_id_number}, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert "Received, waiting for an expert" in page.content.decode()
    assert "Secret" not in page.content.decode()
