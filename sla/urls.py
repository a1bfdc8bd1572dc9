from django.urls import path

from . import views

app_name = "sla"

urlpatterns = [
    path("survey/<str:token>/", views.survey, name="survey"),
]
