from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.middleware import csrf
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.dates import format_date
from school import my_data as my_data_archive
from school.forms import ProfileForm, SignupForm
from school.models import PrivacyConsent


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """Django's refusal of a form without a valid CSRF token, as the site's own page."""
    context = {"no_cookie": reason == csrf.REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)


@require_GET
def choose_language(request, code):
    """Remember the display language in a cookie and go back.

    A plain link, not a form: it changes only this browser's preference, never data, and
    keeps pages free of per-visitor tokens so anonymous pages can be cached whole.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    response = redirect(_safe_next(request, "/"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    add_never_cache_headers(response)
    return response


def _privacy_version() -> str:
    """The privacy notice's version, an ISO date, written as the site writes dates."""
    try:
        return format_date(date.fromisoformat(settings.PRIVACY_POLICY_VERSION))
    except ValueError:
        return settings.PRIVACY_POLICY_VERSION


def privacy_notice(request):
    return render(request, "legal/privacy.html", {"version": _privacy_version()})


def _safe_next(request, fallback: str) -> str:
    """The path on this site in `next`, or else the fallback (a URL name or a path).

    Only a path will do: a bare word such as `id` would otherwise be taken for the name
    of a URL, and a relative address leads somewhere nobody meant.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback) if fallback else ""


def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            PrivacyConsent.objects.create(user=user, policy_version=settings.PRIVACY_POLICY_VERSION)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome, %(name)s! Your account is ready.") % {"name": user.name}
        )
        return redirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
    return render(
        request,
        "registration/signup.html",
        {
            "form": form,
            "next": _safe_next(request, ""),
            "privacy_version": _privacy_version(),
        },
    )


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    consents = request.user.privacy_consents.all()
    context = {
        "form": form,
        "consents": consents,
        "prepared": my_data_archive.prepared(request.user, timezone.now()),
    }
    return render(request, "registration/profile.html", context)


@require_POST
@login_required
def my_data(request):
    """Everything the school holds about the person, as one ZIP (and the download logged);
    a large account's is built by the task worker and the person told when it is ready."""
    if my_data_archive.is_large(request.user):
        my_data_archive.prepare(request.user)
        messages.info(
            request,
            _(
                "There is a lot to gather: your data is being prepared. You will get a notice "
                "with the link when it is ready, usually within minutes; the link works for a "
                "week."
            ),
        )
        return redirect("profile")
    response = HttpResponse(my_data_archive.archive(request.user), content_type="application/zip")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{day}.zip"'
    add_never_cache_headers(response)
    return response


@require_GET
@login_required
def my_data_ready(request, pk):
    """A prepared download, to its owner only, while it is kept."""
    download = my_data_archive.ready_for(request.user, pk, timezone.now())
    if download is None:
        raise Http404
    day = timezone.localdate(download.ready_at).isoformat()
    response = FileResponse(
        download.archive.open("rb"),
        as_attachment=True,
        filename=f"my-data-{day}.zip",
        content_type="application/zip",
    )
    add_never_cache_headers(response)
    return response
