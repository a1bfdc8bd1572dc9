"""Shared fixtures. Each concern keeps its fixtures in tests/fixtures/<concern>.py."""

pytest_plugins = [
    "tests.fixtures.browser",
    "tests.fixtures.core",
    "tests.fixtures.accounts",
    "tests.fixtures.permits",
    "tests.fixtures.sms_gateway",
    "tests.fixtures.worker",
    "tests.fixtures.payment_gateway",
]
