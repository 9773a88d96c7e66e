from django.urls import path

from feeds import views

app_name = "calendar"
urlpatterns = [
    path("school.ics", views.school, name="school"),
    path("tracks/<str:slug>.ics", views.track, name="track"),
    path("courses/<str:slug>.ics", views.course, name="course"),
    path("u/<str:token>.ics", views.personal, name="personal"),
    path("sessions/<int:pk>.ics", views.session_download, name="session"),
    path("classes/<int:pk>.ics", views.class_download, name="class"),
    path("address/", views.regenerate_token, name="regenerate_token"),
]
