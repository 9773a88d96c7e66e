"""Notices, each told once, on the channels the person keeps on.

`tell_once` is the one way the school tells a person something. In one transaction it
writes the sent-log row (unique per person, kind and occurrence: a run repeated or beside
it tells nobody twice), which is also the notice on the site, and queues the e-mail in
the outbox (which retries a failing mail server and shows failures to staff). A kind the
person turned off on a channel is not sent there (`NoticeChoice`). An e-mail that can wait
(not `Kind.urgent`) waits out the quiet hours, 21:00–08:00 in Seoul, and goes with the
next sweep after them (`send_waiting`).

Every e-mail carries a one-click unsubscribe for its kind (RFC 8058: `List-Unsubscribe`
with `List-Unsubscribe-Post`) and a link to the person's notice settings.
"""

import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import korean
from outbox import delivery
from outbox.kinds import DEFAULT_ON, Channel, channels, kind
from outbox.models import NoticeChoice, SentNotice

QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)
_UNSUBSCRIBE_SALT = "outbox.notices.unsubscribe"


def is_quiet(now: datetime) -> bool:
    clock = timezone.localtime(now).time()
    return clock >= QUIET_FROM or clock < QUIET_UNTIL


def after_quiet(now: datetime) -> datetime:
    """The end of the quiet hours `now` falls in (08:00 in Seoul, that day or the next)."""
    local = timezone.localtime(now)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, QUIET_UNTIL))


def tell_once(
    person,
    kind_name: str,
    key: str,
    template: str,
    context: dict,
    *,
    link: str = "",
    attachments=(),
    now: datetime | None = None,
) -> bool:
    """Tell the person the notice `template` (its `_subject.txt` and `.txt`), unless they
    were told it already; return whether it was told now.

    `link` is where the person acts on it (a path on this site). `attachments` (file
    name, content, type) go with the e-mail, which then goes at once.
    """
    about = kind(kind_name)
    now = now or timezone.now()
    with transaction.atomic():
        notice = first_time(person, kind_name, key, now=now)
        if notice is None:
            return False
        wanted = wants(person, kind_name)
        with translation.override(language_of(person)):
            context = {**context, "person": person, "site_url": settings.SITE_URL}
            notice.title = _title(render_to_string(f"{template}_subject.txt", context))
            notice.body = korean.resolve(render_to_string(f"{template}.txt", context))
        notice.link = link
        notice.on_site = Channel.SITE in wanted
        if about.urgent or attachments or not is_quiet(now):
            _send(notice, wanted, attachments)
        elif wanted & {Channel.EMAIL, Channel.SMS}:
            notice.held_until = after_quiet(now)
        notice.save()
    return True


def wants(person, kind_name: str) -> set[str]:
    """The channels this person gets this kind of notice on, as things stand: their choices
    over the defaults, and only channels that can reach them."""
    chosen = dict(person.notice_choices.filter(kind=kind_name).values_list("channel", "enabled"))
    on = {channel for channel in channels() if chosen.get(channel, DEFAULT_ON[channel])}
    if not person.email:
        on.discard(Channel.EMAIL)
    if not (person.mobile and person.mobile_consented_at):
        on.discard(Channel.SMS)
    return on


def _send(notice: SentNotice, wanted: set[str], attachments=()) -> None:
    if Channel.EMAIL in wanted:
        _email(notice, attachments)
    if Channel.SMS in wanted:
        _text(notice)


def first_time(user, kind_name: str, key: str, *, now=None) -> SentNotice | None:
    """Record that the person is told this now (the row, to fill in); None when they
    already were.

    Call it inside the transaction that queues the message: the row and the message commit
    together or not at all. A run beside it that records the same notice waits on the
    unique row until this one commits, then finds it taken.
    """
    try:
        with transaction.atomic():
            return SentNotice.objects.create(
                user=user, kind=kind_name, key=key, sent_at=now or timezone.now()
            )
    except IntegrityError:
        return None


def told(
    user,
    kind_name: str,
    key: str,
    when,
    *,
    template: str = "",
    context=None,
    link: str = "",
    read: bool = True,
) -> None:
    """Record a notice as given at `when` without sending it: history loaded as it
    happened (the demo school), whose people were told at the time. With a `template`,
    it is on their notice list as they would have read it (or not yet, `read=False`)."""
    notice = first_time(user, kind_name, key, now=when)
    if notice is None or not template:
        return
    with translation.override(language_of(user)):
        context = {**(context or {}), "person": user, "site_url": settings.SITE_URL}
        notice.title = _title(render_to_string(f"{template}_subject.txt", context))
        notice.body = korean.resolve(render_to_string(f"{template}.txt", context))
    notice.link, notice.on_site, notice.read_at = link, True, when if read else None
    notice.save()


def send_waiting(now: datetime) -> int:
    """Send the notices that waited out the quiet hours, on the channels the person keeps
    on now; return how many went. Each is taken under a row lock and cleared in the same
    transaction as its messages, so two sweeps at once send it once."""
    sent = 0
    while True:
        with transaction.atomic():
            notice = (
                SentNotice.objects.waiting_for_morning(now)
                .select_related("user")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("held_until", "pk")
                .first()
            )
            if notice is None:
                return sent
            notice.held_until = None
            notice.save(update_fields=["held_until"])
            wanted = wants(notice.user, notice.kind)
            if wanted & {Channel.EMAIL, Channel.SMS}:
                _send(notice, wanted)
                sent += 1


def language_of(person) -> str:
    return getattr(person, "notice_language", "") or settings.LANGUAGE_CODE


def unsubscribe_token(person, kind_name: str) -> str:
    return signing.dumps([person.pk, kind_name], salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(person id, kind) from a link in an e-mail; signing.BadSignature if forged."""
    pk, kind_name = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    kind(kind_name)  # KeyError for a kind no longer given
    return pk, kind_name


def turn_off(person, kind_name: str, channel: str) -> None:
    """Turn one kind of notice off on one channel."""
    NoticeChoice.objects.update_or_create(
        user=person, kind=kind_name, channel=channel, defaults={"enabled": False}
    )


def _text(notice: SentNotice) -> None:
    """A text message: the title and where to act, in the person's language."""
    link = settings.SITE_URL + notice.link if notice.link.startswith("/") else notice.link
    text = f"[{settings.WAGTAIL_SITE_NAME}] {notice.title}" + (f"\n{link}" if link else "")
    delivery.queue_text(notice.user.mobile, text, title=notice.title)


def _title(subject: str) -> str:
    """The notice's title: its e-mail subject without the school's tag, which only an
    inbox needs (`_email` puts it back)."""
    return korean.resolve(re.sub(r"^\[[^\]]*\]\s*", "", subject.strip()))[:240]


def _email(notice: SentNotice, attachments=()) -> None:
    person = notice.user
    site = settings.SITE_URL
    unsubscribe = site + reverse(
        "notices:unsubscribe", args=[unsubscribe_token(person, notice.kind)]
    )
    with translation.override(language_of(person)):
        context = {
            "notice": notice,
            "kind": kind(notice.kind),
            "link": site + notice.link if notice.link.startswith("/") else notice.link,
            "unsubscribe_url": unsubscribe,
            "settings_url": site + reverse("notices:settings"),
        }
        text = notice.body.rstrip() + "\n" + render_to_string("outbox/email/footer.txt", context)
        html = render_to_string("outbox/email/notice.html", context)
    message = EmailMultiAlternatives(
        f"[{settings.WAGTAIL_SITE_NAME}] {notice.title}",
        text,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    get_connection().send_messages([message])
