"""The school's Wagtail content: tracks, courses and lessons (courses), the catalogue page that
filters them (catalog), and the pages around them (site)."""

from cms.models.catalog import CatalogPage
from cms.models.courses import (
    CachedPageMixin,
    CourseCapability,
    CoursePage,
    CoursePageQuerySet,
    LessonNavigation,
    LessonPage,
    Level,
    Track,
)
from cms.models.site import HomePage, StandardPage

__all__ = [
    "CachedPageMixin",
    "CatalogPage",
    "CourseCapability",
    "CoursePage",
    "CoursePageQuerySet",
    "HomePage",
    "LessonNavigation",
    "LessonPage",
    "Level",
    "StandardPage",
    "Track",
]
