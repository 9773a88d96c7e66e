"""Serve public pages to anonymous visitors from a cache of whole responses.

Most visitors browse the catalogue, courses and lessons without logging in; for them a
page is the same every time until something is published. Pages opt in by setting
`response.cache_for_anonymous = True` (see cms.models.CachedPageMixin). The key holds
the content version, so publishing invalidates every cached page at once. A page that
also shows live data (a course's classes and seats) sets `response.cache_dependencies`
to the versions of that data it read *before* reading it; a stored page is used only
while those versions are unchanged. A page whose facts change by the clock alone sets
`response.cache_timeout` (seconds) to be kept no longer than that.

Visitors choose the query string, so it must not choose the keys: a key holds only the
parameters cached pages read (only the catalogue reads any: cms.models.catalog.QUERY_PARAMETERS),
and a page is stored only when it read every parameter of its request, and only while
its client has not added its share of entries this minute (core.cache_budget).
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse

from cms.models.catalog import QUERY_PARAMETERS
from core.cache_budget import may_add
from core.versions import TIMEOUT, cache, content_version, dependency_versions

# A request carrying any of these may see something personal, so it is never served
# from, or stored in, the shared cache.
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def _is_cacheable_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in _PERSONAL_COOKIES
    )


def _query(request) -> str:
    """The parameters cached pages read, sorted, each with the value a page reads (the
    last): '?level=a&utm=x&level=b' and '?level=b' make one key."""
    names = sorted(QUERY_PARAMETERS.intersection(request.GET))
    return urlencode([(name, request.GET.getlist(name)[-1]) for name in names])


def _key(request) -> str:
    parts = "\n".join(
        [
            content_version(),
            request.LANGUAGE_CODE,
            request.get_host(),
            request.path,
            _query(request),
            "htmx" if request.headers.get("HX-Request") == "true" else "",
        ]
    )
    return "page:" + hashlib.sha256(parts.encode()).hexdigest()


def _reads_every_parameter(request, response) -> bool:
    """Whether the page read each parameter of the request, given once. Only then is the
    page what its key says: one rendered for '?utm=…' shows that in its links."""
    read = getattr(response, "cache_query_parameters", ())
    return all(name in read and len(values) == 1 for name, values in request.GET.lists())


def _is_cacheable_response(request, response) -> bool:
    return (
        getattr(response, "cache_for_anonymous", False)
        and response.status_code == 200
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
        and _reads_every_parameter(request, response)
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
        # A page whose facts change by the clock alone (enrolment opening) says when.
        timeout = getattr(response, "cache_timeout", TIMEOUT)
        if _is_cacheable_response(request, response) and timeout and may_add(request):
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            dependencies = getattr(response, "cache_dependencies", {})
            cache.set(key, (response.content, headers, dependencies), timeout)
        return response
