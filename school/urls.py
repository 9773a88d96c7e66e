from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from school import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    path("accounts/", include("school.account_urls")),
    path("learning/", include("enrolment.urls")),
    path("organisations/", include("organisations.urls")),
    path("classes/", include("courses.urls")),
    path("calendar/", include("feeds.urls")),
    path("certificates/", include("certificates.urls")),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("notices/", include("outbox.urls")),
    path("staff/reports/", include("reports.urls")),
]

handler500 = "school.error_page.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree.
urlpatterns += [path("", include(wagtail_urls))]
