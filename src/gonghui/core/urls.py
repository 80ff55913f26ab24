from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.audit_log, name="audit"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
]
