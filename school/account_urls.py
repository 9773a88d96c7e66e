from django.contrib.auth import views as auth_views
from django.urls import include, path

from school import closure_views, views
from school.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("close/", closure_views.close_own_account, name="close_account"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/<int:pk>/", views.my_data_ready, name="my_data_ready"),
    path("", include("django.contrib.auth.urls")),
]
