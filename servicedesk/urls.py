from django.urls import path

from . import views

app_name = "servicedesk"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("suggest/", views.suggestion_new, name="suggest"),
    path("inquiry/", views.inquiry, name="inquiry"),
    path("attachment/<str:token>/", views.attachment_download, name="attachment"),
    path("<str:reference>/", views.request_detail, name="detail"),
]
