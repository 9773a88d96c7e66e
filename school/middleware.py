from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Speak Korean unless the person chose English with the language switcher.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the
    school is Korean-first, and many activists' machines are set to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's Content-Security-Policy, with the admin's own changes under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        changes = settings.ADMIN_CONTENT_SECURITY_POLICY_CHANGES
        if report_only:
            return parts
        if request.path_info.startswith("/admin/"):
            parts.replace = {**changes, **(parts.replace or {})}
        elif getattr(request, "is_preview", False):
            # A page previewed in the editor keeps the site's policy, framed by the admin.
            parts.replace = {"frame-ancestors": changes["frame-ancestors"], **(parts.replace or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Tell browsers which device features no page of the site may use (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response
