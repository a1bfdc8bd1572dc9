from django.urls import path

from . import api

app_name = "centres_api"

urlpatterns = [
    path("<slug:code>/services/", api.ServiceListView.as_view(), name="services"),
    path("<slug:code>/display/", api.DisplayView.as_view(), name="display"),
]
