"""Changes to organisations and their assessments: checked, transactional, kept."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import Refusal
from organisations import notices, scoring, sharing
from organisations.models import (
    Assessment,
    AssessmentResponse,
    AssessmentSettings,
    CapabilityArea,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    Questionnaire,
)
from organisations.roles import role_in
from organisations.standing import standing_changed

Role = Membership.Role


class OrganisationError(Refusal):
    """A refusal of the organisation rules."""


class UnansweredQuestions(OrganisationError):
    """Answers sent in with questions left open; the answer page marks each of them."""

    def __init__(self, missing):
        self.missing = list(missing)
        super().__init__(
            _("%(count)s questions are not answered yet.") % {"count": len(self.missing)}
        )


def awaiting_verification():
    """Organisations no staff member has verified yet, oldest first."""
    return Organisation.objects.filter(verified_at__isnull=True).order_by("created_at", "pk")


def _registered_and_unverified(user) -> int:
    return (
        awaiting_verification()
        .filter(memberships__user=user, memberships__role=Role.COORDINATOR)
        .count()
    )


@transaction.atomic
def register(user, organisation: Organisation) -> Organisation:
    """Save a new organisation with the person who registered it as its coordinator.

    One person coordinates at most PENDING_ORGANISATIONS_PER_PERSON organisations that
    staff have not verified yet, so nobody can fill the list with made-up ones.
    """
    # Lock the person's row: two registrations at once must not both slip under the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    limit = settings.PENDING_ORGANISATIONS_PER_PERSON
    if _registered_and_unverified(user) >= limit:
        raise OrganisationError(
            ngettext(
                "You already coordinate %(count)s organisation that staff have not verified "
                "yet. You can register another once it is verified.",
                "You already coordinate %(count)s organisations that staff have not verified "
                "yet. You can register another once one of them is verified.",
                limit,
            )
            % {"count": limit}
        )
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=Role.COORDINATOR)
    standing_changed()
    return organisation


@transaction.atomic
def verify(organisation: Organisation, *, actor) -> Assessment | None:
    """Staff confirm the organisation is a member of the cooperative. Its capability is
    measured on joining: the first assessment opens now (its members are told), if a
    questionnaire is published and none was opened before. Return that assessment."""
    verified = Organisation.objects.filter(pk=organisation.pk, verified_at__isnull=True).update(
        verified_at=timezone.now(), verified_by=actor
    )
    if not verified or organisation.assessments.exists():
        return None
    questionnaire = current_questionnaire()
    if questionnaire is None or questionnaire.live_revision is None:
        return None
    return _open_assessment(organisation, questionnaire, actor)


def ask_to_join(
    organisation: Organisation, user, message: str = "", shares: str = ""
) -> JoinRequest:
    if role_in(user, organisation):
        raise OrganisationError(_("You are already a member of this organisation."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                organisation=organisation,
                user=user,
                message=message.strip()[:300],
                shares=shares if shares in Membership.Shares.values else "",
            )
            standing_changed()
            notices.join_requested(join_request)
            return join_request
    except IntegrityError:
        raise OrganisationError(_("Your request is already waiting for a coordinator.")) from None


@transaction.atomic
def decide(join_request: JoinRequest, *, actor, approve: bool) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if role_in(actor, join_request.organisation) != Role.COORDINATOR:
        raise OrganisationError(_("Only a coordinator of this organisation can decide."))
    if join_request.status != JoinRequest.Status.PENDING:
        raise OrganisationError(_("This request has already been decided."))
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by, join_request.decided_at = actor, timezone.now()
    join_request.save()
    standing_changed()
    if approve:
        membership, created = Membership.objects.get_or_create(
            organisation=join_request.organisation, user=join_request.user
        )
        if created and join_request.shares:  # chosen by the person when asking
            sharing.choose(membership, join_request.shares, actor=join_request.user)
    notices.join_decided(join_request)
    return join_request


def _keep_a_coordinator(organisation: Organisation, membership: Membership) -> None:
    others = organisation.memberships.filter(role=Role.COORDINATOR).exclude(pk=membership.pk)
    if not others.exists():
        raise OrganisationError(
            _("An organisation needs a coordinator: make someone else coordinator first.")
        )


def _lock(organisation: Organisation) -> Organisation:
    # Two coordinators stepping down at once must not leave the organisation with none.
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


@transaction.atomic
def set_role(membership: Membership, role: str, *, actor) -> Membership:
    """A coordinator makes a member a coordinator, or a coordinator a member again; the
    organisation always keeps at least one coordinator."""
    organisation = _lock(membership.organisation)
    if role_in(actor, organisation) != Role.COORDINATOR:
        raise OrganisationError(_("Only the organisation's coordinators can change roles."))
    if role not in Role.values:
        raise OrganisationError(_("Choose coordinator or member."))
    membership = Membership.objects.get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role == Role.MEMBER:
        _keep_a_coordinator(organisation, membership)
    membership.role = role
    membership.save(update_fields=["role"])
    standing_changed()
    MembershipEvent.objects.create(
        organisation=organisation,
        member_id=membership.user_id,
        action=MembershipEvent.Action.ROLE,
        role=role,
        actor=actor,
    )
    return membership


@transaction.atomic
def mark_handler(membership: Membership, handles: bool, *, actor) -> Membership:
    """A coordinator marks a member as handling personal data (개인정보취급자), or no
    longer; each change is kept in the membership's history."""
    organisation = _lock(membership.organisation)
    if role_in(actor, organisation) != Role.COORDINATOR:
        raise OrganisationError(
            _("Only the organisation's coordinators mark who handles personal data.")
        )
    membership = Membership.objects.get(pk=membership.pk)
    if membership.handles_personal_data == handles:
        return membership
    membership.handles_personal_data = handles
    membership.save(update_fields=["handles_personal_data"])
    Action = MembershipEvent.Action
    MembershipEvent.objects.create(
        organisation=organisation,
        member_id=membership.user_id,
        action=Action.HANDLER if handles else Action.NOT_HANDLER,
        role=membership.role,
        actor=actor,
    )
    return membership


