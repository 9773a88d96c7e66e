"""The site's URLs and its 500 handler, with one page that fails."""

from django.urls import path

from school.urls import handler500
from school.urls import urlpatterns as site


def fail(request):
    raise RuntimeError("the failing page failed")


urlpatterns = [path("fail/", fail), *site]
__all__ = ["handler500", "urlpatterns"]
