app_name = "packages"

urlpatterns = []
