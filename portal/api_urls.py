app_name = "portal_api"

urlpatterns = []
