"""The public inquiry answers for every kind of reference (a permit, a contract, a complaint,
a desk request, a transfer match): its state and next step, to whoever holds the identity
number or mobile it was filed with; a wrong pair answers exactly as an unknown reference."""

import pytest
from django.utils import translation

from portal import references
from tests.factories.accounts import PilgrimFactory
from tests.factories.references import ALL

pytestmark = pytest.mark.django_db

URL = "/api/v1/servicedesk/references/inquiry/"
PAGE = "/servicedesk/inquiry/"


def ask(client, reference, secret, *, language="en", ip="10.9.0.1"):
    return client.post(URL, {"reference": reference, "identity_or_phone": secret},
                       content_type="application/json", REMOTE_ADDR=ip,
                       HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def pilgrim():
    return PilgrimFactory()


@pytest.mark.parametrize("kind", list(ALL))
def test_every_kind_answers_its_state_to_the_identity_number(client, pilgrim, kind):
    record, reference = ALL[kind](pilgrim)
    expected = references.reference_find(reference).describe_in("en")

    response = ask(client, reference.lower(), pilgrim.profile.id_number)

    assert response.status_code == 200, response.content
    assert response.json() == {"kind": expected.kind, "reference": reference,
                               "state": expected.state, "next_step": expected.next_step}
    assert references.reference_find(reference).kind.key == kind


@pytest.mark.parametrize("kind", list(ALL))
def test_every_kind_answers_to_the_owners_mobile_written_locally(client, pilgrim, kind):
    _record, reference = ALL[kind](pilgrim)
    local = "0" + str(pilgrim.profile.mobile)[4:]  # +9665XXXXXXXX -> 05XXXXXXXX

    assert ask(client, reference, local).status_code == 200


@pytest.mark.parametrize("kind", list(ALL))
def test_a_wrong_pair_answers_exactly_as_an_unknown_reference(client, pilgrim, kind):
    _record, reference = ALL[kind](pilgrim)
    stranger = PilgrimFactory()

    wrong = ask(client, reference, stranger.profile.id_number)
    unknown = ask(client, "CM1448-999999", pilgrim.profile.id_number)

    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "inquiry_not_found"


def test_the_answer_is_in_the_asker_language_with_both_calendars(client, pilgrim):
    complaint, reference = ALL["complaint"](pilgrim)

    answer = ask(client, reference, pilgrim.profile.id_number, language="ar").json()

    with translation.override("ar"):
        assert answer["state"] == complaint.get_status_display()
    assert "هـ" in answer["next_step"] and "2026" in answer["next_step"]


def test_arabic_indic_digits_and_spaces_in_a_reference_are_read(client, pilgrim):
    _contract, reference = ALL["contract"](pilgrim)
    typed = " " + reference.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + " "

    assert ask(client, typed, pilgrim.profile.id_number).json()["reference"] == reference


def test_the_page_shows_the_state_and_never_the_identity_number(client, pilgrim):
    _permit, reference = ALL["permit"](pilgrim)

    page = client.post(PAGE, {"reference": reference,
                              "identity_or_phone": pilgrim.profile.id_number},
                       HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.9.0.2")

    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="inquiry-state"' in text and reference in text
    assert pilgrim.profile.id_number not in text.replace(
        f'value="{pilgrim.profile.id_number}"', "")


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()

    assert "/api/v1/servicedesk/references/inquiry/" in schema
