"""One version for the organisations' own records: who belongs to which and in what role,
who asks to join, and their assessments (opened, answered, scored). They change seldom,
so one version for all is enough: every service in organisations.services that changes
them, and the admin's organisation edits, bump it once the transaction commits. What is
cached from them (people's plans, a coordinator's next steps) keys on it."""

from django.db import transaction

from core.versions import bump_dependency, dependency_versions, read_with_content

STANDING = read_with_content("organisation-standing")


def standing_changed() -> None:
    transaction.on_commit(lambda: bump_dependency(STANDING))


def standing_version() -> str:
    return dependency_versions([STANDING])[STANDING]
