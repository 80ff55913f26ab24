from django.urls import path

from . import views, views_dashboard

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/narrative/", views.report_narrative, name="narrative"),
    path("<int:pk>/reopen/", views.report_reopen_view, name="reopen"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="download"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("reminders/", views_dashboard.reminders, name="reminders"),
]
