from django.urls import path

from . import views

app_name = "sla"

urlpatterns = [
    path("survey/<str:token>/", views.survey, name="survey"),
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/export.csv", views.monitor_export, name="monitor_export"),
    path("monitor/transactions/", views.monitor_transactions, name="monitor_transactions"),
    path("service-levels/", views.service_levels_public, name="service_levels"),
    path("providers/", views.provider_list, name="providers"),
    path("providers/<int:pk>/", views.provider_scorecard, name="provider_scorecard"),
]
