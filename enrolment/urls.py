from django.urls import path, re_path

from enrolment.views import instructor, learner, staff

app_name = "enrolment"
urlpatterns = [
    path("", learner.my_learning, name="my_learning"),
    path("lessons/<int:lesson_pk>/done/", learner.lesson_done, name="lesson_done"),
    path("attendance/<int:enrolment_pk>/", learner.attendance_history, name="attendance_history"),
    path("checkin/<int:session_pk>/", learner.check_in, name="checkin"),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/code/",
        instructor.checkin_code,
        name="checkin_code",
    ),
    path("classes/<int:pk>/enrol/", learner.enrol, name="enrol"),
    path("classes/<int:pk>/cancel/", learner.cancel, name="cancel"),
    path("classes/<int:pk>/card/", learner.class_card, name="class_card"),
    path("offers/<int:enrolment_pk>/", learner.seat_offer, name="seat_offer"),
    path("feedback/<int:enrolment_pk>/", learner.feedback, name="feedback"),
    path("classes/<int:pk>/feedback/", instructor.class_feedback, name="class_feedback"),
    path("classes/<int:pk>/roster/", instructor.class_roster, name="roster"),
    path("classes/<int:pk>/messages/", instructor.class_message, name="class_message"),
    path("classes/<int:pk>/completion/", instructor.completion_rules, name="completion_rules"),
    path("classes/<int:pk>/attendance/", instructor.attendance_report, name="attendance_report"),
    path("classes/<int:pk>/import/", staff.import_attendance, name="import_attendance"),
    re_path(
        r"^classes/(?P<pk>\d+)/attendance\.(?P<file_format>csv|xlsx)$",
        instructor.attendance_report_export,
        name="attendance_report_export",
    ),
    path("classes/<int:pk>/roster/enrol/", staff.staff_enrol, name="staff_enrol"),
    path(
        "classes/<int:pk>/roster/<int:enrolment_pk>/move-up/",
        staff.staff_move_up,
        name="staff_move_up",
    ),
    path(
        "classes/<int:pk>/roster/<int:enrolment_pk>/cancel/",
        staff.staff_cancel,
        name="staff_cancel",
    ),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/roll/", instructor.roll_call, name="roll_call"
    ),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/roll/all-present/",
        instructor.roll_all_present,
        name="roll_all_present",
    ),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/roll/<int:enrolment_pk>/",
        instructor.roll_mark,
        name="roll_mark",
    ),
    re_path(
        r"^classes/(?P<pk>\d+)/roster\.(?P<file_format>csv|xlsx)$",
        instructor.class_roster_export,
        name="roster_export",
    ),
]
