"""Every URL of the site, as the resolver knows it, and what a response meant for its asker."""

from urllib.parse import urlparse

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

OUR_APPS = ("school", "cms", "courses", "enrolment", "organisations", "certificates", "outbox")

OK = "200"
LOGIN = "login"  # sent to the login page
DONE = "done"  # redirected after doing (or politely refusing) what was asked
DENIED = "denied"  # 403, or the admin's "no permission" redirect to its dashboard
NOT_FOUND = "404"
NOT_ALLOWED = "405"


def route_of(url: str) -> str:
    return resolve(urlparse(url).path).route.replace("^", "")


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).replace("^", "")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def routes_to_decide() -> set[str]:
    """Every route outside the admin, and the admin routes whose views are ours."""
    decided = set()
    for route, pattern in _walk(get_resolver()):
        module = getattr(pattern.callback, "__module__", "")
        if not route.startswith("admin/") or module.split(".")[0] in OUR_APPS:
            decided.add(route)
    return decided


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = urlparse(response["Location"]).path
        if location == reverse("login"):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
        return DONE
    if response.status_code == 403:
        return DENIED
    return str(response.status_code)
