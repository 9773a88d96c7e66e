"""What each member lets their organisation's coordinators see of their learning, in one
place: everything, only completions and certificates, or nothing beyond the membership.

A member chooses when asking to join (or, for those who joined before, on their next visit
to My learning) and may change it any time. Each choice is kept with the privacy notice's
version it was made under (`SharingChoice`). Until a member chooses, coordinators see
nothing beyond the membership. The members' dashboard and its exports read `sees`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Refusal
from core.versions import TIMEOUT, kept
from organisations.models import Membership, SharingChoice
from organisations.standing import standing_changed, standing_version

Shares = Membership.Shares


class SharingError(Refusal):
    pass


def sees_learning(membership: Membership) -> bool:
    """Classes, waitlists, attendance and courses under way."""
    return membership.shares == Shares.EVERYTHING


def sees_completions(membership: Membership) -> bool:
    """Completed courses and certificates."""
    return membership.shares in (Shares.EVERYTHING, Shares.COMPLETIONS)


@transaction.atomic
def choose(membership: Membership, shares: str, *, actor) -> Membership:
    if actor.pk != membership.user_id:
        raise SharingError(_("Only the member chooses what their coordinators see."))
    if shares not in Shares.values:
        raise SharingError(_("Choose one of the three options."))
    version = settings.PRIVACY_POLICY_VERSION
    Membership.objects.filter(pk=membership.pk).update(shares=shares, shares_notice=version)
    SharingChoice.objects.create(membership=membership, shares=shares, notice_version=version)
    membership.shares, membership.shares_notice = shares, version
    standing_changed()
    return membership


@dataclass(frozen=True)
class ToChoose:
    organisation_id: int
    organisation_name: str


def to_choose(user) -> list[ToChoose]:
    """The organisations whose sharing the person has not chosen yet: kept per person under
    the organisations' standing version (memberships and choices bump it)."""
    if not user.is_authenticated:
        return []
    key = f"sharing-to-choose:{user.pk}:{standing_version()}"
    found = kept.get(key)
    if found is None:
        found = [
            ToChoose(pk, name)
            for pk, name in Membership.objects.filter(user=user, shares="").values_list(
                "organisation_id", "organisation__name"
            )
        ]
        kept.set(key, found, TIMEOUT)
    return found
