"""Who someone is to an organisation: the one place that answers it."""

from django.db.models import Exists, OuterRef

from organisations.models import Membership, Organisation


def role_in(user, organisation) -> str | None:
    """'coordinator', 'member' or None; staff who are not members get None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )


def is_staff(user) -> bool:
    return user.is_authenticated and user.has_perm("organisations.change_organisation")


def sees_records(user, organisation) -> bool:
    """Answers, grades and members' progress: coordinators and staff only."""
    return is_staff(user) or role_in(user, organisation) == Membership.Role.COORDINATOR


def sole_coordinator_of(user) -> list[Organisation]:
    """The organisations that would be left without a coordinator if this person left."""
    others = Membership.objects.filter(
        organisation=OuterRef("pk"), role=Membership.Role.COORDINATOR
    ).exclude(user=user)
    return list(Organisation.objects.coordinated_by(user).exclude(Exists(others)).order_by("name"))
