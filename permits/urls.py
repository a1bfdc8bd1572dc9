from django.urls import path

from . import views

app_name = "permits"

urlpatterns = [
    path("", views.service_list, name="services"),
    path("mine/", views.my_permits, name="mine"),
    path("gate/", views.gate, name="gate"),
    path("hajj/", views.hajj, name="hajj"),
    path("vehicle/", views.vehicle, name="vehicle"),
    path("slot/<int:slot_id>/book/", views.book, name="book"),
    path("slot/<int:slot_id>/waitlist/", views.waitlist_join, name="waitlist_join"),
    path("release/<int:release_id>/queue/", views.queue_wait, name="queue"),
    path("waitlist/<uuid:token>/", views.waitlist_confirm, name="waitlist_confirm"),
    path("waitlist/<uuid:token>/leave/", views.waitlist_leave, name="waitlist_leave"),
    path("booking/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("booking/<int:pk>/leave/", views.leave, name="leave"),
    path("permit/<str:number>/", views.print_permit, name="print"),
    path("permit/<str:number>/pdf/", views.permit_pdf, name="pdf"),
    path("<slug:code>/", views.service_calendar, name="calendar"),
]
