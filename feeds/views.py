"""Calendar feeds over HTTP: conditional answers, a rate limit, private personal feeds."""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_POST, require_safe

from cms.models import CoursePage, Track
from core import ratelimit
from courses import calendar
from courses.calendar import Role
from courses.models import Class
from feeds import feeds, tokens
from feeds.models import FeedToken

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Shown once on the profile after a new token is made (only its hash is stored).
NEW_FEED_URL_KEY = "calendar_new_feed_url"


def _rate_limited(view):
    @wraps(view)
    def limited(request, *args, **kwargs):
        # Per client and feed; the path is hashed so no token lands in the cache's keys.
        feed = hashlib.sha256(request.path.encode()).hexdigest()[:16]
        key = f"calendar:{ratelimit.client_address(request)}:{feed}"
        if ratelimit.allow(key, settings.CALENDAR_FEED_REQUESTS_PER_MINUTE, 60):
            return view(request, *args, **kwargs)
        response = HttpResponse(
            _("Too many requests. Please try again in a minute."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response

    return limited


def _cache_headers(response, *, personal: bool) -> None:
    if personal:
        response["Cache-Control"] = "private, max-age=900"
        # The address is the password: never hand it on, never index it.
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response["Cache-Control"] = "public, max-age=900"


def _feed_view(find, *, personal=False):
    """Make a feed view from `find(now, **url_kwargs)`, which returns a Feed or raises 404.

    The conditional checks and the view share one Feed per request, so a 304 costs the
    look-up and one aggregate query, and a 200 takes the body from the cache when it can.
    """

    def feed_for(request, **kwargs) -> feeds.Feed:
        if not hasattr(request, "calendar_feed"):
            request.calendar_feed = find(timezone.now(), **kwargs)
        return request.calendar_feed

    @condition(
        etag_func=lambda request, **kwargs: feeds.state(feed_for(request, **kwargs))["etag"],
        last_modified_func=lambda request, **kwargs: feeds.state(feed_for(request, **kwargs))[
            "last_modified"
        ],
    )
    def conditional(request, **kwargs):
        return HttpResponse(feeds.body(feed_for(request, **kwargs)), content_type=CONTENT_TYPE)

    @_rate_limited
    @require_safe
    def view(request, **kwargs):
        try:
            response = conditional(request, **kwargs)
        except Http404:
            # Plain, and the same for every wrong address: no page that echoes the path.
            response = HttpResponseNotFound("Not found\n", content_type="text/plain")
        _cache_headers(response, personal=personal)
        return response

    return view


def _track(now, slug):
    return feeds.for_track(get_object_or_404(Track, slug=slug), now)


def _course(now, slug):
    course = get_object_or_404(CoursePage.objects.live().public(), slug=slug)
    return feeds.for_course(course, now)


def _personal(now, token):
    found = feeds.personal_token(token)
    if found is None:
        raise Http404  # the same answer for a wrong, old or malformed token
    return feeds.personal(found, now)


school = _feed_view(lambda now: feeds.for_school(now))
track = _feed_view(_track)
course = _feed_view(_course)
personal = _feed_view(_personal, personal=True)


def _download(content: bytes, filename: str, role: Role) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _cache_headers(response, personal=role != Role.PUBLIC)
    return response


@require_safe
def session_download(request, pk):
    """One session as a one-off .ics; with the online link for its learners and teachers."""
    roles = feeds.roles_for(request.user)
    sessions = feeds.visible_sessions(roles).select_related("course_class__course")
    session = get_object_or_404(sessions, pk=pk)
    role = roles.get(session.course_class_id, Role.PUBLIC)
    content = calendar.session_calendar(session, role=role)
    return _download(content, f"session-{session.pk}.ics", role)


@require_safe
def class_download(request, pk):
    """All of a class's sessions as a one-off .ics."""
    roles = feeds.roles_for(request.user)
    classes = Class.objects.filter(pk__in=feeds.visible_sessions(roles).values("course_class"))
    class_ = get_object_or_404(classes.select_related("course"), pk=pk)
    role = roles.get(class_.pk, Role.PUBLIC)
    return _download(calendar.class_calendar(class_, role=role), f"class-{class_.pk}.ics", role)


@require_POST
@login_required
def regenerate_token(request):
    """Make a new personal feed address; the old one answers 404 from now on.

    Offered on My account and My learning; without htmx it goes back to the one it came from.
    """
    had_one = FeedToken.objects.filter(user=request.user).exists()
    token = tokens.regenerate(request.user)
    feed_url = reverse("calendar:personal", args=[token])
    if had_one:
        messages.success(
            request, _("Your new calendar address is ready. The old one no longer works.")
        )
    else:
        messages.success(request, _("Your calendar address is ready."))
    if request.htmx:
        context = {"feed": feeds.subscribe_links(feed_url), "has_token": True, "swapped": True}
        return render(request, "feeds/partials/personal_feed.html", context)
    request.session[NEW_FEED_URL_KEY] = feed_url
    pages = {reverse("profile"), reverse("enrolment:my_learning")}
    back = request.POST.get("next", "")
    return redirect(back if back in pages else "profile")
