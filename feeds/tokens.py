"""Personal calendar feed tokens: 256 random bits, kept only as their SHA-256.

The token is shown once, when made; whoever loses it makes a new one, which ends the
old address at once. Tokens have nothing to do with the password, so changing that
leaves subscriptions alone; a deactivated account loses its token (see signals).
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from feeds.models import FeedToken

# token_urlsafe(32) gives 43 characters; anything far from that is not one of ours.
_TOKEN_LENGTHS = range(40, 50)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def regenerate(user) -> str:
    """Give the person a new token and return it; the previous one stops working."""
    token = secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(
        user=user, defaults={"digest": digest(token), "created_at": timezone.now()}
    )
    return token


def drop(user) -> None:
    FeedToken.objects.filter(user=user).delete()


def find(token: str, tokens=None) -> FeedToken | None:
    """Return the active person's token row, or None for any unknown or malformed token.

    Looked up by its hash through a unique index: timing tells a guesser nothing about
    how close they came, since they cannot choose the hash.
    """
    if len(token) not in _TOKEN_LENGTHS:
        return None
    tokens = FeedToken.objects.all() if tokens is None else tokens
    return tokens.select_related("user").filter(digest=digest(token), user__is_active=True).first()
