"""The site's URLs plus a bare view: the baseline every benchmark is measured against."""

from django.shortcuts import render
from django.urls import include, path


def bare(request):
    return render(request, "bench/bare.html", {"title": "bare"})


urlpatterns = [path("bench/bare/", bare), path("", include("school.urls"))]
