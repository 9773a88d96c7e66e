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
    MemberExport,
    Membership,
    MembershipEvent,
    Organisation,
    SharingChoice,
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
    "MemberExport",
    "MembershipEvent",
    "Organisation",
    "PlanStep",
    "PlanStepCapability",
    "Questionnaire",
    "ServiceRequest",
    "SharingChoice",
    "StepDone",
    "stage_validators",
]
