from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from cms import extensions
from courses.forms import ClassForm
from courses.models import Class, Session
from courses.permissions import ClassPermissionPolicy
from courses.schedule import classes_versions, next_classes, schedule_versions
from enrolment import services as enrolment

register_permission_policy(Class, ClassPermissionPolicy(Class))


class ClassIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        # Straight from the list to the class's sessions (and the repeating-session
        # generator) and to its roster.
        return super().get_list_more_buttons(instance) + [
            ListingButton(
                _("Sessions"), url=reverse("courses:sessions", args=[instance.pk]), priority=5
            ),
            ListingButton(
                _("Roster"), url=reverse("enrolment:roster", args=[instance.pk]), priority=6
            ),
        ]

    def get_base_queryset(self):
        # Instructors list only the classes of the courses they teach.
        visible = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "view"]
        )
        return visible.select_related("course")


class _OwnClassOnly:
    """Wagtail checks only the model-wide permission on one object's pages: check the class,
    or an instructor of one course could open and change any course's classes."""

    def get_object(self, *args, **kwargs):
        class_ = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["change", "view"], class_
        ):
            raise PermissionDenied
        return class_


class ClassEditView(_OwnClassOnly, EditView):
    """Calling off the class or a session, or moving a session, goes through the enrolment
    services, which tell the people in it; whatever else the edit frees goes to the
    waitlist."""

    def save_instance(self):
        before = Class.objects.get(pk=self.object.pk)
        cancels_class = (
            self.object.status == Class.Status.CANCELLED and before.status != self.object.status
        )
        if cancels_class:
            self.object.status = before.status  # the service cancels it
        cancelled_sessions = self._hold_back_cancelled_sessions(before)
        # When and where each scheduled session met before the edit.
        was = {
            session.pk: (session.starts_at, session.ends_at, session.effective_place)
            for session in before.sessions.filter(status=Session.Status.SCHEDULED)
        }
        class_ = super().save_instance()
        user = self.request.user
        if cancels_class:
            reason = class_.cancel_reason or gettext("The class was cancelled.")
            enrolment.cancel_class(class_, actor=user, reason=reason)
            return class_
        # Sessions added in the same edit make up for the ones called off.
        added = class_.sessions.filter(status=Session.Status.SCHEDULED).exclude(pk__in=was)
        for session in Session.objects.filter(pk__in=cancelled_sessions):
            reason = self.cancel_reasons.get(session.pk, "")
            enrolment.cancel_session(session, reason=reason, make_up=list(added))
        for session in class_.sessions.filter(pk__in=was).select_related("course_class"):
            starts_at, ends_at, place = was[session.pk]
            enrolment.session_moved(session, starts_at=starts_at, ends_at=ends_at, place=place)
        # More seats, enrolment re-opened, a first session moved later: whatever the edit
        # frees goes to the people waiting now, in the same transaction as the edit.
        enrolment.promote_from_waitlist(
            class_, actor=user, reason=gettext("A seat became free when the class was edited.")
        )
        return class_

    def _hold_back_cancelled_sessions(self, before) -> list[int]:
        """Save sessions being called off as they were; return them for the service."""
        was = dict(before.sessions.values_list("pk", "status"))
        self.cancel_reasons = {}
        held = []
        for form in self.form.formsets["sessions"].forms:
            session = form.instance
            cancelled = session.status == Session.Status.CANCELLED
            if session.pk in was and cancelled and was[session.pk] != session.status:
                session.status = was[session.pk]
                self.cancel_reasons[session.pk] = session.cancel_reason
                held.append(session.pk)
        return held


class ClassHistoryView(_OwnClassOnly, HistoryView):
    pass


class ClassUsageView(_OwnClassOnly, UsageView):
    pass


class ClassViewSet(SnippetViewSet):
    model = Class
    icon = "date"
    menu_label = _("Classes")
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = ClassIndexView
    edit_view_class = ClassEditView
    history_view_class = ClassHistoryView
    usage_view_class = ClassUsageView
    list_display = ["title", "course", "status", "capacity", "enrolment_opens_at"]
    list_filter = ["status", "format"]
    search_fields = ["title"]
    ordering = ["-enrolment_opens_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("course"),
                    FieldRowPanel(
                        [FieldPanel("title"), FieldPanel("status"), FieldPanel("capacity")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]
                    ),
                    FieldRowPanel([FieldPanel("offers_seats"), FieldPanel("offer_hours")]),
                    FieldRowPanel([FieldPanel("format"), FieldPanel("place")]),
                    FieldPanel("online_url"),
                    FieldPanel("instructors"),
                    FieldPanel("note"),
                    FieldPanel("cancel_reason"),
                ],
                heading=_("Class"),
            ),
            InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
        ],
        base_form_class=ClassForm,
    )


register_snippet(ClassViewSet)


@hooks.register(extensions.COURSE_PAGE_VERSIONS)
def course_schedule_version(course) -> dict:
    """A course page shows its classes and seats: cache it under their version too."""
    return schedule_versions(course.pk)


@hooks.register(extensions.CATALOG_VERSIONS)
def catalog_classes_version() -> dict:
    """The catalogue cards show each course's next class: cache them under its version."""
    return classes_versions()


@hooks.register(extensions.CATALOG_NEXT_CLASSES)
def catalog_next_classes(course_ids, now) -> dict:
    return next_classes(course_ids, now)
