app_name = "packages_api"

urlpatterns = []
