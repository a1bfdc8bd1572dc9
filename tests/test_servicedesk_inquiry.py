"""Anyone holding a reference and the identity number or phone it was filed with sees its
status, and nothing else; a wrong identity looks exactly like an unknown reference. Failures
make the guesser's client address wait longer and longer; a reference is never locked, so
its owner always gets in."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from servicedesk import services
from servicedesk.errors import DeskError
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file

pytestmark = pytest.mark.django_db

URL = "/api/v1/servicedesk/inquiry/"
GUESSER = "203.0.113.50"
T0 = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=timezone.get_fixed_timezone(180))


@pytest.fixture
def filed():
    return desk_request_file(user=PilgrimFactory(), subject="Secret subject")


def ask(client, reference, secret, ip="10.0.0.1", **headers):
    return client.post(URL, {"reference": reference, "identity_or_phone": secret},
                       content_type="application/json", REMOTE_ADDR=ip,
                       HTTP_ACCEPT_LANGUAGE="en", **headers)


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


def test_failures_against_a_reference_never_lock_its_owner_out(client, filed):
    for n in range(30):
        assert ask(client, filed.reference, "wrong", ip=f"10.0.1.{n}").status_code == 404

    assert ask(client, filed.reference, filed.filed_id_number, ip="10.0.2.1").status_code == 200


def test_a_guesser_waits_twice_as_long_after_each_failure_past_the_free_ones(filed):
    def inquire(seconds, secret="1000000008", ip="10.0.3.3"):
        try:
            services.transaction_inquire(reference=filed.reference, identity_or_phone=secret,
                                         ip=ip, now=T0 + timedelta(seconds=seconds))
        except DeskError as error:
            return error.code
        return "found"

    assert [inquire(0) for _ in range(5)] == ["inquiry_not_found"] * 5
    assert inquire(29, secret=filed.filed_id_number) == "inquiry_rate_limited"
    assert inquire(1, secret=filed.filed_id_number, ip="10.0.4.4") == "found"  # the owner
    assert inquire(30) == "inquiry_not_found"
    assert inquire(30 + 59) == "inquiry_rate_limited"
    assert inquire(30 + 60) == "inquiry_not_found"
    assert inquire(90 + 119) == "inquiry_rate_limited"
    assert inquire(90 + 120, secret=filed.filed_id_number) == "found"
    assert inquire(210) == "inquiry_not_found"  # a success never reset the count
    assert inquire(210 + 239) == "inquiry_rate_limited"


def test_the_refusal_says_how_long_and_a_forwarded_for_header_does_not_dodge_it(client,
                                                                                filed):
    for n in range(5):
        ask(client, f"SD-GUESS{n}", "1000000008", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    blocked = ask(client, filed.reference, filed.filed_id_number,
                  HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert blocked.status_code == 429
    assert blocked.json() == {"code": "inquiry_rate_limited",
                              "detail": "Too many inquiries. Try again in 1 minutes."}
    assert ask(client, filed.reference, filed.filed_id_number, ip="10.9.9.9").status_code == 200


@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_our_proxy_the_address_it_appended_is_the_one_that_waits(client, filed):
    for n in range(5):
        ask(client, f"SD-GUESS{n}", "1000000008", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {GUESSER}")

    assert ask(client, filed.reference, filed.filed_id_number,
               HTTP_X_FORWARDED_FOR=f"192.0.2.99, {GUESSER}").status_code == 429
    assert ask(client, filed.reference, filed.filed_id_number,
               HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 200


def test_the_inquiry_page_works_without_logging_in(client, filed):
    page = client.post("/servicedesk/inquiry/", {"reference": filed.reference,
                       "identity_or_phone": filed.filed_id_number}, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert "Received, waiting for an expert" in page.content.decode()
    assert "Secret" not in page.content.decode()
