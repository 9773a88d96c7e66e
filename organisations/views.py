from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import spreadsheets
from core.dates import format_date, format_month
from organisations import (
    dashboard,
    radar,
    reassessment,
    recommendations,
    scoring,
    services,
    sharing,
    steps,
    trend,
)
from organisations.forms import JoinRequestForm, OrganisationForm, SharingForm
from organisations.models import (
    Assessment,
    CapabilityArea,
    CheckUp,
    JoinRequest,
    MemberExport,
    Membership,
    Organisation,
    PlanStep,
    ServiceRequest,
    StepDone,
)
from organisations.roles import is_staff, role_in, sees_records

Role = Membership.Role


def _require_coordinator(request, organisation) -> None:
    """Coordinators' actions: to anyone else the page does not exist."""
    if role_in(request.user, organisation) != Role.COORDINATOR:
        raise Http404


@login_required
def index(request):
    mine = {
        m.organisation_id: m.role
        for m in Membership.objects.filter(user=request.user).only("organisation_id", "role")
    }
    waiting = set(
        JoinRequest.objects.filter(
            user=request.user, status=JoinRequest.Status.PENDING
        ).values_list("organisation_id", flat=True)
    )
    organisations = list(Organisation.objects.order_by("name"))
    for organisation in organisations:
        organisation.my_role = mine.get(organisation.pk)
        organisation.asked = organisation.pk in waiting
    context = {"organisations": organisations, "form": JoinRequestForm()}
    if is_staff(request.user):
        context["to_verify"] = services.awaiting_verification().prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Role.COORDINATOR).select_related("user"),
                to_attr="coordinators",
            )
        )
        context["due"] = reassessment.due_organisations(timezone.now())
    return render(request, "organisations/index.html", context)


@login_required
def register(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.register(request.user, form.instance)
        except services.OrganisationError as refusal:
            form.add_error(None, refusal.message)
            return render(request, "organisations/register.html", {"form": form}, status=400)
        messages.success(request, _("Your organisation is registered; staff will verify it."))
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/register.html", {"form": form})


@login_required
def detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    role = role_in(request.user, organisation)
    context = {
        "organisation": organisation,
        "role": role,
        "form": JoinRequestForm(),
        "membership": Membership.objects.filter(organisation=organisation, user=request.user)
        .only("pk", "shares")
        .first()
        if role
        else None,
    }
    if role or is_staff(request.user):
        context["plan"] = recommendations.recommend(
            request.user, timezone.now(), organisation_ids=[organisation.pk]
        )
        context["open_assessment"] = organisation.assessments.filter(
            status=Assessment.Status.OPEN
        ).first()
        context["done_steps"] = StepDone.objects.filter(organisation=organisation).select_related(
            "step"
        )
        context["can_ask"] = role == Role.COORDINATOR
        context["reasons_at"] = _latest_result_url(request.user, organisation)
    if role == Role.COORDINATOR:
        context["reassessments"] = [
            due for due in reassessment.due_for(request.user, timezone.now()) if due == organisation
        ]
    if sees_records(request.user, organisation):
        context.update(
            records=True,
            memberships=organisation.memberships.select_related("user").order_by(
                "role", "user__name"
            ),
            requests=organisation.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
            assessments=organisation.assessments.annotate(
                submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False))
            ).order_by("-created_at"),
        )
    return render(request, "organisations/detail.html", context)


