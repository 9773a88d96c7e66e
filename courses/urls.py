from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [path("<int:pk>/sessions/", views.class_sessions, name="sessions")]
