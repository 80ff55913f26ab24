import pytest

from gonghui.accounts.models import ApiToken


@pytest.fixture
def bearer():
    """Authorization headers for a fresh token of the given user."""

    def _bearer(user, name="测试"):
        _, key = ApiToken.issue(user=user, name=name)
        return {"Authorization": f"Bearer {key}"}

    return _bearer
