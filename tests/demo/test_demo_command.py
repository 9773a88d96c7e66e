"""The demo loader's command guards: kept apart from the module that loads the demo, whose
school stays in place for all of that module's tests."""

import pytest
from django.core.management import CommandError, call_command

from cms.models import CoursePage

pytestmark = pytest.mark.django_db


def test_demo_data_refuses_to_run_with_debug_off_without_force(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo_data")
    assert not CoursePage.objects.exists()


def test_if_empty_leaves_an_existing_school_alone(settings, course):
    settings.DEBUG = True
    call_command("load_demo_data", "--if-empty")
    assert list(CoursePage.objects.all()) == [course]
