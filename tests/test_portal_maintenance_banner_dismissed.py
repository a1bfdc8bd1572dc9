"""The maintenance banner can be hidden for the rest of a visit (a small POST form, which
the banner's script sends in the background); a window announced or changed afterwards is a
new notice and shows again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import services

pytestmark = pytest.mark.django_db

BANNER = 'id="maintenance-banner"'


def announce(message, *, in_days=2):
    starts = timezone.now() + timedelta(days=in_days)
    return services.maintenance_window_announce(
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        messages={"en": message, "ar": "تحديث"},
    )


def page(client, path="/e-services/"):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_dismissed_banner_stays_hidden_for_the_visit(client):
    announce("Booking systems upgrade")
    assert "Booking systems upgrade" in page(client)

    response = client.post(
        "/maintenance/dismiss/",
        {
            "notice": client.get("/", HTTP_ACCEPT_LANGUAGE="en")
            .context["maintenance_notices"][0]
            .key,
            "next": "/e-services/",
        },
    )

    assert response.status_code == 302 and response["Location"] == "/e-services/"
    assert BANNER not in page(client)
    assert BANNER not in page(client, "/")


def test_the_script_is_answered_without_a_page(client):
    announce("Booking systems upgrade")
    key = client.get("/", HTTP_ACCEPT_LANGUAGE="en").context["maintenance_notices"][0].key

    response = client.post("/maintenance/dismiss/", {"notice": key}, HTTP_X_REQUESTED_WITH="fetch")

    assert response.status_code == 204
    assert BANNER not in page(client)


def test_a_window_announced_or_changed_afterwards_shows_again(client):
    window = announce("Booking systems upgrade")
    client.post(
        "/maintenance/dismiss/",
        {
            "notice": client.get("/", HTTP_ACCEPT_LANGUAGE="en")
            .context["maintenance_notices"][0]
            .key
        },
    )

    announce("Payment gateway upgrade", in_days=3)
    assert "Payment gateway upgrade" in page(client)
    assert "Booking systems upgrade" not in page(client)

    window.ends_at += timedelta(hours=1)
    window.save()
    assert "Booking systems upgrade" in page(client)


def test_a_return_address_elsewhere_goes_home(client):
    announce("Booking systems upgrade")

    response = client.post("/maintenance/dismiss/", {"next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_dismissing_is_a_post(client):
    assert client.get("/maintenance/dismiss/").status_code == 405