@require_POST
@login_required
def join(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = JoinRequestForm(request.POST)
    chosen = form.cleaned_data if form.is_valid() else {}
    try:
        services.ask_to_join(
            organisation, request.user, chosen.get("message", ""), chosen.get("shares", "")
        )
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your request was sent to the coordinators."))
    return redirect("organisations:index")


@require_POST
@login_required
def verify(request, pk):
    if not is_staff(request.user):
        raise Http404
    services.verify(get_object_or_404(Organisation, pk=pk), actor=request.user)
    return redirect("organisations:detail", pk=pk)


@require_POST
@login_required
def decide(request, pk, request_pk):
    join_request = get_object_or_404(JoinRequest, pk=request_pk, organisation_id=pk)
    _require_coordinator(request, join_request.organisation)
    try:
        services.decide(
            join_request, actor=request.user, approve=request.POST.get("decision") == "approve"
        )
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
    return redirect("organisations:detail", pk=pk)


@require_POST
@login_required
def change_role(request, pk, membership_pk):
    membership = get_object_or_404(Membership, pk=membership_pk, organisation_id=pk)
    _require_coordinator(request, membership.organisation)
    try:
        services.set_role(membership, request.POST.get("role", ""), actor=request.user)
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
    return redirect("organisations:detail", pk=pk)


@require_POST
@login_required
def remove_member(request, pk, membership_pk):
    membership = get_object_or_404(Membership, pk=membership_pk, organisation_id=pk)
    _require_coordinator(request, membership.organisation)
    return _remove(request, membership)


@require_POST
@login_required
def leave(request, pk):
    return _remove(request, get_object_or_404(Membership, organisation_id=pk, user=request.user))


def _remove(request, membership):
    leaving = membership.user_id == request.user.pk
    try:
        services.remove(membership, actor=request.user)
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
        return redirect("organisations:detail", pk=membership.organisation_id)
    if leaving:
        messages.success(request, _("You have left %(name)s.") % {"name": membership.organisation})
        return redirect("organisations:index")
    messages.success(
        request, _("%(name)s is no longer a member.") % {"name": membership.user.get_full_name()}
    )
    return redirect("organisations:detail", pk=membership.organisation_id)


@require_POST
@login_required
def start_assessment(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    _require_coordinator(request, organisation)
    try:
        assessment = services.start_assessment(organisation, actor=request.user)
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
        return redirect("organisations:detail", pk=pk)
    return redirect("organisations:answer", pk=pk, assessment_pk=assessment.pk)


def _assessment(pk, assessment_pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("organisation", "revision"),
        pk=assessment_pk,
        organisation_id=pk,
    )


@login_required
def answer(request, pk, assessment_pk):
    """One member answers alone: save a draft, come back, submit."""
    assessment = _assessment(pk, assessment_pk)
    if role_in(request.user, assessment.organisation) is None:
        raise Http404
    questions = scoring.questions_of(assessment.questionnaire())
    response = assessment.responses.filter(respondent=request.user).first()
    answers = dict(response.answers) if response else {}
    status = 200
    # Once something was saved or sent, the questions still open are marked.
    show_missing = response is not None or request.method == "POST"
    if request.method == "POST":
        posted = _posted_answers(request, questions)
        if posted is None:
            messages.error(
                request, _("An answer is not one of the question's choices. Nothing was saved.")
            )
            status = 400
        else:
            answers = posted
            submit = request.POST.get("action") == "submit"
            try:
                services.save_answers(
                    assessment, actor=request.user, answers=answers, submit=submit
                )
            except services.UnansweredQuestions:
                pass  # the page marks each open question and says how many
            except services.OrganisationError as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request, _("Your answers are submitted.") if submit else _("Draft saved.")
                )
                return redirect("organisations:answer", pk=pk, assessment_pk=assessment.pk)
    is_open = assessment.status == Assessment.Status.OPEN
    missing = scoring.unanswered(questions, answers) if is_open and show_missing else []
    return render(
        request,
        "organisations/answer.html",
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "groups": _grouped(
                questions, answers, missing, _actions_done(assessment.organisation, questions)
            ),
            "missing": missing,
            "response": response,
            "is_open": is_open,
        },
        status=status,
    )


def _posted_answers(request, questions) -> dict | None:
    """The option chosen for each answered question; None if a value is not an option."""
    answers = {}
    for question in questions:
        value = request.POST.get(f"q-{question.id}", "")
        positions = {str(position): position for position in range(len(question.options))}
        if value in positions:
            answers[question.id] = positions[value]
        elif value:
            return None
    return answers


