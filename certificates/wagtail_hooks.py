from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from certificates.models import Certificate, CertificateTemplate, TrackCertificate


class IssuedFactsPolicy(ModelPermissionPolicy):
    """Certificates are issued and revoked by the rules, never edited or deleted by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Certificate, IssuedFactsPolicy(Certificate))
register_permission_policy(TrackCertificate, IssuedFactsPolicy(TrackCertificate))


class TemplateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            ListingButton(
                _("Render its certificates again"),
                url=reverse("certificates:apply_template", args=[instance.pk]),
                priority=5,
            )
        ]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    index_view_class = TemplateIndexView
    list_display = ["name", "is_default", "version", "updated_at"]


class CertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            ListingButton(_("Check page"), url=instance.get_absolute_url(), priority=5),
            ListingButton(
                _("Class certificates"),
                url=reverse(
                    "certificates:class_certificates", args=[instance.enrolment.course_class_id]
                ),
                priority=6,
            ),
        ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("enrolment")


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = _("Certificates")
    add_to_admin_menu = True
    menu_order = 260
    index_view_class = CertificateIndexView
    inspect_view_enabled = True
    list_display = ["holder_name", "course_title", "class_title", "issued_at", "revoked_at"]
    list_filter = ["issued_at", "revoked_at"]
    search_fields = ["holder_name", "course_title", "code"]


class TrackCertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            ListingButton(_("Check page"), url=instance.get_absolute_url(), priority=5)
        ]


class TrackCertificateViewSet(SnippetViewSet):
    """Issued by the rules when a person completes a track's courses; revoked with the
    course certificate they rest on."""

    model = TrackCertificate
    icon = "tick-inverse"
    menu_label = _("Track certificates")
    add_to_admin_menu = True
    menu_order = 261
    index_view_class = TrackCertificateIndexView
    inspect_view_enabled = True
    list_display = ["holder_name", "track_name", "issued_at", "revoked_at"]
    list_filter = ["issued_at", "revoked_at"]
    search_fields = ["holder_name", "track_name", "code"]


register_snippet(CertificateTemplateViewSet)
register_snippet(CertificateViewSet)
register_snippet(TrackCertificateViewSet)
