from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from portal.api_docs import ApiDocsView
from sla.views import healthz, readyz

APPS = ["permits", "packages", "complaints", "compensation", "refunds", "sla", "notifications",
        "servicedesk", "transfers", "centres", "consent"]

# The API first, under one prefix: Django tries the patterns in order, and an include that
# does not match still costs an exception, while the mobile apps' calls are the busiest.
api_urlpatterns = [path(f"{app}/", include(f"{app}.api_urls")) for app in APPS] + [
    path("accounts/", include("accounts.api_urls")),
    # legal is not in APPS (its pages are included at /legal/ below): its API is added here.
    path("legal/", include("legal.api_urls")),
    # The payment gateway's signed webhook (packages owns payments and refunds to the card).
    path("payments/", include("packages.payments_api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
urlpatterns = [
    path("api/v1/", include(api_urlpatterns)),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("profile/", include("accounts.urls")),
    path("legal/", include("legal.urls")),
    # The help desk's pages (it has no API of its own).
    path("casework/", include("casework.urls")),
]
urlpatterns += [path(f"{app}/", include(f"{app}.urls")) for app in APPS]
urlpatterns += [path("", include("portal.urls"))]
# Under /api/ a missing page or a crash answers in the API's error shape, never HTML.
handler404 = "portal.api_errors.page_not_found"
handler500 = "portal.api_errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
