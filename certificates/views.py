from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import codes, credentials, keys, record, rendering, services, sharing
from certificates.models import Certificate, CertificateTemplate, TrackCertificate
from core import ratelimit
from courses.models import Class
from enrolment.models import Enrolment


def _too_many(request) -> HttpResponse | None:
    address = ratelimit.client_address(request)
    limit = settings.CERTIFICATE_VERIFICATIONS_PER_MINUTE
    if ratelimit.allow(f"certificate-verify:{address}", limit, 60):
        return None
    message = _("Too many checks from your address. Please wait a minute and try again.")
    response = render(request, "certificates/verify.html", {"error": message}, status=429)
    response["Retry-After"] = "60"
    return response


def _checked_upload(request) -> dict:
    """What the verify page says about an uploaded credential."""
    upload = request.FILES.get("credential")
    if upload is None:
        return {"upload_error": _("Choose a credential file (.json) to check.")}
    try:
        verdict = credentials.verify(upload.read(credentials.MAX_UPLOAD_BYTES + 1))
    except credentials.CredentialError as error:
        return {"upload_error": error.message}
    return {"verdict": verdict, "certificate": verdict.certificate}


def _verify_page(request, context: dict, status: int) -> HttpResponse:
    certificate = context.get("certificate")
    context["expired"] = certificate is not None and certificate.has_expired(timezone.localdate())
    return render(request, "certificates/verify.html", context, status=status)


def verify_index(request):
    """Type a certificate number, or upload a credential to check."""
    if limited := _too_many(request):
        return limited
    context = {}
    if request.method == "POST":
        context = _checked_upload(request)
    elif "code" in request.GET:
        code = codes.normalise(request.GET["code"])
        if code:
            return redirect("certificates:verify", code=codes.display(code))
        context["error"] = _("This is not a certificate number. Check it and try again.")
    status = 400 if context.get("upload_error") or context.get("error") else 200
    return _verify_page(request, context, status)


def verify(request, code):
    if limited := _too_many(request):
        return limited
    normalised = codes.normalise(code)
    if normalised is None:  # refused before the database is asked
        context = {"error": _("This is not a certificate number. Check it and try again.")}
        return render(request, "certificates/verify.html", context, status=404)
    certificate = credentials.find(normalised)
    if certificate is None:
        context = {"error": _("No certificate has this number.")}
        return render(request, "certificates/verify.html", context, status=404)
    context = {"certificate": certificate}
    if request.method == "POST":
        context.update(_checked_upload(request))
    status = 400 if context.get("upload_error") else 200
    return _verify_page(request, context, status)


def issuer(request):
    """The issuer's profile and public key, at a stable address."""
    method = {
        "id": credentials.verification_method(),
        "type": "Multikey",
        "controller": credentials.issuer_url(),
        "publicKeyMultibase": keys.public_key_multibase(),
    }
    document = {
        "@context": [
            "https://www.w3.org/ns/cid/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        **credentials.issuer_profile(),
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})


def _own_certificate(request, code) -> Certificate:
    """The person's own certificate, or any for staff; everyone else gets 404."""
    normalised = codes.normalise(code)
    if normalised is None:
        raise Http404
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__course_class"), code=normalised
    )
    if request.user.has_perm("certificates.view_certificate"):
        return certificate
    if certificate.enrolment.user_id != request.user.pk or certificate.is_revoked:
        raise Http404
    return certificate


def _own_track_certificate(request, code) -> TrackCertificate:
    """The person's own track certificate, or any for staff; everyone else gets 404."""
    normalised = codes.normalise(code)
    if normalised is None:
        raise Http404
    certificate = get_object_or_404(TrackCertificate, code=normalised)
    if request.user.has_perm("certificates.view_trackcertificate"):
        return certificate
    if certificate.user_id != request.user.pk or certificate.is_revoked:
        raise Http404
    return certificate


@login_required
def track_pdf(request, code):
    """A track certificate's PDF, drawn when asked for: it is one page of text."""
    certificate = _own_track_certificate(request, code)
    response = HttpResponse(rendering.render_track(certificate), content_type="application/pdf")
    filename = f"track-certificate-{certificate.display_code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def track_credential(request, code):
    return _credential(_own_track_certificate(request, code), "track-certificate")


@login_required
def pdf(request, code):
    certificate = _own_certificate(request, code)
    if not certificate.pdf:
        messages.info(request, _("The PDF is being prepared. Please try again in a minute."))
        return redirect("certificates:mine")
    filename = f"certificate-{certificate.display_code}.pdf"
    return FileResponse(certificate.pdf.open("rb"), filename=filename, as_attachment=False)


@login_required
def credential(request, code):
    return _credential(_own_certificate(request, code), "certificate")


def _credential(certificate, name: str) -> HttpResponse:
    """The signed credential as a file to keep: <name>-<number>.json."""
    response = HttpResponse(
        credentials.as_json(credentials.signed(certificate)),
        content_type="application/ld+json; charset=utf-8",
    )
    filename = f"{name}-{certificate.display_code}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def mine(request):
    certificates = list(
        Certificate.objects.filter(enrolment__user=request.user).order_by("-issued_at", "-pk")
    )
    for certificate in certificates:
        certificate.linkedin_url = sharing.linkedin_url(certificate)
    context = {
        "certificates": certificates,
        "track_certificates": TrackCertificate.objects.filter(user=request.user),
        "today": timezone.localdate(),
    }
    return render(request, "certificates/mine.html", context)


