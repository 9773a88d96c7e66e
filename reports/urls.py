from django.urls import path, re_path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", views.export, name="export"),
    path("sector/", views.sector_view, name="sector"),
    path("feedback/", views.feedback_view, name="feedback"),
    path("impact/", views.impact_view, name="impact"),
    re_path(r"^sector\.(?P<file_format>csv|xlsx)$", views.sector_export, name="sector_export"),
]
