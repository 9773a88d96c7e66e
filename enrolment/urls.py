from django.urls import path

from enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("classes/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("classes/<int:pk>/cancel/", views.cancel, name="cancel"),
]