@transaction.atomic
def remove(membership: Membership, *, actor) -> None:
    """The member leaves, or a coordinator removes them; never the last coordinator."""
    organisation = _lock(membership.organisation)
    leaving = membership.user_id == actor.pk
    if not leaving and role_in(actor, organisation) != Role.COORDINATOR:
        raise OrganisationError(_("Only the organisation's coordinators can remove members."))
    membership = Membership.objects.get(pk=membership.pk)
    if membership.role == Role.COORDINATOR:
        _keep_a_coordinator(organisation, membership)
    MembershipEvent.objects.create(
        organisation=organisation,
        member_id=membership.user_id,
        action=MembershipEvent.Action.LEFT if leaving else MembershipEvent.Action.REMOVED,
        role=membership.role,
        actor=actor,
    )
    membership.delete()
    standing_changed()


@transaction.atomic
def withdraw(user, *, actor, reason: str, now=None) -> None:
    """End every membership of a person who is leaving the school, and their waiting requests.

    Each ending is kept. Where they were the last coordinator, the longest-standing member
    becomes coordinator; where nobody is left, the organisation shows in the admin as
    needing a coordinator (`Organisation.objects.with_coordinator_flag`).
    """
    now = now or timezone.now()
    memberships = Membership.objects.filter(user=user).order_by("organisation_id")
    for organisation_id in memberships.values_list("organisation_id", flat=True):
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        membership = organisation.memberships.get(user=user)
        MembershipEvent.objects.create(
            organisation=organisation,
            member=user,
            action=MembershipEvent.Action.LEFT if actor == user else MembershipEvent.Action.REMOVED,
            role=membership.role,
            actor=actor,
            reason=reason,
        )
        membership.delete()
        standing_changed()
        if membership.role == Role.COORDINATOR:
            _hand_over(organisation, actor=actor)
    user.join_requests.update(message="")  # their own words; the decisions stay
    user.join_requests.filter(status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=now
    )
    standing_changed()


