"""GET/PUT /api/v1/accounts/profile/: the signed-in user's own profile only, reached with the
X-Session-Token of a real headless app login; errors in the portal's shape, translated."""

import pytest

from accounts.identity import saudi_id_with_check_digit
from tests.factories.accounts import PilgrimFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

URL = "/api/v1/accounts/profile/"
NEW_PROFILE = {
    "full_name": "Amina Yusuf", "id_type": "iqama",
    "id_number": saudi_id_with_check_digit("234567890"), "nationality": "ID",
    "gender": "female", "date_of_birth": "1990-05-01", "mobile": "0501234567",
    "preferred_language": "id",
}


def put(client, data, language="en"):
    return client.put(URL, data, content_type="application/json",
                      HTTP_ACCEPT_LANGUAGE=language)


def test_a_pilgrim_reads_their_own_profile_with_the_full_identity_number(app_client):
    pilgrim = PilgrimFactory()
    PilgrimFactory()  # someone else, never visible here
    body = app_client(pilgrim).get(URL).json()
    assert body["email"] == pilgrim.email
    assert body["id_number"] == pilgrim.profile.id_number
    assert body["mobile"].startswith("+9665")


def test_without_a_token_there_is_no_profile(client):
    assert client.get(URL, secure=True).status_code in (401, 403)


def test_a_new_account_has_no_profile_yet(app_client):
    response = app_client(UserFactory()).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"code": "profile_missing",
                               "detail": "You have not completed your profile yet."}


def test_put_creates_the_profile_and_keeps_the_mobile_in_e164(app_client):
    client = app_client(UserFactory())
    response = put(client, NEW_PROFILE)
    assert response.status_code == 200, response.content
    assert response.json()["mobile"] == "+966501234567"
    assert client.get(URL).json()["full_name"] == "Amina Yusuf"


def test_put_only_ever_changes_the_callers_profile(app_client):
    me, other = PilgrimFactory(), PilgrimFactory()
    # The mobile stays the caller's own: a new one goes through profile/mobile/ (a code).
    response = put(app_client(me), {**NEW_PROFILE, "mobile": str(me.profile.mobile),
                                    "user": other.pk, "id": other.profile.pk})
    assert response.status_code == 200
    other.profile.refresh_from_db()
    assert other.profile.full_name != "Amina Yusuf"
    me.profile.refresh_from_db()
    assert me.profile.full_name == "Amina Yusuf"


def test_a_wrong_check_digit_is_a_translated_field_error(app_client):
    client = app_client(UserFactory())
    number = NEW_PROFILE["id_number"]
    bad = {**NEW_PROFILE, "id_number": number[:-1] + str((int(number[-1]) + 1) % 10)}
    body = put(client, bad).json()
    assert body["code"] == "invalid"
    assert body["errors"] == {"id_number": [
        "This Resident identity (iqama) number is not valid: check the digits."]}


def test_missing_and_malformed_fields_are_reported_together(app_client):
    response = put(app_client(UserFactory()), {**NEW_PROFILE, "mobile": "12", "gender": "x",
                                               "full_name": ""})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"mobile", "gender", "full_name"}


def test_an_identity_number_used_by_another_account_is_refused(app_client):
    holder = PilgrimFactory()
    taken = {**NEW_PROFILE, "id_type": "national_id", "id_number": holder.profile.id_number}
    body = put(app_client(UserFactory()), taken).json()
    assert body["errors"] == {"id_number": ["Another account already uses this identity number."]}


def test_the_endpoint_is_in_the_openapi_schema(client):
    client.force_login(PilgrimFactory())
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operations = schema["paths"]["/api/v1/accounts/profile/"]
    assert set(operations) >= {"get", "put"}
    assert "#/components/schemas/ProfileInput" in str(operations["put"]["requestBody"])
    assert "ProfileOutput" in schema["components"]["schemas"]


def test_the_error_detail_follows_the_language(app_client):
    client = app_client(UserFactory())
    english = put(client, {**NEW_PROFILE, "gender": "x"}, language="en").json()
    arabic = put(client, {**NEW_PROFILE, "gender": "x"}, language="ar").json()
    assert english["detail"] == "Invalid input."
    assert arabic["detail"] != english["detail"]
