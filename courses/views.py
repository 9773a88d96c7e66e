from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courses import services
from courses.forms import RepeatingSessionsForm
from courses.permissions import get_class_for_teacher


@login_required
def class_sessions(request, pk):
    """The class's sessions, and a form to add a weekly series of them."""
    class_ = get_class_for_teacher(request, pk)
    form = RepeatingSessionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        times = form.times()
        services.add_sessions(class_, times, topic=form.cleaned_data["topic"])
        messages.success(request, _("%(count)s sessions added.") % {"count": len(times)})
        return redirect("courses:sessions", pk=class_.pk)
    sessions = class_.sessions.select_related("lesson")
    return render(
        request,
        "courses/class_sessions.html",
        {"class_": class_, "form": form, "sessions": sessions},
    )