def _actions_done(organisation, questions) -> dict[str, list[StepDone]]:
    """Per question, the actions its risky answers call for that the organisation said it
    did: shown beside the question, so the answer can follow what changed."""
    by_step = {}
    for question in questions:
        for option in question.options:
            if option.risk_step_id:
                by_step.setdefault(option.risk_step_id, set()).add(question.id)
    done = {}
    for row in StepDone.objects.filter(organisation=organisation, step__in=by_step).select_related(
        "step"
    ):
        for question_id in sorted(by_step[row.step_id]):
            done.setdefault(question_id, []).append(row)
    return done


def _grouped(questions, answers, missing=(), done=None):
    names = dict(CapabilityArea.objects.values_list("pk", "name"))
    missing_ids = {question.id for question in missing}
    groups = {}
    for question in questions:
        groups.setdefault(question.area_id, []).append(
            {
                "question": question,
                "chosen": answers.get(question.id),
                "is_missing": question.id in missing_ids,
                "done": (done or {}).get(question.id, []),
            }
        )
    return [(names.get(area_id, ""), items) for area_id, items in groups.items()]


@login_required
def score(request, pk, assessment_pk):
    """Close the assessment and score it, after a page that says what closing leaves out.

    GET (or a POST without `confirm`) asks; only the confirmed POST closes.
    """
    assessment = _assessment(pk, assessment_pk)
    _require_coordinator(request, assessment.organisation)
    if assessment.status != Assessment.Status.OPEN:
        return redirect("organisations:assessment", pk=pk, assessment_pk=assessment.pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        responses = list(assessment.responses.select_related("respondent").order_by("pk"))
        context = {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "submitted": [r for r in responses if r.submitted_at],
            "drafts": [r for r in responses if not r.submitted_at],
        }
        return render(request, "organisations/assessment_close.html", context)
    try:
        services.score_assessment(assessment, actor=request.user)
    except services.OrganisationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The assessment is closed and scored."))
    return redirect("organisations:assessment", pk=pk, assessment_pk=assessment.pk)


@login_required
def assessment(request, pk, assessment_pk):
    """The result: for the organisation's coordinators and staff only."""
    assessment = _assessment(pk, assessment_pk)
    organisation = assessment.organisation
    if not sees_records(request.user, organisation):
        raise Http404
    context = {"assessment": assessment, "organisation": organisation}
    if assessment.status == Assessment.Status.OPEN:
        questions = scoring.questions_of(assessment.questionnaire())
        context["questions"] = len(questions)
        context["responses"] = [
            (response, scoring.answered_count(questions, response.answers))
            for response in assessment.responses.select_related("respondent").order_by("pk")
        ]
        context["is_coordinator"] = role_in(request.user, organisation) == Role.COORDINATOR
        return render(request, "organisations/assessment_open.html", context)
    result = assessment.result
    previous = (
        organisation.assessments.filter(
            status=Assessment.Status.SCORED, scored_at__lt=assessment.scored_at
        )
        .order_by("-scored_at")
        .first()
    )
    before = {a["id"]: a for a in previous.result["areas"]} if previous else {}
    checkups, confirmed = _checkups_of(assessment)
    areas = [
        {
            **area,
            "stage_name": result["stage_names"][area["stage"] - 1],
            "change": area["score"] - before[area["id"]]["score"] if area["id"] in before else None,
            "disputed": area["id"] in result["disagreements"],
        }
        for area in result["areas"]
    ]
    history = list(
        organisation.assessments.filter(status=Assessment.Status.SCORED).order_by("scored_at")
    )
    context.update(
        areas=areas,
        risks=_risks_with_their_answers(assessment, confirmed),
        checkups=checkups,
        can_ask=role_in(request.user, organisation) == Role.COORDINATOR,
        grade_name=result["stage_names"][result["grade"] - 1],
        chart=radar.radar(areas),
        previous=previous,
        plan=recommendations.recommend(None, timezone.now(), organisation_ids=[organisation.pk]),
        history=[_trend_row(past, areas) for past in history],
        trend=trend.trend(
            [(format_month(p.scored_at), p.result["score"]) for p in history],
            result["stage_names"],
        ),
    )
    return render(request, "organisations/assessment_result.html", context)


def _checkups_of(assessment: Assessment) -> tuple[list[CheckUp], dict[str, CheckUp]]:
    """The check-ups made while this was the organisation's latest assessment, and the
    questions they confirmed: {question id: check-up}."""
    later = (
        assessment.organisation.assessments.filter(
            status=Assessment.Status.SCORED, scored_at__gt=assessment.scored_at
        )
        .order_by("scored_at")
        .first()
    )
    checkups = assessment.organisation.checkups.filter(
        checked_on__gte=timezone.localdate(assessment.scored_at)
    )
    if later is not None:
        checkups = checkups.filter(checked_on__lt=timezone.localdate(later.scored_at))
    checkups = list(
        checkups.select_related("checked_by").prefetch_related("findings__area", "confirmations")
    )
    questions = {q.id: q.text for q in scoring.questions_of(assessment.questionnaire())}
    confirmed = {}
    for checkup in checkups:
        checkup.confirmed_questions = [
            questions.get(c.question_id, "") for c in checkup.confirmations.all()
        ]
        for confirmation in checkup.confirmations.all():
            confirmed.setdefault(confirmation.question_id, checkup)
    return checkups, confirmed


def _risks_with_their_answers(assessment: Assessment, confirmed=None) -> list[dict]:
    """Each risk flag with the question and the answer that raised it, and the check-up
    that confirmed that answer, if one did."""
    questions = {q.id: q for q in scoring.questions_of(assessment.questionnaire())}
    risks = []
    for risk in assessment.result["risks"]:
        question = questions.get(risk["question"])
        answer = (
            next((o.label for o in question.options if o.risk == risk["risk"]), "")
            if question
            else ""
        )
        risks.append(
            {
                **risk,
                "question_text": question.text if question else "",
                "answer": answer,
                "confirmed_by": (confirmed or {}).get(risk["question"]),
            }
        )
    return risks


def _trend_row(past: Assessment, areas: list[dict]) -> dict:
    """One past assessment's grade, overall score and the score of each of today's areas."""
    scores = {area["id"]: area["score"] for area in past.result["areas"]}
    return {
        "assessment": past,
        "grade_name": past.result["stage_names"][past.grade - 1],
        "scores": [scores.get(area["id"]) for area in areas],
    }


def _members_and_plan(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not sees_records(request.user, organisation):
        raise Http404
    plan = recommendations.recommend(None, timezone.now(), organisation_ids=[organisation.pk])
    rows = dashboard.member_rows(organisation, [step.course.pk for step in plan if step.course])
    return organisation, plan, rows


@login_required
def members(request, pk):
    """The coordinator dashboard: how each member is getting on."""
    organisation, plan, rows = _members_and_plan(request, pk)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "plan": plan,
            "rows": rows,
            "can_ask": role_in(request.user, organisation) == Role.COORDINATOR,
            "reasons_at": _latest_result_url(request.user, organisation),
            "plan_courses": sum(1 for step in plan if step.course),
        },
    )


