"""The site's URLs plus bare views: the baselines every benchmark is measured against."""

from django.db import transaction
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from courses.models import Class


def bare(request):
    return render(request, "bench/bare.html", {"title": "bare"})


@require_POST
def bare_update(request, pk):
    """The floor of a write under contention: lock one row, update it, commit, answer."""
    with transaction.atomic():
        Class.objects.select_for_update().only("pk").get(pk=pk)
        Class.objects.filter(pk=pk).update(updated_at=timezone.now())
    return render(request, "bench/bare.html", {"title": "bare update"})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-update/<int:pk>/", bare_update),
    path("", include("school.urls")),
]
