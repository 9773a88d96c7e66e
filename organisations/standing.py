"""One version for who belongs to which organisation and where each stands (its scored
assessments). Memberships and results change seldom, so one version for all is enough:
the membership and assessment services and the admin's organisation edits bump it, once
the transaction commits; what is cached from them (people's plans) keys on it."""

from django.db import transaction

from core.versions import bump_dependency, dependency_versions

STANDING = "organisation-standing"


def standing_changed() -> None:
    transaction.on_commit(lambda: bump_dependency(STANDING))


def standing_version() -> str:
    return dependency_versions([STANDING])[STANDING]
