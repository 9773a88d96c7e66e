from organisations.models.assessment import (
    Assessment,
    AssessmentResponse,
    AssessmentSettings,
    Questionnaire,
)
from organisations.models.people import (
    MAX_STAGE,
    MIN_STAGE,
    CapabilityArea,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    stage_validators,
)

__all__ = [
    "MAX_STAGE",
    "MIN_STAGE",
    "Assessment",
    "AssessmentResponse",
    "AssessmentSettings",
    "CapabilityArea",
    "JoinRequest",
    "Membership",
    "MembershipEvent",
    "Organisation",
    "Questionnaire",
    "stage_validators",
]
