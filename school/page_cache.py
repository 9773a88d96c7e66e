"""Serve public pages to anonymous visitors from a cache of whole responses.

Most visitors browse the catalogue, courses and lessons without logging in; for them a
page is the same every time until something is published. Pages opt in by setting
`response.cache_for_anonymous = True` (see cms.models.CachedPageMixin). The key holds
the content version, so publishing invalidates every cached page at once.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse

from cms.cache import TIMEOUT, cache, content_version

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
            content, headers = cached
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers), TIMEOUT)
        return response
