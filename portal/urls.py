from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("e-services/", views.eservices, name="eservices"),
    path("contact/", views.contact, name="contact"),
    path("maintenance/", views.maintenance, name="maintenance"),
    path("maintenance/dismiss/", views.maintenance_dismiss, name="maintenance_dismiss"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
