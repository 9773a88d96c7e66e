"""A person's notices on the site, their notice settings, and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from outbox import notices
from outbox.forms import NoticeSettingsForm
from outbox.kinds import KINDS, Channel
from outbox.models import NoticeChoice, SentNotice

PER_PAGE = 20


@login_required
def notice_list(request):
    shown = request.user.sent_notices.shown()
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outbox/notice_list.html",
        {"page": page, "unread": shown.filter(read_at__isnull=True).count()},
    )


@require_GET
@login_required
def open_notice(request, pk):
    """Mark the notice read and go where it leads (back to the list if nowhere)."""
    notice = get_object_or_404(SentNotice.objects.shown(), pk=pk, user=request.user)
    if notice.read_at is None:
        SentNotice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if notice.link and url_has_allowed_host_and_scheme(
        notice.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.link)
    return redirect("notices:list")


@require_POST
@login_required
def mark_all_read(request):
    count = request.user.sent_notices.unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("Every notice is marked as read."))
    return redirect("notices:list")


@require_GET
@login_required
@vary_on_headers("HX-Request")
def badge(request):
    """The header's link to the notices with the unread count (htmx loads it after the
    page; without JavaScript the link is there without the count)."""
    unread = request.user.sent_notices.unread().count()
    response = render(request, "outbox/partials/badge.html", {"unread": unread})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def notice_settings(request):
    person = request.user
    choices = {(c.kind, c.channel): c.enabled for c in person.notice_choices.all()}
    form = NoticeSettingsForm(request.POST or None, choices=choices, person=person)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        with transaction.atomic():
            person.notice_choices.all().delete()
            NoticeChoice.objects.bulk_create(
                NoticeChoice(user=person, kind=kind, channel=channel, enabled=on)
                for (kind, channel), on in chosen.items()
            )
            person.notice_language = form.cleaned_data["language"]
            fields = ["notice_language"]
            if "mobile" in form.cleaned_data:
                number = form.cleaned_data["mobile"]
                if number != person.mobile or (number and not person.mobile_consented_at):
                    person.mobile_consented_at = timezone.now() if number else None
                person.mobile = number
                fields += ["mobile", "mobile_consented_at"]
            person.save(update_fields=fields)
        messages.success(request, _("Your notice settings have been saved."))
        return redirect("notices:settings")
    return render(request, "outbox/notice_settings.html", {"form": form})


@csrf_exempt  # RFC 8058: mail programs POST the link as it is; the signed token is the proof
def unsubscribe(request, token):
    """Stop one kind of notice by e-mail, without signing in: GET asks (link scanners
    follow links), POST stops it, from the page's button or a mail program's one-click."""
    try:
        pk, kind_name = notices.read_unsubscribe_token(token)
        person = get_user_model().objects.get(pk=pk, is_active=True)
    except (signing.BadSignature, KeyError, ValueError, TypeError, get_user_model().DoesNotExist):
        return render(request, "outbox/unsubscribe.html", {"invalid": True}, status=400)
    kind = KINDS[kind_name]
    done = request.method == "POST"
    if done:
        notices.turn_off(person, kind_name, Channel.EMAIL)
    return render(request, "outbox/unsubscribe.html", {"kind": kind, "done": done})
