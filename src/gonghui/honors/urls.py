from django.urls import path

from . import views

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
]
