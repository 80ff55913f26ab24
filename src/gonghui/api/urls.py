from django.urls import path
from ninja import NinjaAPI

api = NinjaAPI(title="工会台账 API", version="1", urls_namespace="api")

urlpatterns = [path("", api.urls)]
