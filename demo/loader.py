"""Build a believable Korean school from `demo.content`, without duplicating anything."""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from cms.groups import INSTRUCTORS_GROUP, STAFF_GROUP
from cms.models import CatalogPage, CourseCapability, CoursePage, LessonPage, Track
from demo import content
from demo.assessments import load_assessments
from demo.classes import load_classes
from demo.feedback import load_feedback
from demo.history import load_history, load_training_duties
from demo.plan_steps import load_plan_history, load_plan_steps
from organisations import sharing
from organisations.models import CapabilityArea, Membership, Organisation

User = get_user_model()

DEMO_PASSWORD = "demo-2026!"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


STAFF = [{"username": "staff", "name": "박운영", "email": "staff@example.org"}]
ACTIVISTS = [
    {
        "username": "activist1",
        "name": "이나래",
        "email": "activist1@example.org",
        "organisation": "마포 청소년 인권 모임",
        "role": "coordinator",
        "shares": "everything",
    },
    {
        "username": "activist2",
        "name": "최다온",
        "email": "activist2@example.org",
        "organisation": "강원 기후 행동 네트워크",
        "role": "member",
        "shares": "",  # joined before choosing: My learning asks
    },
    {
        "username": "activist3",
        "name": "정바람",
        "email": "activist3@example.org",
        "organisation": "마포 청소년 인권 모임",
        "role": "member",
        "shares": "completions",
    },
]
ORGANISATIONS = [
    {"name": "마포 청소년 인권 모임", "kind": "association", "region": "서울", "size": 8},
    {"name": "강원 기후 행동 네트워크", "kind": "network", "region": "강원", "size": 15},
]


def demo_logins() -> list[DemoLogin]:
    return (
        [DemoLogin("admin", "superuser")]
        + [DemoLogin(p["username"], "staff") for p in STAFF]
        + [DemoLogin(p["username"], "instructor") for p in content.INSTRUCTORS]
        + [DemoLogin(p["username"], "activist") for p in ACTIVISTS]
    )


def has_courses() -> bool:
    return CoursePage.objects.exists()


@transaction.atomic
def load() -> dict:
    users = _load_people()
    tracks = {t["slug"]: _upsert(Track, t, sort_order=i) for i, t in enumerate(content.TRACKS)}
    areas = {
        a["slug"]: _upsert(CapabilityArea, a, sort_order=i)
        for i, a in enumerate(content.CAPABILITY_AREAS)
    }
    covers = {slug: _cover_image(track) for slug, track in tracks.items()}
    catalog = CatalogPage.objects.get()
    created = 0
    courses: dict[str, CoursePage] = {}
    for spec in content.COURSES:
        course, is_new = _course(catalog, spec, tracks, covers, users)
        courses[spec["slug"]] = course
        created += is_new
        if is_new:
            _link_course(course, spec, areas, courses)
            for number, lesson in enumerate(spec["lessons"]):
                _lesson(course, lesson, covers[spec["track"]], attach_extras=number == 0)
            course.save_revision().publish()
    for spec in content.TRACKS:
        if spec.get("required") and not tracks[spec["slug"]].required_courses.exists():
            tracks[spec["slug"]].required_courses.set(courses[slug] for slug in spec["required"])
    activists = [users[spec["username"]] for spec in ACTIVISTS]
    classes = load_classes(courses, activists, users[STAFF[0]["username"]])
    classes += load_history(courses)
    classes += load_training_duties(courses)
    load_feedback()
    steps = load_plan_steps(areas)
    assessments = load_assessments(courses, users, steps)
    load_plan_history(steps, users, users[STAFF[0]["username"]])
    return {
        "courses_created": created,
        "courses_total": CoursePage.objects.count(),
        "classes_created": classes,
        "assessments_created": assessments,
    }


def _upsert(model, spec: dict, **extra):
    fields = {k: v for k, v in spec.items() if k != "slug" and hasattr(model, k)}
    obj, _ = model.objects.update_or_create(slug=spec["slug"], defaults={**fields, **extra})
    return obj


