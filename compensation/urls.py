app_name = "compensation"

urlpatterns = []
