"""A date of birth is typed in Hijri (Umm al-Qura) or Gregorian, on the profile form, the
dependant form and the API, and stored as its Gregorian day; an impossible Hijri date is
refused with a translated error and changes nothing; the profile shows both calendars."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.identity import saudi_id_with_check_digit
from accounts.models import PilgrimProfile
from consent.models import Dependant
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.consent import pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

# 12 Jumada al-Ula 1400 AH is 29 March 1980; Jumada al-Ula 1400 had 29 days (Umm al-Qura).
HIJRI_DAY, GREGORIAN_DAY = "1400-05-12", date(1980, 3, 29)

FORM = {
    "full_name": "Amina Yusuf", "id_type": "national_id",
    "id_number": saudi_id_with_check_digit("155555555"), "nationality": "SA",
    "gender": "female", "mobile": "050 123 4567", "preferred_language": "en",
}


def web(user, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def birth(calendar, text):
    return {"date_of_birth_0": calendar, "date_of_birth_1": text}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_hijri_date_of_birth_on_the_profile_form_is_stored_as_its_gregorian_day(language):
    user = UserFactory()

    response = web(user, language).post("/profile/edit/", {**FORM, **birth("hijri", HIJRI_DAY)})

    assert response["Location"] == "/profile/"
    assert PilgrimProfile.objects.get(user=user).date_of_birth == GREGORIAN_DAY


def test_a_hijri_suffix_says_hijri_whatever_calendar_is_chosen():
    user = UserFactory()

    web(user, "ar").post("/profile/edit/", {**FORM, **birth("gregorian", "١٤٠٠-٠٥-١٢ هـ")})

    assert PilgrimProfile.objects.get(user=user).date_of_birth == GREGORIAN_DAY


def test_a_gregorian_date_still_reads_as_gregorian():
    user = UserFactory()

    web(user, "en").post("/profile/edit/", {**FORM, **birth("gregorian", "1990-05-01")})

    assert PilgrimProfile.objects.get(user=user).date_of_birth == date(1990, 5, 1)


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Jumada al-Ula 1400 has 29 days."),
    ("ar", "جمادى الأولى 1400"),
])
def test_day_30_of_a_29_day_hijri_month_is_refused_and_changes_nothing(language, message):
    pilgrim = PilgrimFactory()
    before = pilgrim.profile.date_of_birth
    data = {**FORM, "id_number": pilgrim.profile.id_number, **birth("hijri", "1400-05-30")}

    response = web(pilgrim, language).post("/profile/edit/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    pilgrim.profile.refresh_from_db()
    assert pilgrim.profile.date_of_birth == before


@pytest.mark.parametrize(("language", "message"), [
    ("en", "outside the Umm al-Qura tables"),
    ("ar", "أم القرى"),
])
def test_a_hijri_year_outside_the_umm_al_qura_tables_is_refused(language, message):
    user = UserFactory()

    response = web(user, language).post("/profile/edit/", {**FORM, **birth("hijri", "1300-01-01")})

    assert message in response.content.decode()
    assert not PilgrimProfile.objects.filter(user=user).exists()


@pytest.mark.parametrize(("language", "hijri", "gregorian"), [
    ("en", "12 Jumada al-Ula 1400 AH", "29 March 1980"),
    ("ar", "جمادى الأولى 1400", "1980"),
])
def test_the_profile_shows_the_date_of_birth_in_both_calendars(language, hijri, gregorian):
    pilgrim = PilgrimFactory(profile__date_of_birth=GREGORIAN_DAY)

    page = web(pilgrim, language).get("/profile/").content.decode()

    assert hijri in page and gregorian in page


def test_the_form_offers_the_calendar_beside_the_date():
    page = web(UserFactory(), "ar").get("/profile/edit/").content.decode()

    assert 'name="date_of_birth_0"' in page and 'value="hijri"' in page
    assert 'for="id_date_of_birth_1"' in page


def test_a_dependant_is_added_with_a_hijri_date_of_birth():
    owner = PilgrimFactory()
    data = {"full_name": "My Son Salem", "relation": "son", "id_type": "national_id",
            "id_number": "1000000008", "gender": "male", "document": pdf_upload(),
            **birth("hijri", "1433-04-10")}

    web(owner, "en").post(reverse("consent:dependant_add"), data)

    assert Dependant.objects.get(owner=owner).date_of_birth == date(2012, 3, 3)


# --- The API --------------------------------------------------------------------------------

def api_profile(**birth_fields):
    return {**FORM, "mobile": "0501234567", **birth_fields}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_api_takes_date_of_birth_hijri_and_answers_both(app_client, language):
    user = UserFactory()

    response = app_client(user).put("/api/v1/accounts/profile/",
                                    api_profile(date_of_birth_hijri=HIJRI_DAY),
                                    content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200, response.content
    assert (response.json()["date_of_birth"], response.json()["date_of_birth_hijri"]) == (
        "1980-03-29", HIJRI_DAY)
    assert PilgrimProfile.objects.get(user=user).date_of_birth == GREGORIAN_DAY


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Jumada al-Ula 1400 has 29 days."),
    ("ar", "جمادى الأولى 1400"),
])
def test_the_api_refuses_an_impossible_hijri_date_in_the_readers_language(app_client, language,
                                                                          message):
    user = UserFactory()

    response = app_client(user).put("/api/v1/accounts/profile/",
                                    api_profile(date_of_birth_hijri="1400-05-30"),
                                    content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert message in str(response.json())
    assert not PilgrimProfile.objects.filter(user=user).exists()


def test_the_api_refuses_two_dates_of_birth_that_differ(app_client):
    response = app_client(UserFactory()).put(
        "/api/v1/accounts/profile/",
        api_profile(date_of_birth="1990-05-01", date_of_birth_hijri=HIJRI_DAY),
        content_type="application/json")

    assert response.status_code == 400
    assert "date_of_birth_hijri" in str(response.json())


def test_the_api_needs_one_of_the_two_dates_of_birth(app_client):
    response = app_client(UserFactory()).put("/api/v1/accounts/profile/", api_profile(),
                                             content_type="application/json")

    assert response.status_code == 400
    assert "date_of_birth" in str(response.json())


def test_the_openapi_schema_documents_date_of_birth_hijri(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()

    assert "date_of_birth_hijri" in schema
