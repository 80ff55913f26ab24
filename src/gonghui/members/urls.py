from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("add/", views.member_add, name="add"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("memberships/<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("memberships/<int:pk>/leave/", views.member_leave, name="leave"),
]
