"""Other apps add their own panels to the pilgrim's dashboard through one registry."""

import pytest
from django.urls import reverse

from devtools import TEMPLATES_DIR
from portal.dashboard import dashboard_panel_register, dashboard_panel_unregister
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panels(settings):
    # The panels' template is test-only: it lives in devtools/, which production lacks.
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES_DIR]}]
    keys = []

    def register(**kwargs):
        keys.append(kwargs["key"])
        return dashboard_panel_register(**kwargs)

    yield register
    for key in keys:
        dashboard_panel_unregister(key=key)


def test_registered_panels_render_in_order_with_their_context(client, panels):
    panels(key="second", template_name="devtools/panel.html", order=20,
           get_context=lambda request: {"title": "Refunds"})
    panels(key="first", template_name="devtools/panel.html", order=10,
           get_context=lambda request: {"title": f"Permits of {request.user.first_name}"})
    client.force_login(UserFactory(first_name="Omar"))
    content = client.get(reverse("portal:dashboard")).content.decode()
    assert content.index("Permits of Omar") < content.index("Refunds")
    assert 'data-panel="first"' in content


def test_a_panel_can_hide_itself(client, panels):
    panels(key="staff-only", template_name="devtools/panel.html",
           get_context=lambda request: {"title": "Staff queue"},
           is_visible=lambda request: request.user.is_staff)
    client.force_login(UserFactory())
    assert "Staff queue" not in client.get(reverse("portal:dashboard")).content.decode()
