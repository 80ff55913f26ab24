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
    path("<int:pk>/awards/", views.award_list, name="awards"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("units/<int:pk>/", views.participant_detail, name="participant"),
    path("units/<int:pk>/handin/<int:requirement>/", views.handin_upload, name="upload"),
    path("units/<int:pk>/inspect/<slug:kind>/", views.inspection_form, name="inspect"),
    path("units/<int:pk>/teams/<slug:what>/", views.team_record, name="team_record"),
    path("handins/<int:pk>/file/", views.handin_download, name="download"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
]
