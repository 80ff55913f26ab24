from django.urls import path

from . import views, views_import

app_name = "honors"

urlpatterns = [
    path("", views.worker_list, name="list"),
    path("new/", views.worker_create, name="create"),
    path("export/", views.worker_export, name="export"),
    path("<int:pk>/", views.worker_detail, name="detail"),
    path("<int:pk>/edit/", views.worker_edit, name="edit"),
    path("<int:pk>/honours/", views.honour_add, name="honour_add"),
    path("<int:pk>/honours/<int:honour_pk>/revoke/", views.honour_revoke, name="honour_revoke"),
    path("<int:pk>/checks/", views.check_add, name="check_add"),
    path("<int:pk>/filing/", views.filing_checklist, name="filing_checklist"),
    path("<int:pk>/filing/submit/", views.filing_submit, name="filing_submit"),
    path("<int:pk>/filing/approve/", views.filing_approve, name="filing_approve"),
    path("<int:pk>/filing/return/", views.filing_return, name="filing_return"),
    path("<int:pk>/care/", views.care_add, name="care_add"),
    # Imports of the 劳模, 活动 and 信息宣传 ledgers (ledger = modelworkers, activities, articles).
    path("import/<slug:ledger>/", views_import.ledger_import, name="import"),
    path(
        "import/<slug:ledger>/template.xlsx",
        views_import.ledger_import_template,
        name="import_template",
    ),
    path(
        "import/<slug:ledger>/<str:job_id>/",
        views_import.ledger_import_preview,
        name="import_preview",
    ),
    path(
        "import/<slug:ledger>/<str:job_id>/progress/",
        views_import.ledger_import_progress,
        name="import_progress",
    ),
    path(
        "import/<slug:ledger>/<str:job_id>/commit/",
        views_import.ledger_import_commit,
        name="import_commit",
    ),
    path(
        "import/<slug:ledger>/<str:job_id>/cancel/",
        views_import.ledger_import_cancel,
        name="import_cancel",
    ),
    path(
        "import/<slug:ledger>/<str:job_id>/errors.xlsx",
        views_import.ledger_import_errors,
        name="import_errors",
    ),
]
