"""Replace Wagtail's welcome page with the school's home page and the catalogue at /courses/."""

import uuid

from django.db import migrations
from django.utils import timezone


def create_site_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")
    CatalogPage = apps.get_model("cms.CatalogPage")

    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    locale = Locale.objects.order_by("pk").first()
    now = timezone.now()
    common = {
        "locale": locale,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": now,
        "last_published_at": now,
    }
    home = HomePage.objects.create(
        title="활동가IT학교",
        draft_title="활동가IT학교",
        slug="home",
        content_type=ContentType.objects.get_for_model(HomePage),
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        translation_key=uuid.uuid4(),
        intro="<p>시민사회 활동가를 위한 기술·프로젝트 관리·법제도 교육. 우리 단체의 IT 역량을 한 걸음씩 키웁니다.</p>",
        **common,
    )
    CatalogPage.objects.create(
        title="과정 안내",
        draft_title="과정 안내",
        slug="courses",
        content_type=ContentType.objects.get_for_model(CatalogPage),
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/courses/",
        translation_key=uuid.uuid4(),
        intro="",
        **common,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
        site_name="활동가IT학교",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_site_tree, migrations.RunPython.noop)]
