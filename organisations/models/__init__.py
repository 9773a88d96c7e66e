from organisations.models.assessment import (
    Assessment,
    AssessmentResponse,
    AssessmentSettings,
    Questionnaire,
)
from organisations.models.checkups import CheckUp, CheckUpConfirmation, CheckUpFinding
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
from organisations.models.plan import PlanStep, PlanStepCapability, ServiceRequest, StepDone

__all__ = [
    "MAX_STAGE",
    "MIN_STAGE",
    "Assessment",
    "AssessmentResponse",
    "AssessmentSettings",
    "CapabilityArea",
    "CheckUp",
    "CheckUpConfirmation",
    "CheckUpFinding",
    "JoinRequest",
    "Membership",
    "MembershipEvent",
    "Organisation",
    "PlanStep",
    "PlanStepCapability",
    "Questionnaire",
    "ServiceRequest",
    "StepDone",
    "stage_validators",
]
