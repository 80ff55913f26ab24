import pytest

from tests.factories import PASSWORD, build_world


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """Sign a user in through the real login page (so the audit and policy apply)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
