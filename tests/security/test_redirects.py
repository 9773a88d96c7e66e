"""No view sends people to a host or scheme someone slipped into `next`."""

from urllib.parse import urlparse

import pytest

HOSTILE = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/%09/evil.example",
]


def _stays_here(response) -> bool:
    location = response["Location"]
    parsed = urlparse(location.strip())
    return (
        response.status_code in (301, 302, 303)
        and parsed.scheme in ("", "http", "https")
        and parsed.netloc in ("", "testserver")
        and not location.lstrip().startswith(("//", "\\", "/\\"))
    )


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_leaves_the_site(target, school, as_role):
    client = as_role("anonymous")
    response = client.post(
        f"/accounts/login/?next={target}",
        {"username": "activist", "password": "correct-horse-battery", "next": target},
    )
    assert _stays_here(response), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_out_never_leaves_the_site(target, school, as_role):
    response = as_role("activist").post("/accounts/logout/", {"next": target})
    assert _stays_here(response), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_switching_language_never_leaves_the_site(target, school, as_role):
    response = as_role("anonymous").get("/language/en/", {"next": target})
    assert _stays_here(response), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_up_never_leaves_the_site(target, school, as_role):
    response = as_role("anonymous").post(
        f"/accounts/signup/?next={target}",
        {
            "username": "newcomer",
            "name": "새사람",
            "email": "newcomer@example.org",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            "privacy_consent": "on",
            "next": target,
        },
    )
    assert _stays_here(response), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_signed_in_people_sent_to_the_login_page_stay_here(target, school, as_role):
    response = as_role("activist").get("/accounts/login/", {"next": target})
    assert _stays_here(response), response["Location"]


def test_a_local_next_is_followed(school, as_role):
    """The control: a path on this site is where people go."""
    response = as_role("anonymous").get("/language/en/", {"next": "/courses/"})
    assert response["Location"] == "/courses/"
