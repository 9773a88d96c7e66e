"""What an organisation does with the actions and services of its plan, in one place.

A coordinator says an action is done, and when: the plan moves on to the next step, and
the next assessment shows it beside the question it answers. A coordinator asks the
cooperative about a service or a risk: one open request per topic, however often the
button is pressed, and staff are told of it once.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Refusal
from organisations import notices
from organisations.models import Membership, Organisation, PlanStep, ServiceRequest, StepDone
from organisations.roles import role_in
from organisations.standing import standing_changed


class StepError(Refusal):
    """A refusal of the plan's rules."""


def _coordinator_only(user, organisation: Organisation) -> None:
    if role_in(user, organisation) != Membership.Role.COORDINATOR:
        raise StepError(_("Only a coordinator of this organisation can do this."))


@transaction.atomic
def mark_done(organisation: Organisation, step: PlanStep, *, actor, done_on: date) -> StepDone:
    """Record that the organisation took the action on `done_on` (again: the new date)."""
    _coordinator_only(actor, organisation)
    if step.kind != PlanStep.Kind.ACTION:
        raise StepError(_("Only an action can be marked done; ask the cooperative for a service."))
    if done_on > timezone.localdate():
        raise StepError(_("The date it was done cannot be in the future."))
    done, _created = StepDone.objects.update_or_create(
        organisation=organisation, step=step, defaults={"done_on": done_on, "marked_by": actor}
    )
    standing_changed()
    return done


def ask(
    organisation: Organisation, *, actor, step: PlanStep | None = None, risk: str = "", message=""
) -> tuple[ServiceRequest, bool]:
    """Ask the cooperative about a service (`step`) or a risk. Return the request and whether
    it is new: while one on the same topic is open, asking again returns that one."""
    _coordinator_only(actor, organisation)
    if step is None and not risk:
        raise StepError(_("Say which service or risk you are asking about."))
    if step is not None and step.kind != PlanStep.Kind.SERVICE:
        raise StepError(_("Only a service of the cooperative can be asked for."))
    topic = f"step:{step.pk}" if step else f"risk:{risk[:200]}"
    open_ones = ServiceRequest.objects.filter(
        organisation=organisation, topic=topic, status__in=ServiceRequest.OPEN
    )
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(
                organisation=organisation,
                step=step,
                risk="" if step else risk[:200],
                topic=topic,
                message=message.strip()[:1000],
                requested_by=actor,
            )
            notices.service_requested(request)
    except IntegrityError:  # asked a moment ago, or at the same moment
        return open_ones.get(), False
    return request, True
