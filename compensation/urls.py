from django.urls import path

from . import views

app_name = "compensation"

urlpatterns = [
    path("calculator/", views.calculator_page, name="calculator"),
]
