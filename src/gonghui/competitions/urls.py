from django.urls import path

from . import views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("new/", views.competition_create, name="create"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/board/", views.competition_board, name="board"),
    path("<int:pk>/findings/", views.competition_findings, name="findings"),
    path("<int:pk>/ranking/", views.competition_ranking, name="ranking"),
    path("<int:pk>/export.xlsx", views.competition_export, name="export"),
    path("<int:pk>/setup/<slug:what>/", views.competition_setup, name="setup"),
    path("<int:pk>/register/", views.competition_register, name="register"),
    path("<int:pk>/contest/", views.contest, name="contest"),
    path("<int:pk>/contest/add/<slug:what>/", views.contest_setup, name="contest_setup"),
    path("<int:pk>/contest/rounds/<int:round>/", views.round_scores, name="round_scores"),
    path(
        "<int:pk>/contest/contestants/<int:contestant>/remove/",
        views.contestant_remove,
        name="contestant_remove",
    ),
    path("<int:pk>/contest/import/", views.contestants_import, name="contestants_import"),
    path(
        "<int:pk>/contest/import/template.xlsx",
        views.contestants_import_template,
        name="contestants_import_template",
    ),
    path(
        "<int:pk>/contest/import/<str:job_id>/",
        views.contestants_import_preview,
        name="contestants_import_preview",
    ),
    path(
        "<int:pk>/contest/import/<str:job_id>/progress/",
        views.contestants_import_progress,
        name="contestants_import_progress",
    ),
    path(
        "<int:pk>/contest/import/<str:job_id>/commit/",
        views.contestants_import_commit,
        name="contestants_import_commit",
    ),
    path(
        "<int:pk>/contest/import/<str:job_id>/cancel/",
        views.contestants_import_cancel,
        name="contestants_import_cancel",
    ),
    path(
        "<int:pk>/contest/import/<str:job_id>/errors.xlsx",
        views.contestants_import_errors,
        name="contestants_import_errors",
    ),
    path("<int:pk>/awards/", views.award_list, name="awards"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("units/<int:pk>/", views.participant_detail, name="participant"),
    path("units/<int:pk>/handin/<int:requirement>/", views.handin_upload, name="upload"),
    path("units/<int:pk>/inspect/<slug:kind>/", views.inspection_form, name="inspect"),
    path("units/<int:pk>/teams/<slug:what>/", views.team_record, name="team_record"),
    path("handins/<int:pk>/file/", views.handin_download, name="download"),
    path("grades/", views.grade_rise_list, name="grade_rises"),
    path("grades/export.xlsx", views.grades_export, name="grades_export"),
    path("grades/import/", views.grades_import, name="grades_import"),
    path(
        "grades/import/template.xlsx",
        views.grades_import_template,
        name="grades_import_template",
    ),
    path("grades/import/<str:job_id>/", views.grades_import_preview, name="grades_import_preview"),
    path(
        "grades/import/<str:job_id>/progress/",
        views.grades_import_progress,
        name="grades_import_progress",
    ),
    path(
        "grades/import/<str:job_id>/commit/",
        views.grades_import_commit,
        name="grades_import_commit",
    ),
    path(
        "grades/import/<str:job_id>/cancel/",
        views.grades_import_cancel,
        name="grades_import_cancel",
    ),
    path(
        "grades/import/<str:job_id>/errors.xlsx",
        views.grades_import_errors,
        name="grades_import_errors",
    ),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
]
