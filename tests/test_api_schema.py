"""The OpenAPI schema of the whole portal generates and validates without a single warning
(so generated clients get stable names), and holds the paths other clients depend on."""

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

KEY_PATHS = [
    "/api/v1/accounts/profile/",
    "/api/v1/permits/bookings/",
    "/api/v1/permits/releases/",
    "/api/v1/permits/queue/{token}/",
    "/api/v1/packages/",
    "/api/v1/packages/contracts/",
    "/api/v1/refunds/quote/",
    "/api/v1/compensation/quote/",
    "/api/v1/compensation/claims/",
    "/api/v1/complaints/",
    "/api/v1/complaints/{number}/escalate/",
    "/api/v1/servicedesk/requests/",
    "/api/v1/servicedesk/inquiry/",
    "/api/v1/transfers/offers/",
    "/api/v1/centres/{code}/display/",
]


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    # --fail-on-warn raises SchemaGenerationError on any warning or error; --validate
    # checks the result against the OpenAPI 3 specification.
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    GENERATOR_STATS.reset()  # warnings are counted per process: count only this run's
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_the_schema_has_the_paths_clients_depend_on(schema):
    missing = [path for path in KEY_PATHS if path not in schema["paths"]]
    assert missing == []


def test_shared_choice_sets_have_stable_names(schema):
    components = schema["components"]["schemas"]
    for name in ("ComplaintStatusEnum", "ComplaintItemEnum", "DeskRequestStatusEnum",
                 "TransferFilingStatusEnum"):
        assert name in components
    assert not [name for name in components if name.endswith("Enum")
                and any(ch.isdigit() for ch in name)]


def signed_webhook(operation):
    return any(name.endswith("Signature") for requirement in operation.get("security", [])
               for name in requirement)


def test_every_operation_that_needs_a_login_documents_401_and_403(schema):
    # drf-spectacular lists the empty requirement {} where anonymous callers are allowed.
    undocumented = [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items() for method, operation in item.items()
        if {} not in operation.get("security", [{}]) and not signed_webhook(operation)
        and not {"401", "403"} <= set(operation["responses"])]
    assert undocumented == []


def test_every_signed_webhook_documents_401_and_503(schema):
    # Signed by a system, not signed in by a person: refused as unsigned (401) or while no
    # secret is configured (503); portal/signing.py.
    undocumented = [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items() for method, operation in item.items()
        if signed_webhook(operation) and not {"401", "503"} <= set(operation["responses"])]
    assert undocumented == []


def test_refusals_are_documented_in_the_one_error_shape(schema):
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["required"]) == {"code", "detail"}
    complaint_reply = schema["paths"]["/api/v1/complaints/{number}/reply/"]["post"]
    assert complaint_reply["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ApiError"}


def test_the_booking_documents_the_waiting_room_s_429_and_pass_header(schema):
    booking = schema["paths"]["/api/v1/permits/bookings/"]["post"]
    refusal = booking["responses"]["429"]["content"]["application/json"]["schema"]["$ref"]
    shape = schema["components"]["schemas"][refusal.rsplit("/", 1)[1]]
    assert {"code", "detail", "queue"} <= set(shape["properties"])
    assert "Queue-Pass" in [p["name"] for p in booking["parameters"] if p["in"] == "header"]
    poll = schema["paths"]["/api/v1/permits/queue/{token}/"]["get"]["responses"]["200"]
    place = poll["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"state", "position", "estimated_wait_s", "retry_after_s", "pass"} <= set(
        schema["components"]["schemas"][place]["properties"])
