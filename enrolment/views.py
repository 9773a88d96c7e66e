from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from courses.models import Class
from courses.permissions import get_class_for_teacher
from enrolment import offers, roster, services
from enrolment.learning import my_learning as learning_for
from enrolment.models import Enrolment


def _published_class(pk) -> Class:
    return get_object_or_404(Class.objects.published().select_related("course"), pk=pk)


def _answer(request, class_, error=None):
    """Swap the class card in place for htmx; otherwise go back to the course page."""
    if request.htmx:
        offer = offers.offer(class_, request.user, timezone.now())
        return render(request, "courses/partials/class_card.html", {"offer": offer, "error": error})
    if error:
        messages.error(request, error)
    return redirect(f"{class_.course.url}#class-{class_.pk}")


@require_POST
@login_required
def enrol(request, pk):
    class_ = _published_class(pk)
    try:
        services.enrol(request.user, class_)
    except services.EnrolmentError as refusal:
        return _answer(request, class_, refusal.message)
    return _answer(request, class_)


@require_POST
@login_required
def cancel(request, pk):
    class_ = _published_class(pk)
    enrolment = get_object_or_404(Enrolment, user=request.user, course_class=class_)
    services.cancel(enrolment, actor=request.user, reason=request.POST.get("reason", "")[:300])
    return _answer(request, class_)


@login_required
def my_learning(request):
    learning = learning_for(request.user, timezone.now())
    return render(request, "enrolment/my_learning.html", {"learning": learning})


@login_required
def class_roster(request, pk):
    class_ = get_class_for_teacher(request, pk)
    rows = roster.roster(class_)
    enrolled = sum(1 for row in rows if row.status == Enrolment.Status.ENROLLED)
    return render(
        request,
        "enrolment/roster.html",
        {"class_": class_, "rows": rows, "enrolled": enrolled, "waiting": len(rows) - enrolled},
    )


@login_required
def class_roster_export(request, pk, file_format):
    class_ = get_class_for_teacher(request, pk)
    rows = roster.roster(class_)
    filename = f"roster-{class_.pk}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(roster.as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            roster.as_xlsx(rows, str(class_.title)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