def _latest_result_url(user, organisation) -> str:
    """Where the plan's reasons link to (its latest result), for those who may read it."""
    if not sees_records(user, organisation):
        return ""
    latest = (
        organisation.assessments.filter(status=Assessment.Status.SCORED)
        .order_by("-scored_at")
        .first()
    )
    return reverse("organisations:assessment", args=[organisation.pk, latest.pk]) if latest else ""


@login_required
def members_export(request, pk, file_format):
    organisation, plan, rows = _members_and_plan(request, pk)
    MemberExport.objects.create(
        organisation=organisation, user=request.user, file_format=file_format, rows=len(rows)
    )
    return spreadsheets.download(
        dashboard.as_table(rows, sum(1 for step in plan if step.course)),
        file_format=file_format,
        filename=f"members-{organisation.pk}",
        title=organisation.name,
    )


def _member_or_staff(request, pk) -> tuple[Organisation, str | None]:
    organisation = get_object_or_404(Organisation, pk=pk)
    role = role_in(request.user, organisation)
    if not role and not is_staff(request.user):
        raise Http404
    return organisation, role


@login_required
def plan_step(request, pk, step_pk):
    """An action or a service in the organisation's plan: how to do it, or what it
    includes; a coordinator says when the action was done, or asks for the service."""
    organisation, role = _member_or_staff(request, pk)
    step = get_object_or_404(PlanStep.objects.select_related("how_to"), pk=step_pk)
    done = StepDone.objects.filter(organisation=organisation, step=step).first()
    asked = ServiceRequest.objects.filter(
        organisation=organisation, step=step, status__in=ServiceRequest.OPEN
    ).first()
    context = {
        "organisation": organisation,
        "step": step,
        "done": done,
        "asked": asked,
        "is_coordinator": role == Role.COORDINATOR,
        "paragraphs": [p.strip() for p in step.body.split("\n\n") if p.strip()],
        # ISO 8601, as a date field reads and writes it.
        "today": timezone.localdate().isoformat(),
        "done_on": (done.done_on if done else timezone.localdate()).isoformat(),
    }
    return render(request, "organisations/plan_step.html", context)


