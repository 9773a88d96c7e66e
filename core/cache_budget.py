"""How many entries one client may add to the shared cache.

Pages and result lists are cached per query, and visitors choose the queries. So one
client (one IPv4 address, one IPv6 /64) adds entries on at most
CACHE_ADDITIONS_PER_MINUTE requests a minute; past that its pages are served as usual
but not stored, and nobody fills the cache with pages only they ask for.
"""

import ipaddress

from django.conf import settings

from core import ratelimit


def _client(request) -> str:
    address = ratelimit.client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    # One IPv6 client holds a whole /64: count the network, not each of its addresses.
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def may_add(request) -> bool:
    """Whether this request may add entries; asked once a request, however many it adds."""
    if not hasattr(request, "_may_add_to_cache"):
        request._may_add_to_cache = ratelimit.allow(
            f"cache-additions:{_client(request)}", settings.CACHE_ADDITIONS_PER_MINUTE, 60
        )
    return request._may_add_to_cache
