app_name = "sla_api"

urlpatterns = []
