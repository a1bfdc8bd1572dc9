from django.urls import path

from . import satisfaction_views

app_name = "casework"

urlpatterns = [
    path("satisfaction/", satisfaction_views.satisfaction, name="satisfaction"),
]
