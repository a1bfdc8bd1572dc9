"""The API documentation page (/api/v1/docs/) under the portal's strict Content-Security-Policy.

Swagger UI from our own static files (the swagger-ui-dist files the drf-spectacular-sidecar
package ships, collected with the rest), never a CDN; drf-spectacular's split view, whose start-up
script is a second request to the same address rather than an inline script; and a template
whose few page styles are a static file rather than an inline <style>. (Redoc cannot run
under this policy: it writes its styles into <style> elements at run time.)
"""

from django.templatetags.static import static
from drf_spectacular.views import SpectacularSwaggerSplitView

SWAGGER_UI_DIR = "drf_spectacular_sidecar/swagger-ui-dist"


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"{SWAGGER_UI_DIR}/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static(f"{SWAGGER_UI_DIR}/favicon-32x32.png")
