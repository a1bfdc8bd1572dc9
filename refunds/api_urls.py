app_name = "refunds_api"

urlpatterns = []
