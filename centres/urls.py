from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("counter/<int:pk>/", views.counter_desk, name="counter"),
    path("<slug:code>/kiosk/", views.kiosk, name="kiosk"),
    path("<slug:code>/kiosk/ticket/", views.draw, name="draw"),
    path("<slug:code>/kiosk/register/", views.kiosk_register, name="kiosk_register"),
    path("<slug:code>/display/", views.display, name="display"),
    path("<slug:code>/display.json", views.display_data, name="display_data"),
]
