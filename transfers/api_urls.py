app_name = "transfers_api"

urlpatterns = []
