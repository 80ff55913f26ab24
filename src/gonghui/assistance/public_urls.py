"""Pages without sign-in, under /public/aid/ (the accounts middleware exempts /public/)."""

from django.urls import path

from . import views_notices

app_name = "aid_public"

urlpatterns = [
    path("<str:token>/", views_notices.public_notice, name="notice"),
]
