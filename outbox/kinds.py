"""Every kind of notice the school gives, in one list: what a person reads in their
notice settings, and whether it may wait out the quiet hours.

The apps that tell people things name their kinds here (by string: this floor imports
none of them), so My account can offer a choice for each before any was ever sent.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from outbox import sms


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    group: str
    # Urgent notices go at once, quiet hours or not; the others wait until morning.
    urgent: bool = False


LEARNING = _("My learning")
TEACHING = _("When I teach")
ORGANISATION = _("My organisation")
STAFF = _("School staff")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("enrolment-status", _("Enrolled, waitlisted, promoted or cancelled"), LEARNING, True),
        Kind("reminder-day-before", _("Reminder the day before a session"), LEARNING),
        Kind("reminder-hour-before", _("Reminder an hour before a session"), LEARNING, True),
        Kind("session-moved", _("A session moved to another time or place"), LEARNING, True),
        Kind("session-cancelled", _("A session called off"), LEARNING, True),
        Kind("completion-tight", _("Completion at risk: every session left is needed"), LEARNING),
        Kind("completion-impossible", _("Completion out of reach"), LEARNING),
        Kind("certificate-issued", _("A certificate issued"), LEARNING),
        Kind(
            "certificate-expiring", _("A certificate that must be renewed expires soon"), LEARNING
        ),
        Kind("data-download-ready", _("My data download is ready"), LEARNING, True),
        Kind("feedback-requested", _("A short survey after a class ends"), LEARNING),
        Kind(
            "class-message", _("A message from my class's instructor or the school"), LEARNING, True
        ),
        Kind("roll-call-today", _("The morning's list of my roll calls that day"), TEACHING),
        Kind("roll-call-unfinished", _("A roll call left unfinished, the next morning"), TEACHING),
        Kind("join-requested", _("Someone asks to join my organisation"), ORGANISATION),
        Kind("join-decided", _("My request to join was decided"), ORGANISATION),
        Kind("assessment-opened", _("An assessment opened for me to answer"), ORGANISATION),
        Kind("reassessment-due", _("Time for my organisation to be assessed again"), ORGANISATION),
        Kind(
            "reassessment-overdue-list", _("Each week, the organisations due for assessment"), STAFF
        ),
        Kind("service-requested", _("An organisation asks the cooperative for advice"), STAFF),
    ]
}


class Channel:
    SITE = "site"
    EMAIL = "email"
    SMS = "sms"


# On unless the person turns them off; a text message only when they turn it on.
DEFAULT_ON = {Channel.SITE: True, Channel.EMAIL: True, Channel.SMS: False}
CHANNEL_LABELS = {
    Channel.SITE: _("On the site"),
    Channel.EMAIL: _("E-mail"),
    Channel.SMS: _("Text message"),
}


def channels() -> list[str]:
    """The channels a person can choose: text messages only where a provider is set up."""
    return [Channel.SITE, Channel.EMAIL] + ([Channel.SMS] if sms.configured() else [])


def kind(name: str) -> Kind:
    """The kind named; a notice of an unknown kind is a mistake in the code."""
    return KINDS[name]
