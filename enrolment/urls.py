from django.urls import path, re_path

from enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("classes/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("classes/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("classes/<int:pk>/roster/", views.class_roster, name="roster"),
    re_path(
        r"^classes/(?P<pk>\d+)/roster\.(?P<file_format>csv|xlsx)$",
        views.class_roster_export,
        name="roster_export",
    ),
]
