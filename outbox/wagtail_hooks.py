from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from outbox.models import OutgoingMail


class MailLogPolicy(ModelPermissionPolicy):
    """The log records what the worker did: staff read it, nobody edits or deletes it."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(OutgoingMail, MailLogPolicy(OutgoingMail))


class OutgoingMailViewSet(SnippetViewSet):
    model = OutgoingMail
    icon = "mail"
    menu_label = _("Outgoing mail")
    add_to_admin_menu = True
    menu_order = 270
    inspect_view_enabled = True
    # Never the message itself: it may hold a password reset link.
    inspect_view_fields = [
        "channel",
        "recipients",
        "subject",
        "status",
        "attempts",
        "last_error",
        "queued_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_display = [
        "recipients",
        "channel",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["recipients", "subject"]


register_snippet(OutgoingMailViewSet)
