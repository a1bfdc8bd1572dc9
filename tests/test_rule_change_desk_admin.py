"""On a request type's admin page, "Preview the change" shows the open requests whose
deadline the new targets would set otherwise and saves nothing; saving needs a reason."""

from datetime import datetime

import pytest
from django.test import Client

from accounts import roles
from portal.calendars import RIYADH
from servicedesk.models import RequestType
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.servicedesk import desk_request_file
from tests.test_rule_change_admin_preview import form_data

pytestmark = pytest.mark.django_db


def test_preview_then_save_with_a_reason(plain_http):
    question = RequestType.objects.get(code="question")
    filed = desk_request_file(user=PilgrimFactory(), type_code="question",
                              now=datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH))
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    url = f"/admin/servicedesk/requesttype/{question.pk}/change/?language=en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    preview = client.post(url, form_data(page, reply_working_days="10", _preview="1"),
                          HTTP_ACCEPT_LANGUAGE="en")

    html = preview.content.decode()
    assert 'id="rule-change-impact"' in html and filed.reference in html
    assert RequestType.objects.get(pk=question.pk).reply_working_days == 14

    refused = client.post(url, form_data(page, reply_working_days="10"),
                          HTTP_ACCEPT_LANGUAGE="en")

    assert "Say why the rule changes." in refused.content.decode()
    assert RequestType.objects.get(pk=question.pk).reply_working_days == 14

    saved = client.post(url, form_data(page, reply_working_days="10", reason="Circular 9"))

    assert saved.status_code == 302
    assert RequestType.objects.get(pk=question.pk).reply_working_days == 10
