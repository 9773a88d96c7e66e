"""Which page a path names: routed once per host, path and content version.

Wagtail walks the page tree from the site's root to serve a path, a query or two per
level (the home page, the course, the lesson), and keeps the result on the request as
`request._wagtail_route_for_request`, its documented per-request cache. Which page a path
names only changes when a page is published, unpublished, moved, renamed or deleted, all
of which bump the content version; so the page's id and type are kept in the shared cache
under that version and the page is loaded with one query. Who may see it is still decided
on every request (view restrictions, lesson access), after routing, as before. Only plain
routes are kept (a page itself, no sub-route with arguments), and only while the client
may add to the cache.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from wagtail import views as wagtail_views
from wagtail.url_routing import RouteResult

from core.cache_budget import may_add
from core.versions import TIMEOUT, content_version, kept


def _key(request) -> str:
    parts = f"{content_version()}\n{request.get_host()}\n{request.get_port()}\n{request.path}"
    return "cms:route:" + hashlib.sha256(parts.encode()).hexdigest()


class PageRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_route_cache_key", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key and route is not None and not route.args and not route.kwargs:
            if may_add(request):
                page = route.page
                content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
                kept.set(key, (page.pk, content_type.pk), TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        try:
            key = _key(request)
        except DisallowedHost:
            return None
        found = kept.get(key)
        if found is None:
            request._route_cache_key = key  # kept once Wagtail has routed it
            return None
        pk, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=pk, live=True).first()
        if page is not None:
            request._wagtail_route_for_request = RouteResult(page)
        return None
