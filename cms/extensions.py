"""What other apps add to the school's pages, through named Wagtail hooks.

The pages stand beside courses, enrolment and organisations on the domain floor without
importing them: a page asks the hooks below, and each app registers its part in its own
`wagtail_hooks.py`, where a reader of that app finds it.

  cms_home_page_context(request) -> dict            the person's next steps
  cms_catalog_plan(request) -> list                 the person's plan, for the catalogue's
                                                    recommended courses (steps with .course)
  cms_catalog_versions() -> dict                    versions of the live data the cached
                                                    catalogue cards show (classes)
  cms_catalog_next_classes(course_ids, now) -> dict {course id: next class} for the cards
                                                    (.starts_at, .is_open, .changes_at)
  cms_course_page_versions(course) -> dict          versions of the live data a cached
                                                    course page shows (classes, seats)
  cms_course_page_context(request, course) -> dict  class offers and lesson progress
  cms_can_read_lessons(user, course) -> bool        every answer must be yes
  cms_lesson_page_context(request, lesson) -> dict  whether the person has done it
"""

from wagtail import hooks

HOME_PAGE_CONTEXT = "cms_home_page_context"
CATALOG_PLAN = "cms_catalog_plan"
CATALOG_VERSIONS = "cms_catalog_versions"
CATALOG_NEXT_CLASSES = "cms_catalog_next_classes"
COURSE_PAGE_VERSIONS = "cms_course_page_versions"
COURSE_PAGE_CONTEXT = "cms_course_page_context"
CAN_READ_LESSONS = "cms_can_read_lessons"
LESSON_PAGE_CONTEXT = "cms_lesson_page_context"


def merged(name: str, *args) -> dict:
    """Every registered answer to the hook, merged into one dict."""
    result = {}
    for hook in hooks.get_hooks(name):
        result.update(hook(*args))
    return result


def listed(name: str, *args) -> list:
    """Every registered answer to the hook, one list after another."""
    return [item for hook in hooks.get_hooks(name) for item in hook(*args)]


def all_agree(name: str, *args) -> bool:
    return all(hook(*args) for hook in hooks.get_hooks(name))
