"""The desk's API for the mobile app: types, topics, filing with files, own thread only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_types_list_their_documents_and_fee(client):
    types = client.get("/api/v1/servicedesk/types/", HTTP_ACCEPT_LANGUAGE="en").json()

    abroad = next(row for row in types if row["code"] == "new_request_abroad")
    assert "Copy of your passport" in abroad["required_documents"]
    assert abroad["fee"] == "0.00"


def test_the_app_files_a_request_with_a_file_and_reads_its_thread(app_client):
    pilgrim = PilgrimFactory()
    api = app_client(pilgrim)

    created = api.post("/api/v1/servicedesk/requests/", {
        "request_type": "question", "topic": "rawdah", "subject": "Slot",
        "text": "Which gate?", "files": [SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nxx")]})

    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    detail = api.get(f"/api/v1/servicedesk/requests/{reference}/").json()
    assert detail["messages"][0]["attachments"][0]["name"] == "a.png"
    reply = api.post(f"/api/v1/servicedesk/requests/{reference}/messages/",
                     {"body": "Thanks"}, content_type="application/json")
    assert reply.status_code == 201
    assert [row["reference"] for row in api.get("/api/v1/servicedesk/requests/").json()] == [
        reference]


def test_a_bad_file_gets_the_one_error_shape(app_client):
    api = app_client(PilgrimFactory())
    response = api.post("/api/v1/servicedesk/requests/", {
        "request_type": "question", "topic": "rawdah", "subject": "S", "text": "T",
        "files": [SimpleUploadedFile("a.pdf", b"not a pdf")]}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"code": "file_type",
                               "detail": "a.pdf is not a PDF, JPEG or PNG file."}


def test_someone_elses_request_is_not_found(app_client):
    other = desk_request_file(user=PilgrimFactory())

    response = app_client(PilgrimFactory()).get(f"/api/v1/servicedesk/requests/{other.reference}/")

    assert response.status_code == 404


def test_the_desk_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/").content.decode()

    for path in ("/api/v1/servicedesk/requests/", "/api/v1/servicedesk/inquiry/",
                 "/api/v1/servicedesk/requests/{reference}/messages/"):
        assert path in schema