def _user(spec: dict, *, is_staff=False, is_superuser=False, groups=()):
    user, created = User.objects.get_or_create(
        username=spec["username"],
        defaults={
            "name": spec["name"],
            "email": spec["email"],
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def _load_people() -> dict:
    _user(
        {"username": "admin", "name": "관리자", "email": "admin@example.org"},
        is_staff=True,
        is_superuser=True,
    )
    people = {}
    for spec in STAFF:
        people[spec["username"]] = _user(spec, groups=[STAFF_GROUP])
    for spec in content.INSTRUCTORS:
        people[spec["username"]] = _user(spec, groups=[INSTRUCTORS_GROUP])
    organisations = {
        spec["name"]: Organisation.objects.get_or_create(name=spec["name"], defaults=spec)[0]
        for spec in ORGANISATIONS
    }
    for spec in ACTIVISTS:
        person = people[spec["username"]] = _user(spec)
        membership, created = Membership.objects.get_or_create(
            organisation=organisations[spec["organisation"]],
            user=person,
            defaults={"role": spec["role"]},
        )
        if created and spec["shares"]:
            sharing.choose(membership, spec["shares"], actor=person)
    return people


def _cover_image(track: Track) -> Image:
    title = f"표지: {track.name}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (960, 540), track.color)
    draw = ImageDraw.Draw(canvas)
    for i in range(0, 960 + 540, 60):
        draw.line([(i, 0), (i - 540, 540)], fill="#ffffff", width=6)
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"cover-{track.slug}.png"))


def _course(catalog, spec, tracks, covers, users) -> tuple[CoursePage, bool]:
    existing = CoursePage.objects.child_of(catalog).filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    course = CoursePage(
        title=spec["title"],
        slug=spec["slug"],
        track=tracks[spec["track"]],
        level=spec["level"],
        summary=spec["summary"],
        learning_outcomes="\n".join(spec["learning_outcomes"]),
        estimated_hours=spec["estimated_hours"],
        grade_min=spec["grade_min"],
        grade_max=spec["grade_max"],
        renewal_months=spec.get("renewal_months"),
        cover_image=covers[spec["track"]],
    )
    course.instructors = [users[name] for name in spec["instructors"]]
    catalog.add_child(instance=course)
    return course, True


def _link_course(course, spec, areas, courses) -> None:
    course.prerequisites = [courses[slug] for slug in spec["prerequisites"]]
    course.capabilities = [
        CourseCapability(
            area=areas[link["area"]], from_stage=link["from_stage"], to_stage=link["to_stage"]
        )
        for link in spec["areas"]
    ]
    course.save()


def _lesson(course, spec, cover: Image, *, attach_extras: bool) -> None:
    body = [_raw_block(kind, value) for kind, value in spec["body"]]
    if attach_extras:
        body.append(
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": cover.pk,
                        "decorative": False,
                        "alt_text": f"{course.title} 표지 그림",
                    },
                    "caption": course.title,
                },
            }
        )
        body.append(
            {
                "type": "document",
                "value": {"document": _worksheet().pk, "label": "실습 활동지 내려받기"},
            }
        )
    lesson = LessonPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        duration_minutes=spec["duration_minutes"],
        body=body,
    )
    course.add_child(instance=lesson)
    lesson.save_revision().publish()


def _raw_block(kind: str, value) -> dict:
    if kind == "rich_text":
        value = RichText(value).source
    return {"type": kind, "value": value}


def _worksheet() -> Document:
    title = "실습 활동지"
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    text = "항목,현재 상태,다음 할 일,담당\n백업,,,\n비밀번호 관리,,,\n개인정보 처리방침,,,\n"
    document = Document(title=title)
    document.file.save("worksheet.csv", ContentFile(("\ufeff" + text).encode("utf-8")), save=False)
    document.save()
    return document
