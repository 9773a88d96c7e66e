from django.urls import path

from outbox import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("badge/", views.badge, name="badge"),
    path("settings/", views.notice_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
