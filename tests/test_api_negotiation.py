"""The API answers in JSON whether an app sends no Accept, `*/*` or `application/json`, and
what asks for something else is negotiated by DRF's rules: a media type we do not render is
refused with 406, an unknown `?format=` is not found."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def signed_in(app_login, pilgrim, permit_services):
    token = app_login(pilgrim)

    def get(path=BOOKINGS, **headers):
        return Client().get(path, headers={"X-Session-Token": token, **headers})

    return get


@pytest.mark.parametrize("accept", [None, "*/*", "application/json",
                                    "text/html;q=0.5, application/json"])
def test_an_app_gets_json_for_any_accept_that_admits_it(signed_in, accept):
    response = signed_in(**({"Accept": accept} if accept else {}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == []


def test_a_media_type_the_api_does_not_render_is_refused_with_406(signed_in):
    response = signed_in(Accept="application/xml")

    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_a_format_override_is_still_honoured(signed_in):
    assert signed_in(BOOKINGS + "?format=json").status_code == 200
    assert signed_in(BOOKINGS + "?format=yaml").status_code == 404
