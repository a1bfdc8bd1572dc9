
app_name = "consent_api"

urlpatterns: list = []
