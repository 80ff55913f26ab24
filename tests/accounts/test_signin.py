"""Sign-in per RULES.md §9: strength, expiry, lock-out, idle timeout, every sign-in logged."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.accounts.models import Credential
from gonghui.accounts.security import mark_password_changed
from gonghui.accounts.validators import ComplexityValidator
from gonghui.core.models import AuditEvent
from tests.factories import PASSWORD


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_successful_login_is_logged(world, client):
    mark_password_changed(world.clerk)
    response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN)
    assert (event.username, event.ok, event.org) == ("clerk", True, world.town)
    assert event.ip == "127.0.0.1"


def test_failed_login_is_logged_and_says_why(world, client):
    response = _login(client, "clerk", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert (event.username, event.ok) == ("clerk", False)


def test_lockout_after_five_failures_even_with_the_right_password(world, client, settings):
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        _login(client, "clerk", "wrong")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED).count() == 1
    response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 200
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_window(world, client, settings):
    settings.LOGIN_LOCKOUT_MINUTES = 15
    mark_password_changed(world.clerk)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            _login(client, "clerk", "wrong")
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 14, tzinfo=dt.UTC), tick=False):
        assert _login(client, "clerk", PASSWORD).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 16, tzinfo=dt.UTC), tick=False):
        mark_password_changed(world.clerk)
        assert _login(client, "clerk", PASSWORD).status_code == 302


def test_a_success_resets_the_count(world, client):
    mark_password_changed(world.clerk)
    for _ in range(4):
        _login(client, "clerk", "wrong")
    assert _login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "clerk", "wrong")
    assert _login(client, "clerk", PASSWORD).status_code == 302


def test_idle_timeout_logs_out(world, client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    mark_password_changed(world.clerk)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        _login(client, "clerk", PASSWORD)
        assert client.get(reverse("orgs:tree")).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 29, tzinfo=dt.UTC), tick=False):
        assert client.get(reverse("orgs:tree")).status_code == 200
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("orgs:tree"))
        assert response.status_code == 302 and "timeout=1" in response["Location"]
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TIMEOUT, username="clerk").exists()
        assert client.get(reverse("orgs:tree")).status_code == 302


def test_expired_password_must_be_changed_first(world, client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        mark_password_changed(world.clerk)
    with time_machine.travel(dt.datetime(2026, 4, 2, tzinfo=dt.UTC), tick=False):
        _login(client, "clerk", PASSWORD)
        response = client.get(reverse("orgs:tree"))
        assert response.status_code == 302 and response["Location"] == reverse(
            "accounts:password_change"
        )
        page = client.get(reverse("accounts:password_change")).content.decode()
        assert "密码已超过有效期" in page
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Xin#mima2026",
                "new_password2": "Xin#mima2026",
            },
        )
        assert response.status_code == 302
        assert client.get(reverse("orgs:tree")).status_code == 200
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED).exists()
        assert Credential.objects.get(user=world.clerk).password_changed.date() == dt.date(
            2026, 4, 2
        )


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Abcdefg1", True),
        ("abcdefg1", False),
        ("abc#efg1", True),
        ("Ab1#", False),
        ("ABCDEFGH", False),
    ],
)
def test_complexity(settings, password, ok):
    settings.PASSWORD_MIN_LENGTH, settings.PASSWORD_MIN_CLASSES = 8, 3
    if ok:
        ComplexityValidator().validate(password)
    else:
        with pytest.raises(ValidationError):
            ComplexityValidator().validate(password)


def test_open_redirect_is_refused(world, client):
    mark_password_changed(world.clerk)
    response = client.post(
        reverse("accounts:login"),
        {"username": "clerk", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_token_created_on_profile_is_shown_once_and_hashed(world, client):
    mark_password_changed(world.clerk)
    client.force_login(world.clerk)
    page = client.post(reverse("accounts:profile"), {"name": "人事系统同步"}).content.decode()
    token = world.clerk.api_tokens.get()
    key = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert key.startswith("gh_") and token.digest != key and token.digest == token.hash(key)
    assert key not in client.get(reverse("accounts:profile")).content.decode()
