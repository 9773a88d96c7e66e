"""Security headers on every response: CSP without inline scripts, nosniff, a referrer policy,
a permissions policy, and HSTS over HTTPS."""

import pytest

from tests.security.matrix import ADMIN_ROWS, ROWS


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _features_off(response) -> bool:
    policy = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    return all(policy.get(feature) == "()" for feature in DEVICE_FEATURES)


# What no page uses; full screen (embedded videos) and the clipboard (copy buttons) stay.
DEVICE_FEATURES = ("camera", "microphone", "geolocation", "payment")


def _site_rows():
    return [row for row in ROWS if row.method == "get" and not row.htmx]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_every_page_of_the_site_forbids_inline_scripts_and_sniffing(role, school, as_role):
    client = as_role(role)
    for row in _site_rows():
        response = client.get(row.url(school))
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], row.name
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"], row.name
        assert "'self'" not in policy["frame-src"], row.name  # only the admin frames the site
        assert response["X-Content-Type-Options"] == "nosniff", row.name
        assert response["Referrer-Policy"] in {"same-origin", "no-referrer"}, row.name
        assert _features_off(response), row.name


def test_htmx_partials_carry_the_headers_too(school, as_role):
    url = f"/learning/classes/{school.class_.pk}/sessions/{school.session.pk}/code/"
    response = as_role("instructor").get(url, headers={"HX-Request": "true"})
    assert _policy(response)["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_page_served_from_the_anonymous_cache_keeps_its_policy(school, as_role):
    client = as_role("anonymous")
    first, second = client.get(school.course.url), client.get(school.course.url)
    assert first.status_code == second.status_code == 200
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_error_pages_carry_the_policy(school, as_role):
    response = as_role("activist").get("/no-such-page/")
    assert response.status_code == 404
    assert _policy(response)["script-src"] == ["'self'"]
    assert _features_off(response)


def test_the_admin_alone_may_run_its_own_inline_scripts(school, as_role):
    """Wagtail's inline panels and date pickers use inline scripts; its preview is framed."""
    client = as_role("staff")
    for row in ADMIN_ROWS:
        if row.method == "get" and row.expected["staff"] == "200" and "preview" not in row.name:
            response = client.get(row.url(school))
            policy = _policy(response)
            assert policy["script-src"] == ["'self'", "'unsafe-inline'"], row.name
            assert policy["frame-ancestors"] == ["'self'"], row.name
            assert "'self'" in policy["frame-src"], row.name  # the live preview
            assert "https://www.youtube.com" in policy["frame-src"], row.name
            assert policy["object-src"] == ["'none'"], row.name
            assert _features_off(response), row.name


def test_a_preview_keeps_the_sites_policy_inside_the_editors_frame(school, as_role):
    url = f"/admin/pages/{school.course.pk}/revisions/{school.course.latest_revision_id}/view/"
    policy = _policy(as_role("staff").get(url))
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_personal_calendar_addresses_are_never_sent_on_as_referrers(school, as_role):
    response = as_role("anonymous").get(f"/calendar/u/{school.feed_token}.ics")
    assert response["Referrer-Policy"] == "no-referrer"


def test_over_https_the_site_asks_browsers_to_stay_on_https(school, as_role, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = as_role("anonymous")
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


def test_the_permissions_policy_leaves_what_the_site_uses(school, as_role):
    for response in (
        as_role("anonymous").get("/"),
        as_role("anonymous").get("/"),  # from the anonymous page cache
        as_role("activist").get(school.lesson.url),
        as_role("instructor").get(
            f"/learning/classes/{school.class_.pk}/sessions/{school.session.pk}/code/",
            headers={"HX-Request": "true"},
        ),
    ):
        assert _features_off(response)
        assert "fullscreen" not in response["Permissions-Policy"]
        assert "clipboard" not in response["Permissions-Policy"]