@require_POST
@login_required
def step_done(request, pk, step_pk):
    organisation, _role = _member_or_staff(request, pk)
    step = get_object_or_404(PlanStep, pk=step_pk)
    try:
        done_on = date.fromisoformat(request.POST.get("done_on", ""))
    except ValueError:
        messages.error(request, _("Enter the date it was done, e.g. 2027-03-02."))
        return redirect("organisations:plan_step", pk=pk, step_pk=step_pk)
    try:
        steps.mark_done(organisation, step, actor=request.user, done_on=done_on)
    except steps.StepError as refusal:
        messages.error(request, refusal.message)
        return redirect("organisations:plan_step", pk=pk, step_pk=step_pk)
    messages.success(
        request,
        _("Noted: %(step)s, done on %(date)s. The plan moves on to the next step.")
        % {"step": step.title, "date": format_date(done_on)},
    )
    return redirect("organisations:detail", pk=pk)


@require_POST
@login_required
def ask_cooperative(request, pk):
    """A coordinator asks the cooperative about a service of the plan or a risk."""
    organisation, _role = _member_or_staff(request, pk)
    step_pk = request.POST.get("step", "")
    step = get_object_or_404(PlanStep, pk=step_pk) if step_pk.isdigit() else None
    back = _back(request, organisation)
    try:
        request_, is_new = steps.ask(
            organisation,
            actor=request.user,
            step=step,
            risk=request.POST.get("risk", "").strip(),
            message=request.POST.get("message", ""),
        )
    except steps.StepError as refusal:
        messages.error(request, refusal.message)
        return redirect(back)
    if is_new:
        messages.success(
            request,
            _("Your request about “%(about)s” went to the cooperative; staff will contact you.")
            % {"about": request_.about},
        )
    else:
        messages.info(
            request,
            _("You asked about “%(about)s” on %(date)s already; staff will contact you.")
            % {"about": request_.about, "date": format_date(request_.created_at)},
        )
    return redirect(back)


def _back(request, organisation) -> str:
    """Where the form came from, if it is a page of this organisation; else its page."""
    back = request.POST.get("next", "")
    if back.startswith(f"/organisations/{organisation.pk}/") and "//" not in back:
        return back
    return reverse("organisations:detail", args=[organisation.pk])


@login_required
def sharing_choice(request, pk):
    """A member chooses what the organisation's coordinators see of their learning."""
    organisation = get_object_or_404(Organisation, pk=pk)
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    form = SharingForm(request.POST or None, initial={"shares": membership.shares or None})
    if request.method == "POST" and form.is_valid():
        sharing.choose(membership, form.cleaned_data["shares"], actor=request.user)
        messages.success(
            request,
            _("Saved: %(organisation)s's coordinators see %(what)s.")
            % {
                "organisation": organisation.name,
                "what": membership.get_shares_display().lower(),
            },
        )
        return redirect(_safe_back(request, organisation))
    return render(
        request,
        "organisations/sharing.html",
        {"organisation": organisation, "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


def _safe_back(request, organisation) -> str:
    back = request.POST.get("next", "")
    if back in (reverse("enrolment:my_learning"), reverse("profile")):
        return back
    return reverse("organisations:detail", args=[organisation.pk])
