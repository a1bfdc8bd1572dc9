from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.index, name="index"),
    path("accept-terms/", views.terms_accept_view, name="terms_accept"),
    path("<slug:kind>/", views.document, name="document"),
]
