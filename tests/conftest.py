"""Shared fixtures. Each concern keeps its fixtures in tests/fixtures/<concern>.py."""

import pytest

pytest_plugins = [
    "tests.fixtures.browser",
    "tests.fixtures.core",
    "tests.fixtures.accounts",
    "tests.fixtures.permits",
    "tests.fixtures.sms_gateway",
    "tests.fixtures.worker",
    "tests.fixtures.payment_gateway",
    "tests.fixtures.webhooks",
    "tests.fixtures.mail",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the migrated data (seasons, e-services, rules) for every transactional test.

    Django stores it on the connection object, but connections are per context, and the
    browser tests' event loop gives the test another context, hence another connection
    without it. Held on the class, every connection of the test run has it.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    wrapper = connections[DEFAULT_DB_ALIAS]
    contents = getattr(wrapper, "_test_serialized_contents", None)
    if contents is not None:
        type(wrapper)._test_serialized_contents = contents
    yield
