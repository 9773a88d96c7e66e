"""One version per person for their own learning: what they enrolled in, wait for, or
completed, their attendance marks and the lessons they marked done. The enrolment rules,
attendance and completion bump it when they change a person's record, once the
transaction commits; what is cached from that record (their plan, My learning,
their places and lessons on a course page) keys on it."""

from django.db import transaction

from core.versions import bump_dependency, dependency_versions


def learner_dependency(user_id: int) -> str:
    return f"learner:{user_id}"


def learner_changed(user_id: int) -> None:
    # Once committed: inside the transaction the enrolment rules hold the class's row lock.
    transaction.on_commit(lambda: bump_dependency(learner_dependency(user_id)))


def learner_version(user_id: int) -> str:
    name = learner_dependency(user_id)
    return dependency_versions([name])[name]
