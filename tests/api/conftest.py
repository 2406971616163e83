import pytest

from kinerja.api.tokens import create_token


@pytest.fixture
def bearer():
    """``bearer(user, scope="read")`` → the headers of a request made with a new token of
    ``user``."""

    def make(user, scope="read", days=30):
        _token, secret = create_token(user, name="uji", scope=scope, days=days)
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make
