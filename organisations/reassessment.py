"""When an organisation should measure itself again: after the configured months, or never yet."""

from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q

from organisations.models import Assessment, AssessmentSettings, Organisation


def due_for(user, now: datetime) -> list[Organisation]:
    """The organisations this person coordinates that are due, without one in progress."""
    months = AssessmentSettings.load().reassess_after_months
    cutoff = now - timedelta(days=round(months * 365.25 / 12))
    in_progress = Assessment.objects.filter(
        organisation=OuterRef("pk"), status=Assessment.Status.OPEN
    )
    return list(
        Organisation.objects.coordinated_by(user)
        .annotate(
            last_assessed=Max(
                "assessments__scored_at",
                filter=Q(assessments__status=Assessment.Status.SCORED),
            ),
            in_progress=Exists(in_progress),
        )
        .filter(Q(last_assessed__isnull=True) | Q(last_assessed__lt=cutoff), in_progress=False)
        .order_by("name")
    )
