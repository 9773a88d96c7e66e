"""Count requests per key in the shared cache, so every app server sees the same count.

A fixed window: the first hit starts it, and it ends `seconds` later whatever happens
in between. Good enough against guessing and hammering; not a precise meter.
"""

from django.conf import settings
from django.core.cache import cache


def allow(key: str, limit: int, seconds: int) -> bool:
    """Count one hit against `key`; return False once it has had more than `limit`."""
    key = f"ratelimit:{key}"
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add and incr: this hit starts a new one
        cache.add(key, 1, timeout=seconds)
        return True


def client_address(request) -> str:
    """Return the client's address, trusting X-Forwarded-For only as far as our proxies."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT  # PROXY_COUNT, shared with login throttling
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
