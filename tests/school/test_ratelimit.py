"""The shared rate limit: a fixed window per key, and the client's real address."""

import pytest
from django.test import RequestFactory

from core import ratelimit


def test_a_key_is_allowed_up_to_its_limit_and_then_refused():
    assert [ratelimit.allow("test-key", 3, 60) for _ in range(5)] == [True] * 3 + [False] * 2
    assert ratelimit.allow("another-key", 3, 60)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left one could be forged
        (2, "203.0.113.9", "127.0.0.1"),  # fewer hops than proxies: don't guess
    ],
)
def test_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = proxies
    request = RequestFactory().get("/", headers={"X-Forwarded-For": forwarded})
    assert ratelimit.client_address(request) == expected
