from django.urls import path

from . import views, views_import

app_name = "members"

urlpatterns = [
    path("import/", views_import.member_import, name="import"),
    path("import/template.xlsx", views_import.member_import_template, name="import_template"),
    path("import/<str:job_id>/", views_import.member_import_preview, name="import_preview"),
    path(
        "import/<str:job_id>/progress/",
        views_import.member_import_progress,
        name="import_progress",
    ),
    path("import/<str:job_id>/commit/", views_import.member_import_commit, name="import_commit"),
    path("import/<str:job_id>/cancel/", views_import.member_import_cancel, name="import_cancel"),
    path(
        "import/<str:job_id>/errors.xlsx", views_import.member_import_errors, name="import_errors"
    ),
    path("export.xlsx", views_import.member_export, name="export"),
    path("", views.member_list, name="list"),
    path("add/", views.member_add, name="add"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("memberships/<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("memberships/<int:pk>/leave/", views.member_leave, name="leave"),
]
