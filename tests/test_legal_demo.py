"""The demo logins have accepted the terms in force, so `make run`'s pages carry no banner."""

import pytest

from accounts.demo import demo_logins
from accounts.models import User
from legal.demo import demo_load
from legal.models import TermsAcceptance
from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db


def test_every_demo_login_that_exists_accepts_the_terms_once():
    login = demo_logins()[0]
    pilgrim = PilgrimFactory(email=login.email)
    other = PilgrimFactory()

    demo_load()
    demo_load()

    assert list(TermsAcceptance.objects.filter(user=pilgrim).values_list(
        "document__kind", "document__version")) == [("terms", 1)]
    assert not TermsAcceptance.objects.filter(user=other).exists()
    assert User.objects.filter(terms_acceptances__isnull=False).count() == 1