# --- Staff ---------------------------------------------------------------------------


def _require(request, permission: str) -> None:
    if not request.user.has_perm(f"certificates.{permission}"):
        raise Http404


@login_required
def class_certificates(request, pk):
    _require(request, "add_certificate")
    class_ = get_object_or_404(Class.objects.select_related("course"), pk=pk)
    # Everyone who completed, and anyone holding a certificate whose completion was later
    # withdrawn (an attendance correction), so staff can see it and revoke it.
    completed = Q(status=Enrolment.Status.ENROLLED, completed_at__isnull=False)
    enrolments = (
        class_.enrolments.filter(completed | Q(certificate__isnull=False))
        .select_related("user", "certificate")
        .order_by("user__name", "user__username")
    )
    return render(
        request,
        "certificates/class_certificates.html",
        {
            "class_": class_,
            "enrolments": enrolments,
            "template": services.template_for(class_.course),
        },
    )


@require_POST
@login_required
def issue(request, pk):
    _require(request, "add_certificate")
    class_ = get_object_or_404(Class, pk=pk)
    chosen = request.POST.get("enrolment", "")
    if chosen:
        # Only a number fit for the database can name an enrolment; any other is not found.
        if not (chosen.isascii() and chosen.isdigit() and len(chosen) <= 18):
            raise Http404
        enrolment = get_object_or_404(class_.enrolments, pk=int(chosen))
        try:
            services.issue_certificate(enrolment, actor=request.user)
            messages.success(request, _("Certificate issued."))
        except services.CertificateError as refusal:
            messages.error(request, refusal.message)
    else:
        issued, refusals = services.issue_for_class(class_, actor=request.user)
        messages.success(request, _("%(count)s certificates issued.") % {"count": len(issued)})
        for enrolment, message in refusals:
            messages.error(request, f"{enrolment.user.get_full_name()}: {message}")
    return redirect("certificates:class_certificates", pk=class_.pk)


def _staff_certificate(request, pk, permission) -> Certificate:
    _require(request, permission)
    return get_object_or_404(Certificate.objects.select_related("enrolment"), pk=pk)


@require_POST
@login_required
def revoke(request, pk):
    certificate = _staff_certificate(request, pk, "revoke_certificate")
    try:
        services.revoke(certificate, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Certificate revoked."))
    except services.CertificateError as refusal:
        messages.error(request, refusal.message)
    return redirect("certificates:class_certificates", pk=certificate.enrolment.course_class_id)


@require_POST
@login_required
def reissue(request, pk):
    certificate = _staff_certificate(request, pk, "change_certificate")
    try:
        services.apply_template_again(
            certificate, actor=request.user, reason=request.POST.get("reason", "")[:300]
        )
        messages.success(request, _("The certificate is being rendered again."))
    except services.CertificateError as refusal:
        messages.error(request, refusal.message)
    return redirect("certificates:class_certificates", pk=certificate.enrolment.course_class_id)


@login_required
def apply_template(request, pk):
    """After editing a template: word its certificates again and render them anew."""
    _require(request, "change_certificate")
    template = get_object_or_404(CertificateTemplate, pk=pk)
    certificates = Certificate.objects.valid().filter(template=template)
    if request.method == "POST":
        count = 0
        for certificate in certificates:
            services.apply_template_again(
                certificate, actor=request.user, reason=_("Template edited")
            )
            count += 1
        messages.success(
            request, _("%(count)s certificates are being rendered again.") % {"count": count}
        )
        return redirect(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    return render(
        request,
        "certificates/apply_template.html",
        {"template": template, "count": certificates.count()},
    )


# --- A learner's record ---------------------------------------------------------------


@login_required
def my_record(request):
    """Every course and class the person took, with hours, completion and certificates;
    they make links to share it, and revoke them."""
    if request.method == "POST":
        if request.POST.get("revoke", "").isdigit():
            record.revoke_link(request.user, int(request.POST["revoke"]))
            messages.success(request, _("The link no longer opens your record."))
        else:
            record.make_link(request.user)
            messages.success(request, _("Anyone with the new link can see your record."))
        return redirect("certificates:record")
    context = {
        "entries": record.entries(request.user),
        "links": request.user.record_links.filter(revoked_at__isnull=True),
    }
    return render(request, "certificates/record.html", context)


@login_required
def my_record_pdf(request):
    response = HttpResponse(
        record.pdf(request.user, record.entries(request.user)), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="learning-record.pdf"'
    return response


def shared_record(request, token):
    """The record as shared by its owner's link, for anyone who has it, until revoked."""
    link = record.shared(token)
    if link is None:
        raise Http404
    response = render(
        request,
        "certificates/record.html",
        {"entries": record.entries(link.user), "holder": link.user, "shared": True},
    )
    response["X-Robots-Tag"] = "noindex"
    return response
