from django.urls import path

from . import api, api_applications, api_authority

app_name = "permits_api"

urlpatterns = [
    path("services/", api.ServiceListView.as_view(), name="services"),
    path("slots/", api.SlotListView.as_view(), name="slots"),
    path("bookings/", api.BookingListView.as_view(), name="bookings"),
    path("bookings/in-my-name/", api.BookedInMyNameView.as_view(), name="booked-in-my-name"),
    path("bookings/<int:pk>/leave/", api.BookingLeaveView.as_view(), name="booking-leave"),
    path("bookings/<int:pk>/cancel/", api.BookingCancelView.as_view(), name="booking-cancel"),
    path("releases/", api.ReleaseListView.as_view(), name="releases"),
    path("queue/<str:token>/", api.QueuePollView.as_view(), name="queue"),
    path("public-key/", api.PublicKeyView.as_view(), name="public-key"),
    path("hajj-requests/", api_applications.HajjRequestListView.as_view(),
         name="hajj-requests"),
    path("hajj-requests/<int:pk>/cancel/", api_applications.HajjRequestCancelView.as_view(),
         name="hajj-request-cancel"),
    path("authority/events/", api_authority.AuthorityEventView.as_view(),
         name="authority-events"),
    path("vehicle-permits/", api_applications.VehiclePermitListView.as_view(),
         name="vehicle-permits"),
    path("waitlist/", api_applications.WaitlistListView.as_view(), name="waitlist"),
    path("waitlist/<int:pk>/confirm/", api_applications.WaitlistConfirmView.as_view(),
         name="waitlist-confirm"),
    path("waitlist/<int:pk>/leave/", api_applications.WaitlistLeaveView.as_view(),
         name="waitlist-leave"),
]
