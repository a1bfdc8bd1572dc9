from django.urls import path

from . import views

app_name = "packages"

urlpatterns = [
    path("", views.package_list, name="list"),
    path("compare/", views.package_compare, name="compare"),
    path("<int:pk>/", views.package_detail, name="detail"),
    path("<int:pk>/order/", views.package_order, name="order"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/pay/", views.contract_pay, name="contract_pay"),
    path("contracts/<int:pk>/cancel/", views.contract_cancel, name="contract_cancel"),
    path("contracts/<int:pk>/exemption/", views.contract_exemption, name="contract_exemption"),
]
