"""The page furniture that depends on the code, the language and a few request values (the
navbar, the banner, the footer) is rendered once per process and reused, yet every page keeps
its own CSRF token, marks its own page in the navbar, and shows what a signed-in pilgrim or a
visitor should see; a request's own write of what a version keys shows in that request."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal import versions

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


def page(client, path="/"):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_each_visitor_gets_a_csrf_token_of_their_own_that_the_check_accepts():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    tokens = [TOKEN.findall(page(client)) for client in (first, second, first)]

    assert all(tokens)
    assert tokens[0][0] != tokens[1][0]
    switched = first.post("/i18n/setlang/", {"language": "ar", "next": "/",
                                             "csrfmiddlewaretoken": tokens[2][0]})
    assert switched.status_code == 302


def test_the_navbar_marks_the_page_it_is_on():
    client = Client()

    home, packages = page(client, "/"), page(client, "/packages/")

    assert 'aria-current="page" href="/"' in home
    assert 'aria-current="page" href="/"' not in packages
    assert 'name="next" value="/packages/"' in packages


def test_a_signed_in_pilgrim_and_a_visitor_see_their_own_buttons(pilgrim):
    visitor, signed_in = Client(), Client()
    signed_in.force_login(pilgrim)

    log_out = f'action="{reverse("account_logout")}"'
    log_in = f'href="{reverse("account_login")}"'

    anonymous, mine = page(visitor), page(signed_in)

    assert log_in in anonymous and log_out not in anonymous
    assert log_out in mine and log_in not in mine
    assert log_in in page(visitor)


def test_a_bump_within_a_request_is_read_back_in_that_request():
    cache.clear()
    with versions.read_once():
        before = versions.version("packages")
        assert versions.version("packages") == before  # read once
        versions.bump("packages")
        assert versions.version("packages") != before


def test_the_versions_of_a_request_are_read_in_one_round_trip(monkeypatch):
    versions.version("packages"), versions.version("furniture")  # both exist
    asked = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kw: asked.append(keys)
                        or real_get_many(keys, **kw))
    monkeypatch.setattr(cache, "get", lambda *a, **kw: pytest.fail("a version read alone"))

    with versions.read_once():
        versions.version("packages")
        versions.version("furniture")

    assert len(asked) == 1
