"""The API keeps its own contract for anything a client can send: schemathesis generates
requests for every operation of the served schema, anonymous and as a signed-in pilgrim, and
checks that none is a 500, that every status is documented and every body matches its schema.
The headless login is fuzzed with allauth's own served specification.

The suite runs a small budget (FUZZ_EXAMPLES, default 6 per operation and caller, the same
examples every run); `FUZZ_EXAMPLES=200` runs it bigger, with fresh examples each time
(README, "Fuzzing the API").
"""

import os
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from compensation.services import claim_open
from hajjportal.wsgi import application
from tests.factories.complaints import contract_for, filed_complaint
from tests.factories.servicedesk import desk_request_file, desk_seed

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=list(HealthCheck), database=None)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@contextmanager
def inside_the_tests_transaction():
    """A real server closes the database connection around each request, which would end
    the test's transaction; Django's test client skips the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def served(environ, start_response):
    """The portal as a server runs it: the server names the client's address (allauth's
    rate limits refuse a request without one)."""
    environ.setdefault("REMOTE_ADDR", "203.0.113.7")
    return application(environ, start_response)


@pytest.fixture
def portal_schema(plain_http):
    with inside_the_tests_transaction():
        return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", served)


@pytest.fixture
def allauth_schema(plain_http):
    with inside_the_tests_transaction():
        return schemathesis.openapi.from_wsgi("/_allauth/openapi.json", served).include(
            path_regex="/auth/login$")


@pytest.fixture
def pilgrim_with_records():
    """A pilgrim with a contract, a complaint with its compensation claim and a desk
    request, so that their lists and details answer with real bodies."""
    now = timezone.now()
    contract = contract_for(now=now)
    complaint = filed_complaint(contract=contract, item="arafat_lunch", now=now)
    claim_open(complaint=complaint, trigger="upheld", now=now)
    desk_seed()
    desk_request_file(user=contract.pilgrim)
    return contract.pilgrim


@pytest.fixture
def pilgrim_token(app_login, pilgrim_with_records):
    return app_login(pilgrim_with_records)


def fuzz(schema, headers=None, path_parameters=None):
    """Every operation of `schema` with its generated examples (`path_parameters` fixed);
    the failures of all of them together, so that one run shows everything to fix."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ
        @given(case=operation.as_strategy())
        def examples(case):
            case.path_parameters = {**(case.path_parameters or {}), **(path_parameters or {})}
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            with inside_the_tests_transaction():
                examples()
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)


def test_every_operation_keeps_its_contract_for_anyone(portal_schema):
    fuzz(portal_schema)


def test_every_operation_keeps_its_contract_for_a_signed_in_pilgrim(portal_schema,
                                                                   pilgrim_token,
                                                                   payment_gateway):
    fuzz(portal_schema, {"X-Session-Token": pilgrim_token})


def test_the_headless_login_keeps_allauths_contract(allauth_schema, settings):
    # allauth's specification does not document the 429 of its rate limits, which
    # tests/test_accounts_login_rate_limit.py checks; here they would only cut the run short.
    settings.ACCOUNT_RATE_LIMITS = False
    # The mobile apps' client; the browser client's login wants the CSRF cookie first.
    fuzz(allauth_schema, path_parameters={"client": "app"})