def _hand_over(organisation: Organisation, *, actor) -> None:
    """Make the longest-standing member coordinator if nobody coordinates any more."""
    members = organisation.memberships.order_by("created_at", "pk")
    if members.filter(role=Role.COORDINATOR).exists():
        return
    successor = members.first()
    if successor is None:
        return  # staff see it in the admin: nobody left to appoint
    successor.role = Role.COORDINATOR
    successor.save(update_fields=["role"])
    standing_changed()
    MembershipEvent.objects.create(
        organisation=organisation,
        member_id=successor.user_id,
        action=MembershipEvent.Action.ROLE,
        role=Role.COORDINATOR,
        actor=actor,
        reason=_("The last coordinator left; the longest-standing member takes over."),
    )


def current_questionnaire() -> Questionnaire | None:
    return Questionnaire.objects.filter(live=True).order_by("-last_published_at").first()


@transaction.atomic
def start_assessment(organisation: Organisation, *, actor) -> Assessment:
    """Open an assessment on the questionnaire's current version (or return the open one)."""
    if role_in(actor, organisation) != Role.COORDINATOR:
        raise OrganisationError(_("Only a coordinator can start an assessment."))
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    open_one = organisation.assessments.filter(status=Assessment.Status.OPEN).first()
    if open_one:
        return open_one
    questionnaire = current_questionnaire()
    if questionnaire is None or questionnaire.live_revision is None:
        raise OrganisationError(_("No assessment questionnaire has been published yet."))
    return _open_assessment(organisation, questionnaire, actor)


def _open_assessment(organisation, questionnaire, actor) -> Assessment:
    standing_changed()
    assessment = Assessment.objects.create(
        organisation=organisation, revision=questionnaire.live_revision, started_by=actor
    )
    notices.assessment_opened(assessment)
    return assessment


@transaction.atomic
def save_answers(assessment: Assessment, *, actor, answers: dict, submit: bool):
    """Keep one member's answers as a draft, or submit them when every question is answered."""
    if role_in(actor, assessment.organisation) is None:
        raise OrganisationError(_("Only members of this organisation can answer."))
    if assessment.status != Assessment.Status.OPEN:
        raise OrganisationError(_("This assessment has been scored and is closed."))
    questions = scoring.questions_of(assessment.questionnaire())
    known = {q.id: len(q.options) for q in questions}
    cleaned = {qid: pos for qid, pos in answers.items() if qid in known and 0 <= pos < known[qid]}
    response, _created = AssessmentResponse.objects.select_for_update().get_or_create(
        assessment=assessment, respondent=actor
    )
    if submit:
        missing = scoring.unanswered(questions, cleaned)
        if missing:
            raise UnansweredQuestions(missing)
    response.answers = cleaned
    response.submitted_at = timezone.now() if submit else response.submitted_at
    response.save()
    standing_changed()
    return response


@transaction.atomic
def score_assessment(assessment: Assessment, *, actor) -> Assessment:
    """Close the assessment and freeze its result from the submitted answers."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if role_in(actor, assessment.organisation) != Role.COORDINATOR:
        raise OrganisationError(_("Only a coordinator can close the assessment."))
    if assessment.status != Assessment.Status.OPEN:
        raise OrganisationError(_("This assessment has been scored and is closed."))
    return freeze_result(assessment, timezone.now())


def freeze_result(assessment: Assessment, when) -> Assessment:
    """Score the submitted answers with today's ladder and keep the result as it stands."""
    responses = list(
        assessment.responses.filter(submitted_at__isnull=False).values_list("answers", flat=True)
    )
    if not responses:
        raise OrganisationError(_("Nobody has submitted answers yet."))
    questions = scoring.questions_of(assessment.questionnaire())
    settings = AssessmentSettings.load()
    areas = list(CapabilityArea.objects.values_list("pk", "name"))
    assessment.result = scoring.score(
        questions, responses, areas, settings.stages, settings.disagreement_points
    )
    assessment.grade = assessment.result["grade"]
    assessment.status, assessment.scored_at = Assessment.Status.SCORED, when
    assessment.save()
    standing_changed()
    return assessment
