"""E-mails about organisations, written by the worker once the change commits, each once.

Coordinators hear of a request to join; the person who asked hears the answer; members
hear that an assessment is open for them to answer. Each task records every notice in
the outbox's sent-log in the same transaction as its message (`outbox.notices`), so a
task that runs twice tells nobody twice.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from organisations import reassessment
from organisations.models import Assessment, JoinRequest, Membership, ServiceRequest
from outbox.notices import is_quiet, tell_once

JOIN_REQUESTED = "join-requested"
JOIN_DECIDED = "join-decided"
ASSESSMENT_OPENED = "assessment-opened"
SERVICE_REQUESTED = "service-requested"


def join_requested(join_request: JoinRequest) -> None:
    pk = join_request.pk
    transaction.on_commit(lambda: tell_coordinators_of_request.enqueue(pk), robust=True)


def join_decided(join_request: JoinRequest) -> None:
    pk = join_request.pk
    transaction.on_commit(lambda: tell_requester.enqueue(pk), robust=True)


def assessment_opened(assessment: Assessment) -> None:
    pk = assessment.pk
    transaction.on_commit(lambda: tell_members_of_assessment.enqueue(pk), robust=True)


def service_requested(request: ServiceRequest) -> None:
    pk = request.pk
    transaction.on_commit(lambda: tell_staff_of_service_request.enqueue(pk), robust=True)


def _staff():
    return (
        get_user_model()
        .objects.with_perm(
            "organisations.change_organisation",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True)
    )


@task(backend="background")
def tell_staff_of_service_request(request_id: int) -> None:
    request = ServiceRequest.objects.select_related("organisation", "step", "requested_by").get(
        pk=request_id
    )
    url = reverse("wagtailsnippets_organisations_servicerequest:edit", args=[request.pk])
    for person in _staff():
        tell_once(
            person,
            SERVICE_REQUESTED,
            f"service-request:{request.pk}",
            "organisations/email/service_requested",
            {"request": request, "organisation": request.organisation, "url": url},
            link=url,
        )


@task(backend="background")
def tell_coordinators_of_request(join_request_id: int) -> None:
    join_request = JoinRequest.objects.select_related("organisation", "user").get(
        pk=join_request_id
    )
    if join_request.status != JoinRequest.Status.PENDING:
        return  # decided already
    organisation = join_request.organisation
    coordinators = [
        m.user
        for m in organisation.memberships.filter(role=Membership.Role.COORDINATOR).select_related(
            "user"
        )
    ]
    url = reverse("organisations:detail", args=[organisation.pk]) + "#join-requests"
    for person in coordinators:
        tell_once(
            person,
            JOIN_REQUESTED,
            f"join-request:{join_request.pk}",
            "organisations/email/join_requested",
            {"join_request": join_request, "organisation": organisation, "url": url},
            link=url,
        )


@task(backend="background")
def tell_requester(join_request_id: int) -> None:
    join_request = JoinRequest.objects.select_related("organisation", "user").get(
        pk=join_request_id
    )
    if join_request.status == JoinRequest.Status.PENDING:
        return
    organisation = join_request.organisation
    tell_once(
        join_request.user,
        JOIN_DECIDED,
        f"join-request:{join_request.pk}",
        "organisations/email/join_decided",
        {
            "join_request": join_request,
            "organisation": organisation,
            "approved": join_request.status == JoinRequest.Status.APPROVED,
            "url": reverse("organisations:detail", args=[organisation.pk]),
        },
        link=reverse("organisations:detail", args=[organisation.pk]),
    )


@task(backend="background")
def tell_members_of_assessment(assessment_id: int) -> None:
    assessment = Assessment.objects.select_related("organisation", "started_by").get(
        pk=assessment_id
    )
    if assessment.status != Assessment.Status.OPEN:
        return  # closed already
    organisation = assessment.organisation
    url = reverse("organisations:answer", args=[organisation.pk, assessment.pk])
    members = organisation.memberships.exclude(user=assessment.started_by).select_related("user")
    for membership in members:
        tell_once(
            membership.user,
            ASSESSMENT_OPENED,
            f"assessment:{assessment.pk}",
            "organisations/email/assessment_opened",
            {"assessment": assessment, "organisation": organisation, "url": url},
            link=url,
        )


REASSESSMENT_DUE = "reassessment-due"
OVERDUE_LIST = "reassessment-overdue-list"


def send_due(now) -> int:
    """With every sweep (`manage.py send_notices`), from 08:00: coordinators hear once that
    their organisation is due to measure itself again; staff get, once a week, the list of
    organisations that are due."""
    if is_quiet(now):
        return 0
    due = reassessment.due_organisations(now)
    told = 0
    for organisation in due:
        # Once per due period: the key holds the assessment it follows (or none yet).
        last = (
            organisation.last_assessed.date().isoformat() if organisation.last_assessed else "never"
        )
        url = reverse("organisations:detail", args=[organisation.pk])
        for membership in organisation.memberships.filter(
            role=Membership.Role.COORDINATOR
        ).select_related("user"):
            told += tell_once(
                membership.user,
                REASSESSMENT_DUE,
                f"organisation:{organisation.pk}:after:{last}",
                "organisations/email/reassessment_due",
                {"organisation": organisation, "url": url},
                link=url,
            )
    if due:
        year, week, _day = timezone.localdate(now).isocalendar()
        url = reverse("organisations:index")
        for person in _staff():
            told += tell_once(
                person,
                OVERDUE_LIST,
                f"week:{year}-{week:02d}",
                "organisations/email/reassessment_overdue_list",
                {"organisations": due, "url": url},
                link=url,
            )
    return told
