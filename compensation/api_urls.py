app_name = "compensation_api"

urlpatterns = []
