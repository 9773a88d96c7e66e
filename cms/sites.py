"""Which Wagtail site answers a request: looked up once per host and content version.

Wagtail finds the site with a query on every request that serves a page (and keeps it on
the request as `request._wagtail_site`, its documented per-request cache). The answer only
changes when a site is edited or a page moves, both of which bump the content version, so
once a request has looked it up it is kept in the shared cache under that version. Hosts
come from the request, so only hosts in ALLOWED_HOSTS are kept, and only while the client
may add to the cache.
"""

import hashlib

from django.core.exceptions import DisallowedHost

from core.cache_budget import may_add
from core.versions import TIMEOUT, content_version, kept


def _key(host: str, port: str) -> str:
    parts = f"{content_version()}\n{host}\n{port}"
    return "cms:site:" + hashlib.sha256(parts.encode()).hexdigest()


class SiteForHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            key = _key(request.get_host(), request.get_port())
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 when the view asks
        site = kept.get(key)
        if site is not None:
            request._wagtail_site = site
        response = self.get_response(request)
        # Kept once Wagtail has looked it up: requests that serve no page ask nothing.
        found = getattr(request, "_wagtail_site", None)
        if site is None and found is not None and may_add(request):
            kept.set(key, found, TIMEOUT)
        return response
