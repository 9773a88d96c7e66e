from django.urls import path

from courses import feed_views

app_name = "calendar"
urlpatterns = [
    path("school.ics", feed_views.school, name="school"),
    path("tracks/<str:slug>.ics", feed_views.track, name="track"),
    path("courses/<str:slug>.ics", feed_views.course, name="course"),
    path("u/<str:token>.ics", feed_views.personal, name="personal"),
    path("sessions/<int:pk>.ics", feed_views.session_download, name="session"),
    path("classes/<int:pk>.ics", feed_views.class_download, name="class"),
    path("address/", feed_views.regenerate_token, name="regenerate_token"),
]
