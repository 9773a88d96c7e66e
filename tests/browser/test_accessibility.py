"""axe-core on every public and learner page, the coordinator's and instructor's pages and
the staff reports, in Korean and in English: no serious or critical violation."""

from pathlib import Path

import pytest
from django.utils import timezone

from certificates import services as certificates
from organisations import services
from tests.browser.after_class import after_class
from tests.factories import ClassFactory, EnrolmentFactory, LessonPageFactory
from tests.organisations.conftest import answers_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as a script of the test's own, which the site's CSP rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def school(course, instructor, student, staff, coordinator, member, organisation, questionnaire):
    """One of everything the pages show: a lesson, a class with sessions, an enrolment with
    a mark and a certificate, an assessment with its result."""
    lesson = LessonPageFactory(course=course, title="개인정보란 무엇인가")
    # A training to renew, and all its track asks for: the certificate carries its last day
    # and a track certificate follows.
    course.renewal_months = 12
    course.save()
    course.track.required_courses.set([course])
    class_ = ClassFactory(course=course, sessions=2)
    class_.instructors.add(instructor)
    session = class_.sessions.order_by("starts_at").first()
    enrolment = EnrolmentFactory(course_class=class_, user=student)
    enrolment.completed_at = timezone.now()
    enrolment.save()
    certificates.issue_certificate(enrolment)
    assessment = services.start_assessment(organisation, actor=coordinator)
    services.save_answers(
        assessment, actor=coordinator, answers=answers_for(questionnaire, [0, 1, 1, 2]), submit=True
    )
    services.score_assessment(assessment, actor=coordinator)
    # A second one under way: a draft with questions left open, and the step that closes it.
    reassessment = services.start_assessment(organisation, actor=coordinator)
    answers = answers_for(questionnaire, [0, 1, 1, 2])
    services.save_answers(reassessment, actor=coordinator, answers=answers, submit=True)
    services.save_answers(reassessment, actor=member, answers={}, submit=False)
    o, a, c, s = organisation.pk, assessment.pk, class_.pk, session.pk
    r = reassessment.pk
    later = after_class(course, learner=student, instructor=instructor)
    return {
        None: [
            "/",
            "/courses/",
            course.url,
            lesson.url,
            "/privacy/",
            "/accounts/login/",
            "/accounts/signup/",
            "/certificates/verify/",
            enrolment.certificate.get_absolute_url(),
            student.track_certificates.get().get_absolute_url(),
        ],
        student: [
            "/learning/",
            "/accounts/profile/",
            "/accounts/close/",
            "/accounts/password_change/",
            "/organisations/",
            "/organisations/register/",
            "/certificates/mine/",
            f"/learning/checkin/{s}/",
            f"/learning/attendance/{enrolment.pk}/",
            f"/learning/classes/{c}/cancel/",
            f"/learning/offers/{enrolment.pk}/",
            later["offer"],
            later["survey"],
            later["record"],
        ],
        member: [f"/organisations/{o}/assessments/{r}/answer/", f"/organisations/{o}/sharing/"],
        coordinator: [
            f"/organisations/{o}/",
            f"/organisations/{o}/assessments/{a}/answer/",
            f"/organisations/{o}/assessments/{a}/",
            f"/organisations/{o}/members/",
            f"/organisations/{o}/training/",
            f"/organisations/{o}/assessments/{r}/",
            f"/organisations/{o}/assessments/{r}/score/",
        ],
        instructor: [
            f"/learning/classes/{c}/sessions/{s}/roll/",
            f"/learning/classes/{c}/roster/",
            f"/learning/classes/{c}/attendance/",
            f"/learning/classes/{c}/sessions/{s}/code/",
            f"/classes/{c}/sessions/",
            later["answers"],
        ],
        staff: [
            "/staff/reports/",
            f"/certificates/classes/{c}/",
            later["sector"],
            later["impact"],
            later["survey-report"],
        ],
    }


def _violations(page, url) -> list[str]:
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{url} [{v['impact']}] {v['id']}: {v['help']} → "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_serious_accessibility_violations(live_server, page, signed_in, school, language):
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs it (npm ci).")
    found = []
    for person, paths in school.items():
        page.context.clear_cookies()
        if person:
            signed_in(person)
        page.goto(f"{live_server.url}/language/{language}/")
        for path in paths:
            found += _violations(page, live_server.url + path)
        assert page.evaluate("document.documentElement.lang") == language
    assert not found, "\n".join(found)
