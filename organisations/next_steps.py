"""What a coordinator should do next for each organisation they run, from a small cache
per person (one query when it changed; and the assessment settings, if they coordinate any).

My learning shows it first thing after signing in, with a link to where it is done.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse

from core.versions import TIMEOUT, kept
from organisations import reassessment
from organisations.models import Assessment, JoinRequest, Organisation
from organisations.standing import standing_version


class Step(StrEnum):
    ANSWER_REQUESTS = "answer_requests"
    CLOSE_ASSESSMENT = "close_assessment"
    ASSESS = "assess"
    FOLLOW_MEMBERS = "follow_members"


@dataclass
class NextStep:
    organisation: Organisation
    step: Step
    url: str
    count: int = 0  # people waiting, or answers submitted


def for_coordinator(user, now: datetime) -> list[NextStep]:
    """One step per organisation the person coordinates, the most pressing first:
    people asking to join, then an assessment being answered, then one that is due
    (reassessment.is_due), else following the members' learning.

    The organisations and their counts are cached per person under the organisations'
    standing version (organisations.standing); whether one is due is decided as read."""
    key = f"next-steps:{user.pk}:{standing_version()}"
    organisations = kept.get(key)
    if organisations is None:
        organisations = _coordinated(user)
        kept.set(key, organisations, TIMEOUT)
    limit = reassessment.cutoff(now) if organisations else None
    return [
        _step(organisation, reassessment.is_due(organisation, limit))
        for organisation in organisations
    ]


def _coordinated(user) -> list[Organisation]:
    open_assessment = Assessment.objects.filter(
        organisation=OuterRef("pk"), status=Assessment.Status.OPEN
    ).order_by("-created_at")
    return list(
        reassessment.with_last_assessed(Organisation.objects.coordinated_by(user))
        .annotate(
            waiting=Count(
                "join_requests",
                filter=Q(join_requests__status=JoinRequest.Status.PENDING),
                distinct=True,
            ),
            open_assessment=Subquery(open_assessment.values("pk")[:1]),
            submitted=Subquery(
                open_assessment.annotate(
                    done=Count("responses", filter=Q(responses__submitted_at__isnull=False))
                ).values("done")[:1]
            ),
        )
        .order_by("name")
    )


def _step(organisation: Organisation, due: bool) -> NextStep:
    detail = reverse("organisations:detail", args=[organisation.pk])
    if organisation.waiting:
        return NextStep(organisation, Step.ANSWER_REQUESTS, detail, organisation.waiting)
    if organisation.open_assessment:
        url = reverse(
            "organisations:assessment", args=[organisation.pk, organisation.open_assessment]
        )
        return NextStep(organisation, Step.CLOSE_ASSESSMENT, url, organisation.submitted or 0)
    if due:  # annotated with when it was last assessed
        return NextStep(organisation, Step.ASSESS, detail)
    members = reverse("organisations:members", args=[organisation.pk])
    return NextStep(organisation, Step.FOLLOW_MEMBERS, members)
