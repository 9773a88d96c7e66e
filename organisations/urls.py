from django.urls import path, re_path

from organisations import training_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/members/", views.members, name="members"),
    re_path(
        r"^(?P<pk>\d+)/members\.(?P<file_format>csv|xlsx)$",
        views.members_export,
        name="members_export",
    ),
    path("<int:pk>/members/<int:membership_pk>/role/", views.change_role, name="change_role"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.remove_member, name="remove_member"),
    path(
        "<int:pk>/members/<int:membership_pk>/handler/",
        training_views.mark_handler,
        name="mark_handler",
    ),
    path("<int:pk>/training/", training_views.duties, name="training"),
    re_path(
        r"^(?P<pk>\d+)/training/(?P<year>\d{4})\.(?P<file_format>pdf|xlsx|csv)$",
        training_views.record,
        name="training_record",
    ),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/sharing/", views.sharing_choice, name="sharing"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/requests/<int:request_pk>/", views.decide, name="decide"),
    path("<int:pk>/steps/<int:step_pk>/", views.plan_step, name="plan_step"),
    path("<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("<int:pk>/ask/", views.ask_cooperative, name="ask_cooperative"),
    path("<int:pk>/assessments/start/", views.start_assessment, name="start_assessment"),
    path("<int:pk>/assessments/<int:assessment_pk>/", views.assessment, name="assessment"),
    path(
        "<int:pk>/assessments/<int:assessment_pk>/answer/",
        views.answer,
        name="answer",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_pk>/score/",
        views.score,
        name="score",
    ),
]
