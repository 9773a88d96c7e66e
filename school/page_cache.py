"""Serve public pages to anonymous visitors from a cache of whole responses.

Most visitors browse the catalogue, courses and lessons without logging in; for them a
page is the same every time until something is published. Pages opt in by setting
`response.cache_for_anonymous = True` (see cms.models.CachedPageMixin). The key holds
the content version, so publishing invalidates every cached page at once. A page that
also shows live data (a course's classes and seats) sets `response.cache_dependencies`
to the versions of that data it read *before* reading it; a stored page is used only
while those versions are unchanged.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse

from core.versions import TIMEOUT, cache, content_version, dependency_versions

# A request carrying any of these may see something personal, so it is never served
# from, or stored in, the shared cache.
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def _is_cacheable_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in _PERSONAL_COOKIES
    )


def _key(request) -> str:
    parts = "\n".join(
        [
            content_version(),
            request.LANGUAGE_CODE,
            request.get_host(),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
        ]
    )
    return "page:" + hashlib.sha256(parts.encode()).hexdigest()


def _is_cacheable_response(request, response) -> bool:
    return (
        getattr(response, "cache_for_anonymous", False)
        and response.status_code == 200
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers, dependencies = cached
            if not dependencies or dependency_versions(dependencies) == dependencies:
                return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            dependencies = getattr(response, "cache_dependencies", {})
            cache.set(key, (response.content, headers, dependencies), TIMEOUT)
        return response
