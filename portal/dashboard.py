"""Dashboard panels that other apps contribute to the pilgrim's dashboard.

An app registers its panel once, in its AppConfig.ready():

    from portal.dashboard import dashboard_panel_register
    dashboard_panel_register(
        key="permits", template_name="permits/dashboard_panel.html", order=20,
        get_context=lambda request: {"permits": permit_list_for_pilgrim(user=request.user)},
        is_visible=lambda request: not request.user.is_staff,
    )

The template is rendered with the request and the returned context, and its markup is
placed in the dashboard's grid (a Bootstrap column: use a `card h-100` inside).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template_name: str
    order: int = 100
    get_context: Callable[[HttpRequest], dict] | None = None
    is_visible: Callable[[HttpRequest], bool] | None = None


_panels: dict[str, DashboardPanel] = {}


def dashboard_panel_register(
    *,
    key: str,
    template_name: str,
    order: int = 100,
    get_context: Callable[[HttpRequest], dict] | None = None,
    is_visible: Callable[[HttpRequest], bool] | None = None,
) -> DashboardPanel:
    """Register (or replace, so reloading an app is harmless) the panel called `key`."""
    panel = DashboardPanel(key, template_name, order, get_context, is_visible)
    _panels[key] = panel
    return panel


def dashboard_panel_unregister(*, key: str) -> None:
    _panels.pop(key, None)


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def dashboard_panels_render(request: HttpRequest) -> list[tuple[str, SafeString]]:
    """(key, html) of every panel visible to this request, in order."""
    rendered = []
    for panel in dashboard_panels():
        if panel.is_visible is not None and not panel.is_visible(request):
            continue
        context = panel.get_context(request) if panel.get_context else {}
        rendered.append((panel.key, render_to_string(panel.template_name, context, request)))
    return rendered
