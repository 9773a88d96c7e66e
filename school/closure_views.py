"""Closing an account: by its owner from My account, or by staff from the admin."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from certificates.models import Certificate
from enrolment.models import Attendance
from organisations.roles import sole_coordinator_of
from school import closure
from school.forms import CloseAccountForm, StaffCloseAccountForm
from school.models import User


def _records(user) -> dict:
    """What stays in the school's records, so the person sees it before deciding."""
    return {
        "enrolment_count": user.enrolments.count(),
        "attendance_count": Attendance.objects.filter(enrolment__user=user).count(),
        "certificate_count": Certificate.objects.filter(enrolment__user=user).count(),
        "sole_coordinator_of": sole_coordinator_of(user),
    }


@login_required
def close_own_account(request):
    form = CloseAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure.close_account(request.user, actor=request.user)
        except closure.AccountClosureError as error:
            messages.error(request, error.message)
            return redirect("profile")
        logout(request)
        messages.success(
            request, _("Your account has been closed. Thank you for learning with us.")
        )
        return redirect("/")
    context = {"form": form, **_records(request.user)}
    return render(request, "registration/close_account.html", context)


def _closable_by(request, pk) -> User:
    user = get_object_or_404(User, pk=pk)
    if not closure.can_close(request.user, user):
        raise PermissionDenied
    return user


def close_account_by_staff(request, pk):
    """Close an account on the person's request (e-mail, phone, letter), with a reason."""
    user = _closable_by(request, pk)
    form = StaffCloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = user.get_full_name()
        try:
            closure.close_account(user, actor=request.user, reason=form.cleaned_data["reason"])
        except closure.AccountClosureError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The account of %(name)s has been closed.") % {"name": name}
            )
        return redirect("wagtailusers_users:index")
    context = {"form": form, "person": user, **_records(user)}
    return render(request, "wagtailusers/users/close_account.html", context)
