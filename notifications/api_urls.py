app_name = "notifications_api"

urlpatterns = []
