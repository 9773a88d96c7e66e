"""When an organisation should measure itself again: after the configured months, or never yet."""

from datetime import datetime, timedelta

from django.db.models import Exists, F, Max, OuterRef, Q

from organisations.models import Assessment, AssessmentSettings, Organisation


def with_last_assessed(organisations):
    """The organisations annotated with `last_assessed` (their latest scored assessment)
    and `in_progress` (one is being answered)."""
    in_progress = Assessment.objects.filter(
        organisation=OuterRef("pk"), status=Assessment.Status.OPEN
    )
    return organisations.annotate(
        last_assessed=Max(
            "assessments__scored_at", filter=Q(assessments__status=Assessment.Status.SCORED)
        ),
        in_progress=Exists(in_progress),
    )


def cutoff(now: datetime) -> datetime:
    """Organisations last assessed before this are due."""
    months = AssessmentSettings.load().reassess_after_months
    return now - timedelta(days=round(months * 365.25 / 12))


def is_due(organisation: Organisation, cutoff: datetime) -> bool:
    """For an organisation `with_last_assessed`."""
    if organisation.in_progress:
        return False
    return organisation.last_assessed is None or organisation.last_assessed < cutoff


def due_for(user, now: datetime) -> list[Organisation]:
    """The organisations this person coordinates that are due, without one in progress."""
    coordinated = list(
        with_last_assessed(Organisation.objects.coordinated_by(user)).order_by("name")
    )
    limit = cutoff(now) if coordinated else None
    return [organisation for organisation in coordinated if is_due(organisation, limit)]


def due_organisations(now: datetime) -> list[Organisation]:
    """The verified organisations due to measure themselves (never yet, or last before the
    cutoff) and not answering one now, longest waiting first: what staff follow up."""
    limit = cutoff(now)
    verified = with_last_assessed(Organisation.objects.filter(verified_at__isnull=False))
    return [
        organisation
        # Never assessed first, on every database (PostgreSQL puts NULL last otherwise).
        for organisation in verified.order_by(F("last_assessed").asc(nulls_first=True), "name")
        if is_due(organisation, limit)
    ]
