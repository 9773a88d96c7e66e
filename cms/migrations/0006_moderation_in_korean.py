"""Name Wagtail's default moderation workflow and its task in Korean.

Wagtail creates both as "Moderators approval"; instructors then read "Moderators
approval에 제출". Only that default name is changed, so running this again, or on a
site whose staff renamed them, changes nothing.
"""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
WORKFLOW_NAME = "운영진 검토"
TASK_NAME = "운영진 검토"
ROOT_TITLE = "사이트 전체"


def name_in_korean(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=DEFAULT_NAME).update(
        name=WORKFLOW_NAME
    )
    apps.get_model("wagtailcore", "Task").objects.filter(name=DEFAULT_NAME).update(name=TASK_NAME)
    # The tree's root shows in the admin's breadcrumbs; visitors never see it.
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )


def name_in_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(
        name=DEFAULT_NAME
    )
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=DEFAULT_NAME)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT_TITLE).update(
        title="Root", draft_title="Root"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_required_lessons"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(name_in_korean, name_in_english)]
