app_name = "complaints_api"

urlpatterns = []
