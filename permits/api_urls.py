app_name = "permits_api"

urlpatterns = []
