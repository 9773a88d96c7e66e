"""What happens in enrolment that other apps act on, each a named event.

Sent inside the transaction that records the change, so a receiver's writes commit or
roll back with it. Receivers are connected in their app's `ready()`, where a reader of
that app finds them.
"""

from django.dispatch import Signal

# An enrolment has just become complete (completion.refresh); keyword: enrolment.
# The certificates app issues the certificate.
enrolment_completed = Signal()
