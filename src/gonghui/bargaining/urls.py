from django.urls import path

from . import views

app_name = "bargaining"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("employers/", views.employer_search, name="employer_search"),
    path("reminders/", views.reminders, name="reminders"),
    path("figures/", views.figures, name="figures"),
    path("building/", views.building, name="building"),
    path("import/", views.ledger_import, name="import"),
    path("export/<slug:ledger>.xlsx", views.ledger_export, name="export"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/file/", views.agreement_file, name="file"),
    path("<int:pk>/decide/", views.agreement_decide, name="decide"),
]
