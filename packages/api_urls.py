from django.urls import path

from . import api

app_name = "packages_api"

urlpatterns = [
    path("", api.PackageListView.as_view(), name="package-list"),
    path("<int:pk>/", api.PackageDetailView.as_view(), name="package-detail"),
    path("contracts/", api.ContractListView.as_view(), name="contract-list"),
    path("contracts/<int:pk>/", api.ContractDetailView.as_view(), name="contract-detail"),
    path("contracts/<int:pk>/pay/", api.ContractPayView.as_view(), name="contract-pay"),
    path("contracts/<int:pk>/cancellation/", api.ContractCancellationView.as_view(),
         name="contract-cancellation"),
    path("contracts/<int:pk>/cancel/", api.ContractCancelView.as_view(),
         name="contract-cancel"),
]
