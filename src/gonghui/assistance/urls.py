from django.urls import path

from . import (
    views,
    views_hardship,
    views_import,
    views_notices,
    views_reveal,
    views_schedule,
)

app_name = "assistance"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/reveal/", views_reveal.campaign_reveal, name="campaign_reveal"),
    path("campaigns/<int:pk>/batch/", views.campaign_batch, name="campaign_batch"),
    path("campaigns/<int:pk>/apply/", views.application_new, name="application_new"),
    path("campaigns/<int:pk>/visits/", views.campaign_visit, name="campaign_visit"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/import/", views_import.aid_import, name="import"),
    path(
        "campaigns/<int:pk>/import/template.xlsx",
        views_import.aid_import_template,
        name="import_template",
    ),
    path(
        "campaigns/<int:pk>/import/<str:job_id>/",
        views_import.aid_import_preview,
        name="import_preview",
    ),
    path(
        "campaigns/<int:pk>/import/<str:job_id>/progress/",
        views_import.aid_import_progress,
        name="import_progress",
    ),
    path(
        "campaigns/<int:pk>/import/<str:job_id>/commit/",
        views_import.aid_import_commit,
        name="import_commit",
    ),
    path(
        "campaigns/<int:pk>/import/<str:job_id>/cancel/",
        views_import.aid_import_cancel,
        name="import_cancel",
    ),
    path(
        "campaigns/<int:pk>/import/<str:job_id>/errors.xlsx",
        views_import.aid_import_errors,
        name="import_errors",
    ),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "applications/<int:pk>/reveal/", views_reveal.application_reveal, name="application_reveal"
    ),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path("applications/<int:pk>/disburse/", views.application_disburse, name="disburse"),
    path("applications/<int:pk>/schedules/", views_schedule.schedule_new, name="schedule_new"),
    path(
        "schedules/<int:pk>/generate/", views_schedule.schedule_generate, name="schedule_generate"
    ),
    path("disbursements/<int:pk>/sign/", views.disbursement_sign, name="disbursement_sign"),
    path("notices/<int:pk>/", views_notices.notice_detail, name="notice"),
    path("notices/<int:pk>/notice.docx", views_notices.notice_docx_view, name="notice_docx"),
    path("notices/<int:pk>/notice.pdf", views_notices.notice_pdf_view, name="notice_pdf"),
    path("objections/<int:pk>/resolve/", views_notices.objection_resolve, name="objection_resolve"),
    path("hardship/", views_hardship.hardship_list, name="hardship"),
    path("hardship/new/", views_hardship.hardship_new, name="hardship_new"),
    path("hardship/<int:pk>/", views_hardship.hardship_detail, name="hardship_file"),
    path("hardship/<int:pk>/reveal/", views_reveal.hardship_reveal, name="hardship_reveal"),
    path("hardship/<int:pk>/review/", views_hardship.hardship_review, name="hardship_review"),
    path("hardship/<int:pk>/close/", views_hardship.hardship_close, name="hardship_close"),
]
