"""Who may reach what: every URL of the site × every role, with the answer each one gets.

The scenario (tests/security/scenario.py) gives `activist` a membership of `organisation`,
an enrolment in `class_` and a certificate; `coordinator` runs `organisation`;
`instructor` teaches `course` and its class; the `other_` roles have the same in a second
organisation and course; `staff` is in the Staff group.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from outbox.notices import unsubscribe_token
from tests.security.scenario import ROLES
from tests.security.urls import DENIED, DONE, LOGIN, NOT_ALLOWED, NOT_FOUND, OK

SIGNED_IN = ROLES[1:]
TEACHERS = ("instructor", "staff")
ADMIN_USERS = ("instructor", "other_instructor", "staff")
RECORD_KEEPERS = ("coordinator", "staff")
MEMBERS_AND_STAFF = ("activist", "coordinator", "staff")
MEMBERS = ("activist", "coordinator")
BAD_REQUEST = "400"  # refused with the reason on the page


def expect(allowed=SIGNED_IN, answer=OK, *, refused=NOT_FOUND, anonymous=LOGIN, **exceptions):
    """Outcome per role: `answer` for the allowed, `refused` for other signed-in people."""
    table = {role: answer if role in allowed else refused for role in SIGNED_IN}
    return {"anonymous": anonymous, **table, **exceptions}


def public(answer=OK):
    return expect(SIGNED_IN, answer, anonymous=answer)


def admin(allowed, answer=OK):
    """Wagtail sends people without admin access to the login page, and refuses the rest."""
    table = expect(allowed, answer, refused=DENIED)
    for role in ("activist", "other_activist", "coordinator", "other_coordinator"):
        table[role] = LOGIN
    return table


@dataclass
class Row:
    name: str
    url: Callable  # scenario -> URL
    expected: dict
    method: str = "get"
    htmx: bool = False
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method.upper()}{' htmx' if self.htmx else ''} {self.name}"


def _class(name, **extra):
    return lambda s: reverse(name, kwargs={"pk": s.class_.pk, **extra})


def _session(name):
    return lambda s: reverse(name, kwargs={"pk": s.class_.pk, "session_pk": s.session.pk})


def _own(name):
    return lambda s: reverse(
        name, kwargs={"pk": s.class_.pk, "session_pk": s.session.pk, "enrolment_pk": s.enrolment.pk}
    )


def _roster(name):
    return lambda s: reverse(name, kwargs={"pk": s.class_.pk, "enrolment_pk": s.enrolment.pk})


def _offer(s):
    return reverse("enrolment:seat_offer", args=[s.enrolment.pk])


def _step(name):
    return lambda s: reverse(name, kwargs={"pk": s.organisation.pk, "step_pk": s.step.pk})


def _organisation(name):
    return lambda s: reverse(name, kwargs={"pk": s.organisation.pk})


def _assessment(name):
    return lambda s: reverse(
        name, kwargs={"pk": s.organisation.pk, "assessment_pk": s.assessment.pk}
    )


def _certificate(name):
    return lambda s: reverse(name, kwargs={"code": s.certificate.display_code})


def _fixed(url):
    return lambda s: url


def _unsubscribe_token(s):
    return unsubscribe_token(s.activist, "join-decided")


OWNER_AND_STAFF = ("activist", "staff")
STAFF = ("staff",)

ROWS = [
    # --- accounts and site --------------------------------------------------------
    Row("healthz", _fixed("/healthz"), public()),
    Row("robots", _fixed("/robots.txt"), public()),
    Row("privacy", lambda s: reverse("privacy"), public()),
    Row("language", lambda s: reverse("choose_language", args=["en"]), public(DONE)),
    Row("login", lambda s: reverse("login"), expect(SIGNED_IN, DONE, anonymous=OK)),
    Row("signup", lambda s: reverse("signup"), expect(SIGNED_IN, DONE, anonymous=OK)),
    Row("profile", lambda s: reverse("profile"), expect()),
    Row("close account", lambda s: reverse("close_account"), expect()),
    Row("my data", lambda s: reverse("my_data"), expect(), method="post"),
    Row(
        "my data prepared by the worker",
        lambda s: reverse("my_data_ready", args=[s.data_download.pk]),
        expect(("activist",)),
    ),
    Row(
        "my data by GET",
        lambda s: reverse("my_data"),
        expect(refused=NOT_ALLOWED, answer=NOT_ALLOWED, anonymous=NOT_ALLOWED),
    ),
    Row("logout", lambda s: reverse("logout"), public(DONE), method="post"),
    Row("logout by GET", lambda s: reverse("logout"), public(NOT_ALLOWED)),
    Row("password change", lambda s: reverse("password_change"), expect()),
    Row("password change done", lambda s: reverse("password_change_done"), expect()),
    Row("password reset", lambda s: reverse("password_reset"), public()),
    Row("password reset done", lambda s: reverse("password_reset_done"), public()),
    Row("password reset complete", lambda s: reverse("password_reset_complete"), public()),
    Row(
        "password reset confirm",
        lambda s: reverse("password_reset_confirm", args=["MQ", "set-password"]),
        public(),
    ),
    # --- learning -----------------------------------------------------------------
    Row("my learning", lambda s: reverse("enrolment:my_learning"), expect()),
    Row(
        "lesson done",
        lambda s: reverse("enrolment:lesson_done", args=[s.lesson.pk]),
        expect(answer=DONE),
        method="post",
    ),
    Row(
        "lesson done",
        lambda s: reverse("enrolment:lesson_done", args=[s.lesson.pk]),
        expect(),
        method="post",
        htmx=True,
    ),
    Row(
        "lesson done by GET",
        lambda s: reverse("enrolment:lesson_done", args=[s.lesson.pk]),
        expect(refused=NOT_ALLOWED, answer=NOT_ALLOWED, anonymous=NOT_ALLOWED),
    ),
    Row(
        "attendance history",
        lambda s: reverse("enrolment:attendance_history", args=[s.enrolment.pk]),
        expect(("activist", *TEACHERS)),
    ),
    Row(
        "check in",
        lambda s: reverse("enrolment:checkin", args=[s.session.pk]),
        expect(("activist",)),
    ),
    Row("check-in code", _session("enrolment:checkin_code"), expect(TEACHERS)),
    Row("check-in code", _session("enrolment:checkin_code"), expect(TEACHERS), htmx=True),
    Row("enrol", _class("enrolment:enrol"), expect(answer=DONE), method="post"),
    Row("enrol", _class("enrolment:enrol"), expect(), method="post", htmx=True),
    Row("cancel: the question", _class("enrolment:cancel"), expect(("activist",))),
    Row("cancel: the question", _class("enrolment:cancel"), expect(("activist",)), htmx=True),
    Row("cancel, not confirmed", _class("enrolment:cancel"), expect(("activist",)), method="post"),
    Row(
        "cancel",
        _class("enrolment:cancel"),
        expect(("activist",), DONE),
        method="post",
        data={"confirm": "yes"},
    ),
    Row(
        "cancel",
        _class("enrolment:cancel"),
        expect(("activist",)),
        method="post",
        htmx=True,
        data={"confirm": "yes"},
    ),
    Row(
        "survey after class",
        lambda s: reverse("enrolment:feedback", args=[s.enrolment.pk]),
        expect(("activist",)),
    ),
    Row(
        "survey after class: the answer",
        lambda s: reverse("enrolment:feedback", args=[s.enrolment.pk]),
        expect(("activist",), answer=BAD_REQUEST),
        method="post",
        data={"rating": "5"},
    ),
    Row("survey answers", _class("enrolment:class_feedback"), expect(TEACHERS)),
    Row("seat offer", _offer, expect(("activist",))),
    Row(
        "seat offer: the answer",
        _offer,
        expect(("activist",), DONE),
        method="post",
        data={"answer": "accept"},
    ),
    Row(
        "seat offer: the answer",
        _offer,
        expect(("activist",)),
        method="post",
        htmx=True,
        data={"answer": "decline"},
    ),
    Row("class card", _class("enrolment:class_card"), expect(answer=DONE)),
    Row("class card", _class("enrolment:class_card"), expect(), htmx=True),
    Row("roster", _class("enrolment:roster"), expect(TEACHERS)),
    Row(
        "class message",
        _class("enrolment:class_message"),
        expect(TEACHERS, DONE),
        method="post",
        data={"body": "다음 주 교실이 바뀝니다."},
    ),
    Row("roster csv", _class("enrolment:roster_export", file_format="csv"), expect(TEACHERS)),
    Row("roster xlsx", _class("enrolment:roster_export", file_format="xlsx"), expect(TEACHERS)),
    Row("completion rules", _class("enrolment:completion_rules"), expect(TEACHERS)),
    Row("attendance report", _class("enrolment:attendance_report"), expect(TEACHERS)),
    Row(
        "attendance csv",
        _class("enrolment:attendance_report_export", file_format="csv"),
        expect(TEACHERS),
    ),
    Row("import attendance", _class("enrolment:import_attendance"), expect(STAFF)),
    Row(
        "staff enrol",
        _class("enrolment:staff_enrol"),
        expect(STAFF, DONE),
        method="post",
        data={"person": "other_activist", "reason": "전화 신청"},
    ),
    Row(
        "staff move up",
        _roster("enrolment:staff_move_up"),
        expect(STAFF, DONE),
        method="post",
        data={"reason": "사유"},
    ),
    Row(
        "staff cancel",
        _roster("enrolment:staff_cancel"),
        expect(STAFF, DONE),
        method="post",
        data={"reason": "사유"},
    ),
    Row("roll call", _session("enrolment:roll_call"), expect(TEACHERS)),
    Row("roll call save", _session("enrolment:roll_call"), expect(TEACHERS, DONE), method="post"),
    Row(
        "roll all present",
        _session("enrolment:roll_all_present"),
        expect(TEACHERS, DONE),
        method="post",
    ),
    Row(
        "roll mark",
        _own("enrolment:roll_mark"),
        expect(TEACHERS, DONE),
        method="post",
        data={"status": "late"},
    ),
    Row(
        "roll mark",
        _own("enrolment:roll_mark"),
        expect(TEACHERS),
        method="post",
        htmx=True,
        data={"status": "late"},
    ),
    Row("class sessions", _class("courses:sessions"), expect(TEACHERS)),
    # --- organisations --------------------------------------------------------------
    Row("organisations", lambda s: reverse("organisations:index"), expect()),
    Row("register organisation", lambda s: reverse("organisations:register"), expect()),
    Row("organisation", _organisation("organisations:detail"), expect()),
    Row("members", _organisation("organisations:members"), expect(RECORD_KEEPERS)),
    Row(
        "members csv",
        lambda s: reverse(
            "organisations:members_export", kwargs={"pk": s.organisation.pk, "file_format": "csv"}
        ),
        expect(RECORD_KEEPERS),
    ),
    Row("training duties", _organisation("organisations:training"), expect(RECORD_KEEPERS)),
    Row(
        "training record pdf",
        lambda s: reverse(
            "organisations:training_record",
            kwargs={"pk": s.organisation.pk, "year": 2027, "file_format": "pdf"},
        ),
        expect(RECORD_KEEPERS),
    ),
    Row(
        "mark who handles personal data",
        lambda s: reverse("organisations:mark_handler", args=[s.organisation.pk, s.membership.pk]),
        expect(("coordinator",), DONE),
        method="post",
        data={"handles": "1"},
    ),
    Row(
        "change a member's role",
        lambda s: reverse("organisations:change_role", args=[s.organisation.pk, s.membership.pk]),
        expect(("coordinator",), DONE),
        method="post",
        data={"role": "coordinator"},
    ),
    Row(
        "remove a member",
        lambda s: reverse("organisations:remove_member", args=[s.organisation.pk, s.membership.pk]),
        expect(("coordinator",), DONE),
        method="post",
    ),
    Row(
        "leave an organisation",
        _organisation("organisations:leave"),
        expect(("activist", "coordinator"), DONE),
        method="post",
    ),
    Row("join", _organisation("organisations:join"), expect(answer=DONE), method="post"),
    Row("verify", _organisation("organisations:verify"), expect(STAFF, DONE), method="post"),
    Row("sharing choice", _organisation("organisations:sharing"), expect(MEMBERS)),
    Row(
        "sharing choice: saved",
        _organisation("organisations:sharing"),
        expect(MEMBERS, DONE),
        method="post",
        data={"shares": "completions"},
    ),
    Row("plan step", _step("organisations:plan_step"), expect(MEMBERS_AND_STAFF)),
    Row(
        "plan step done",
        _step("organisations:step_done"),
        expect(MEMBERS_AND_STAFF, DONE),
        method="post",
        data={"done_on": "2027-03-01"},
    ),
    Row(
        "plan step done by GET",
        _step("organisations:step_done"),
        expect(refused=NOT_ALLOWED, answer=NOT_ALLOWED, anonymous=NOT_ALLOWED),
    ),
    Row(
        "ask the cooperative",
        _organisation("organisations:ask_cooperative"),
        expect(MEMBERS_AND_STAFF, DONE),
        method="post",
        data={"risk": "백업이 없음", "message": "상담 부탁드립니다."},
    ),
    Row(
        "ask the cooperative by GET",
        _organisation("organisations:ask_cooperative"),
        expect(refused=NOT_ALLOWED, answer=NOT_ALLOWED, anonymous=NOT_ALLOWED),
    ),
    Row(
        "decide a join request",
        lambda s: reverse("organisations:decide", args=[s.organisation.pk, s.join_request.pk]),
        expect(("coordinator",), DONE),
        method="post",
        data={"decision": "approve"},
    ),
    Row(
        "start an assessment",
        _organisation("organisations:start_assessment"),
        expect(("coordinator",), DONE),
        method="post",
    ),
    Row("assessment", _assessment("organisations:assessment"), expect(RECORD_KEEPERS)),
    Row("answer", _assessment("organisations:answer"), expect(("activist", "coordinator"))),
    Row("score: the question", _assessment("organisations:score"), expect(("coordinator",))),
    Row(
        "score, not confirmed",
        _assessment("organisations:score"),
        expect(("coordinator",)),
        method="post",
    ),
    Row(
        "score",
        _assessment("organisations:score"),
        expect(("coordinator",), DONE),
        method="post",
        data={"confirm": "yes"},
    ),
    # --- calendars ------------------------------------------------------------------
    Row("school calendar", lambda s: reverse("calendar:school"), public()),
    Row(
        "track calendar",
        lambda s: reverse("calendar:track", args=[s.course.track.slug]),
        public(),
    ),
    Row("course calendar", lambda s: reverse("calendar:course", args=[s.course.slug]), public()),
    # The address is the key: whoever holds it reads it; any other answers 404.
    Row("personal calendar", lambda s: reverse("calendar:personal", args=[s.feed_token]), public()),
    Row(
        "personal calendar, wrong address",
        lambda s: reverse("calendar:personal", args=["x" * 43]),
        public(NOT_FOUND),
    ),
    Row("session .ics", lambda s: reverse("calendar:session", args=[s.session.pk]), public()),
    Row("class .ics", lambda s: reverse("calendar:class", args=[s.class_.pk]), public()),
    Row(
        "new calendar address",
        lambda s: reverse("calendar:regenerate_token"),
        expect(answer=DONE),
        method="post",
    ),
    Row(
        "new calendar address",
        lambda s: reverse("calendar:regenerate_token"),
        expect(),
        method="post",
        htmx=True,
    ),
    # --- certificates ---------------------------------------------------------------
    Row("verify index", lambda s: reverse("certificates:verify_index"), public()),
    Row("verify", _certificate("certificates:verify"), public()),
    Row("issuer", lambda s: reverse("certificates:issuer"), public()),
    Row("my certificates", lambda s: reverse("certificates:mine"), expect()),
    Row("my learning record", lambda s: reverse("certificates:record"), expect()),
    Row(
        "my learning record: a link",
        lambda s: reverse("certificates:record"),
        expect(answer=DONE),
        method="post",
    ),
    Row("my learning record as PDF", lambda s: reverse("certificates:record_pdf"), expect()),
    Row(
        "a learning record shared by a link that does not exist",
        lambda s: reverse("certificates:shared_record", args=["not-a-link"]),
        public(NOT_FOUND),
    ),
    # --- notices --------------------------------------------------------------------
    Row("notices", lambda s: reverse("notices:list"), expect()),
    Row(
        "open a notice",
        lambda s: reverse("notices:open", args=[s.notice.pk]),
        expect(("activist",), DONE),
    ),
    Row(
        "mark notices read",
        lambda s: reverse("notices:mark_all_read"),
        expect(answer=DONE),
        method="post",
    ),
    Row("notice badge", lambda s: reverse("notices:badge"), expect(), htmx=True),
    Row("notice settings", lambda s: reverse("notices:settings"), expect()),
    Row(
        "unsubscribe",
        lambda s: reverse(
            "notices:unsubscribe", args=[unsubscribe_token(s.activist, "join-decided")]
        ),
        public(),
    ),
    Row(
        "unsubscribe in one click",
        lambda s: reverse(
            "notices:unsubscribe", args=[unsubscribe_token(s.activist, "join-decided")]
        ),
        public(),
        method="post",
    ),
    Row("certificate pdf", _certificate("certificates:pdf"), expect(OWNER_AND_STAFF)),
    Row("credential", _certificate("certificates:credential"), expect(OWNER_AND_STAFF)),
    Row(
        "track certificate pdf",
        lambda s: reverse("certificates:track_pdf", args=[s.track_certificate.display_code]),
        expect(OWNER_AND_STAFF),
    ),
    Row(
        "track credential",
        lambda s: reverse("certificates:track_credential", args=[s.track_certificate.display_code]),
        expect(OWNER_AND_STAFF),
    ),
    Row("class certificates", _class("certificates:class_certificates"), expect(STAFF)),
    Row("issue", _class("certificates:issue"), expect(STAFF, DONE), method="post"),
    Row(
        "revoke",
        lambda s: reverse("certificates:revoke", args=[s.certificate.pk]),
        expect(STAFF, DONE),
        method="post",
        data={"reason": "착오"},
    ),
    Row(
        "render again",
        lambda s: reverse("certificates:reissue", args=[s.certificate.pk]),
        expect(STAFF, DONE),
        method="post",
    ),
    Row(
        "apply template",
        lambda s: reverse("certificates:apply_template", args=[s.template.pk]),
        expect(STAFF),
    ),
    # --- staff reports ----------------------------------------------------------------
    Row("reports", lambda s: reverse("reports:dashboard"), expect(STAFF)),
    Row("reports csv", lambda s: reverse("reports:export", args=["csv"]), expect(STAFF)),
    Row("sector", lambda s: reverse("reports:sector"), expect(STAFF)),
    Row("survey report", lambda s: reverse("reports:feedback"), expect(STAFF)),
    Row("impact", lambda s: reverse("reports:impact"), expect(STAFF)),
    Row("sector xlsx", lambda s: reverse("reports:sector_export", args=["xlsx"]), expect(STAFF)),
    # --- pages and documents (Wagtail) ----------------------------------------------
    Row("home", _fixed("/"), public()),
    Row("course page", lambda s: s.course.url, public()),
    Row("lesson page", lambda s: s.lesson.url, public()),
    Row("document", _fixed("/documents/999999/missing.pdf"), public(NOT_FOUND)),
    Row(
        "page password form",
        _fixed("/documents/authenticate_with_password/999999/"),
        public(NOT_FOUND),
    ),
    Row(
        "page password",
        lambda s: f"/_util/authenticate_with_password/999999/{s.course.pk}/",
        public(NOT_FOUND),
    ),
    Row("page login", _fixed("/_util/login/"), public()),
]

# A sample of Wagtail's own admin views, for the things each role must or must not touch.
ADMIN_ROWS = [
    Row("admin: dashboard", _fixed("/admin/"), admin(ADMIN_USERS)),
    Row(
        "admin: edit own course",
        lambda s: f"/admin/pages/{s.course.pk}/edit/",
        admin(TEACHERS),
    ),
    Row(
        "admin: edit own lesson",
        lambda s: f"/admin/pages/{s.lesson.pk}/edit/",
        admin(TEACHERS),
    ),
    Row(
        "admin: preview a revision",
        lambda s: f"/admin/pages/{s.course.pk}/revisions/{s.course.latest_revision_id}/view/",
        admin(TEACHERS),
    ),
    Row(
        "admin: copy a course",
        lambda s: f"/admin/pages/{s.course.pk}/copy/",
        admin(TEACHERS),
    ),
    Row(
        "admin: tracks",
        _fixed("/admin/snippets/cms/track/"),
        admin(STAFF),
    ),
    Row(
        "admin: classes",
        _fixed("/admin/snippets/courses/class/"),
        admin(ADMIN_USERS),
    ),
    Row(
        "admin: edit a class",
        lambda s: f"/admin/snippets/courses/class/edit/{s.class_.pk}/",
        admin(TEACHERS),
    ),
    Row(
        "admin: save a class",
        lambda s: f"/admin/snippets/courses/class/edit/{s.class_.pk}/",
        admin(TEACHERS),
        method="post",
    ),
    Row(
        "admin: a class's history",
        lambda s: f"/admin/snippets/courses/class/history/{s.class_.pk}/",
        admin(TEACHERS),
    ),
    Row(
        "admin: a class's history (htmx results)",
        lambda s: f"/admin/snippets/courses/class/history-results/{s.class_.pk}/",
        admin(TEACHERS),
        htmx=True,
    ),
    Row(
        "admin: where a class is used",
        lambda s: f"/admin/snippets/courses/class/usage/{s.class_.pk}/",
        admin(TEACHERS),
    ),
    Row(
        "admin: classes listing (htmx results)",
        _fixed("/admin/snippets/courses/class/results/"),
        admin(ADMIN_USERS),
        htmx=True,
    ),
    Row(
        "admin: organisations",
        _fixed("/admin/snippets/organisations/organisation/"),
        admin(STAFF),
    ),
    Row(
        "admin: edit an organisation",
        lambda s: f"/admin/snippets/organisations/organisation/edit/{s.organisation.pk}/",
        admin(STAFF),
    ),
    Row(
        # Only superusers delete organisations; staff keep their history.
        "admin: delete an organisation (the confirmation)",
        lambda s: f"/admin/snippets/organisations/organisation/delete/{s.organisation.pk}/",
        admin(()),
    ),
    Row(
        "admin: organisations listing (htmx results)",
        _fixed("/admin/snippets/organisations/organisation/results/"),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: questionnaire",
        lambda s: f"/admin/snippets/organisations/questionnaire/edit/{s.questionnaire.pk}/",
        admin(STAFF),
    ),
    Row(
        "admin: certificates",
        _fixed("/admin/snippets/certificates/certificate/"),
        admin(STAFF),
    ),
    Row(
        "admin: certificates listing (htmx results)",
        _fixed("/admin/snippets/certificates/certificate/results/"),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: inspect a certificate",
        lambda s: f"/admin/snippets/certificates/certificate/inspect/{s.certificate.pk}/",
        admin(STAFF),
    ),
    Row(
        "admin: track certificates",
        _fixed("/admin/snippets/certificates/trackcertificate/"),
        admin(STAFF),
    ),
    Row(
        "admin: track certificates listing (htmx results)",
        _fixed("/admin/snippets/certificates/trackcertificate/results/"),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: inspect a track certificate",
        lambda s: (
            f"/admin/snippets/certificates/trackcertificate/inspect/{s.track_certificate.pk}/"
        ),
        admin(STAFF),
    ),
    Row(
        "admin: certificate templates",
        _fixed("/admin/snippets/certificates/certificatetemplate/"),
        admin(STAFF),
    ),
    Row(
        "admin: certificate templates listing (htmx results)",
        _fixed("/admin/snippets/certificates/certificatetemplate/results/"),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: edit a certificate template",
        lambda s: f"/admin/snippets/certificates/certificatetemplate/edit/{s.template.pk}/",
        admin(STAFF),
    ),
    Row("admin: outgoing mail", _fixed("/admin/snippets/outbox/outgoingmail/"), admin(STAFF)),
    Row(
        "admin: outgoing mail listing (htmx results)",
        _fixed("/admin/snippets/outbox/outgoingmail/results/"),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: inspect an outgoing e-mail",
        lambda s: f"/admin/snippets/outbox/outgoingmail/inspect/{s.mail.pk}/",
        admin(STAFF),
    ),
    Row(
        "admin: edit an outgoing e-mail",
        lambda s: f"/admin/snippets/outbox/outgoingmail/edit/{s.mail.pk}/",
        admin(()),
    ),
    Row(
        "admin: delete an outgoing e-mail",
        lambda s: f"/admin/snippets/outbox/outgoingmail/delete/{s.mail.pk}/",
        admin(()),
        method="post",
    ),
    Row("admin: users", _fixed("/admin/users/"), admin(STAFF)),
    Row(
        "admin: users listing (htmx results)",
        _fixed("/admin/users/results/"),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: close someone's account",
        lambda s: reverse("wagtailusers_users:close", args=[s.activist.pk]),
        admin(STAFF),
    ),
    Row("admin: edit a user", lambda s: f"/admin/users/edit/{s.activist.pk}/", admin(STAFF)),
    Row("admin: add a user", lambda s: reverse("wagtailusers_users:add"), admin(STAFF)),
    Row(
        "admin: copy a user",
        lambda s: reverse("wagtailusers_users:copy", args=[s.activist.pk]),
        admin(STAFF),
    ),
    # Staff may change users but not delete them: closing an account keeps the records.
    Row(
        "admin: delete a user",
        lambda s: reverse("wagtailusers_users:delete", args=[s.activist.pk]),
        admin(()),
    ),
    Row(
        "admin: a user's history",
        lambda s: reverse("wagtailusers_users:history", args=[s.activist.pk]),
        admin(STAFF),
    ),
    Row(
        "admin: a user's history (htmx results)",
        lambda s: reverse("wagtailusers_users:history_results", args=[s.activist.pk]),
        admin(STAFF),
        htmx=True,
    ),
    Row(
        "admin: where a user is used",
        lambda s: reverse("wagtailusers_users:usage", args=[s.activist.pk]),
        admin(STAFF),
    ),
    Row("admin: groups", _fixed("/admin/groups/"), admin(())),
    Row(
        "admin: edit the staff's own group",
        lambda s: f"/admin/groups/edit/{s.staff.groups.get().pk}/",
        admin(()),
    ),
    Row(
        "admin: add permissions to the staff's own group",
        lambda s: f"/admin/groups/edit/{s.staff.groups.get().pk}/",
        admin(()),
        method="post",
        data={"name": "Staff"},
    ),
    Row("admin: images", _fixed("/admin/images/"), admin(ADMIN_USERS)),
    Row(
        "admin: documents",
        _fixed("/admin/documents/"),
        admin(ADMIN_USERS),
    ),
    Row("admin: redirects", _fixed("/admin/redirects/"), admin(STAFF)),
    Row("admin: sites", _fixed("/admin/sites/"), admin(())),
]
