from django.urls import path

from . import views

app_name = "refunds"

urlpatterns = [
    path("documents/<int:pk>/", views.document, name="document"),
    path("calculator/", views.calculator, name="calculator"),
]
