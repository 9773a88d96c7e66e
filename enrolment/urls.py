from django.urls import path, re_path

from enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("lessons/<int:lesson_pk>/done/", views.lesson_done, name="lesson_done"),
    path("attendance/<int:enrolment_pk>/", views.attendance_history, name="attendance_history"),
    path("checkin/<int:session_pk>/", views.check_in, name="checkin"),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/code/",
        views.checkin_code,
        name="checkin_code",
    ),
    path("classes/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("classes/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("classes/<int:pk>/roster/", views.class_roster, name="roster"),
    path("classes/<int:pk>/completion/", views.completion_rules, name="completion_rules"),
    path("classes/<int:pk>/attendance/", views.attendance_report, name="attendance_report"),
    path("classes/<int:pk>/import/", views.import_attendance, name="import_attendance"),
    re_path(
        r"^classes/(?P<pk>\d+)/attendance\.(?P<file_format>csv|xlsx)$",
        views.attendance_report_export,
        name="attendance_report_export",
    ),
    path("classes/<int:pk>/roster/enrol/", views.staff_enrol, name="staff_enrol"),
    path(
        "classes/<int:pk>/roster/<int:enrolment_pk>/move-up/",
        views.staff_move_up,
        name="staff_move_up",
    ),
    path(
        "classes/<int:pk>/roster/<int:enrolment_pk>/cancel/",
        views.staff_cancel,
        name="staff_cancel",
    ),
    path("classes/<int:pk>/sessions/<int:session_pk>/roll/", views.roll_call, name="roll_call"),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/roll/all-present/",
        views.roll_all_present,
        name="roll_all_present",
    ),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/roll/<int:enrolment_pk>/",
        views.roll_mark,
        name="roll_mark",
    ),
    re_path(
        r"^classes/(?P<pk>\d+)/roster\.(?P<file_format>csv|xlsx)$",
        views.class_roster_export,
        name="roster_export",
    ),
]
