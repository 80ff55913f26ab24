from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("events/<int:pk>/results/", views.results_record, name="results"),
    path("events/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("events/<int:pk>/returns/", views.return_add, name="return_add"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/trainees/", views.trainee_add, name="trainee_add"),
    path("articles/", views.article_list, name="articles"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("outlets/", views.outlets, name="outlets"),
]
