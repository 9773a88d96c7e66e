import pytest
import vobject


@pytest.fixture
def read_feed(client):
    """GET a feed and parse it with vobject, a different library from the one writing it."""

    def read(url, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return vobject.readOne(response.content.decode())

    return read
