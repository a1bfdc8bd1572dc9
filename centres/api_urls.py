app_name = "centres_api"

urlpatterns = []
