"""Closing an account: the person is anonymised, the school's records stay countable.

Korean privacy law (개인정보 보호법) lets the school keep records for statistics and
record-keeping once they no longer identify anyone (가명처리). So nothing is deleted that
counts something: enrolments, attendance, lesson progress, assessment answers and
certificates keep their rows and now point at a nameless account. What identifies the
person (name, username, e-mail, password, calendar address, memberships, pending
requests, login records, profile picture, their address in the outgoing-mail log) is
removed. History rows (who changed what) keep pointing at the same, now anonymous,
account; the organisations service records each membership that ends and finds an
organisation a new coordinator where it needs one.
"""

import secrets
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from certificates import services as certificates
from core.errors import Refusal
from core.people import ANONYMISED_NAME
from courses.models import Class
from enrolment import services as enrolment
from enrolment.models import Enrolment
from feeds import tokens as feed_tokens
from organisations import services as organisations
from outbox import delivery
from school.models import AccountClosure, User
from school.privileges import reach_of


class AccountClosureError(Refusal):
    """A refusal of the account closure."""


def can_close(actor: User, user: User) -> bool:
    """Staff close others' accounts from the admin, if the account is within their reach."""
    if user == actor or not actor.has_perm("school.change_user"):
        return False
    if not reach_of(actor).covers(user):
        return False
    return not is_closed(user)


def is_closed(user: User) -> bool:
    return not user.is_active and user.name == ANONYMISED_NAME


@transaction.atomic
def close_account(
    user: User, *, actor: User | None, reason: str = "", now: datetime | None = None
) -> AccountClosure:
    """Anonymise the person in one transaction and record who closed the account, and when."""
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if AccountClosure.objects.filter(user=user).exists():
        raise AccountClosureError(_("This account has already been closed."))
    if user.is_superuser:
        raise AccountClosureError(
            _("A superuser's account cannot be closed. Remove the superuser status first.")
        )
    _release_places(user, actor=actor, now=now)
    organisations.withdraw(user, actor=actor or user, reason=_("The account was closed."), now=now)
    certificates.forget_holder(user, ANONYMISED_NAME)
    _forget_login_records(user)
    delivery.forget(user.email, replacement=ANONYMISED_NAME)
    delivery.forget(user.mobile, replacement=ANONYMISED_NAME)
    _anonymise(user)
    return AccountClosure.objects.create(
        user=user, closed_by=actor, reason=reason.strip()[:300], closed_at=now
    )


def _release_places(user: User, *, actor, now: datetime) -> None:
    # A place in a class that has not ended goes to the next person waiting; places in
    # finished classes stay as they were, so completions and attendance still add up.
    unfinished = Class.objects.with_schedule().filter(
        Q(last_ends_at__gte=now) | Q(last_ends_at__isnull=True)
    )
    places = user.enrolments.exclude(status=Enrolment.Status.CANCELLED).filter(
        course_class__in=unfinished
    )
    for place in places:
        enrolment.cancel(place, actor=actor or user, reason=_("The account was closed."), now=now)


def _forget_login_records(user: User) -> None:
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.username).delete()
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            avatar = profile.avatar
            transaction.on_commit(lambda: avatar.storage.delete(avatar.name))
        profile.delete()


def _anonymise(user: User) -> None:
    feed_tokens.drop(user)
    user.username = f"closed-{secrets.token_hex(12)}"
    user.name = ANONYMISED_NAME
    user.first_name = user.last_name = user.email = user.mobile = ""
    user.mobile_consented_at = None
    user.set_unusable_password()  # also ends every session: their hash no longer matches
    user.is_active = user.is_staff = False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
