from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/add/", views.create, name="create"),
    path("<int:pk>/teams/add/", views.team_add, name="team_add"),
    path("employers/", views.employer_list, name="employers"),
    path("employers/add/", views.employer_add, name="employer_add"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
]
