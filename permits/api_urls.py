from django.urls import path

from . import api

app_name = "permits_api"

urlpatterns = [
    path("services/", api.ServiceListView.as_view(), name="services"),
    path("slots/", api.SlotListView.as_view(), name="slots"),
    path("bookings/", api.BookingListView.as_view(), name="bookings"),
    path("bookings/<int:pk>/cancel/", api.BookingCancelView.as_view(), name="booking-cancel"),
    path("public-key/", api.PublicKeyView.as_view(), name="public-key"),
]
