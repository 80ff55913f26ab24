"""`gonghui token create USERNAME`: the key printed once, only its hash stored, the act audited."""

import io

import pytest
from django.core.management import CommandError, call_command

from gonghui.accounts.models import ApiToken
from gonghui.core.models import AuditEvent
from tests.factories import make_user


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_key_once_and_stores_only_its_hash(world, client):
    out, err = run("create", "clerk", "--name", "人事系统同步")
    key = out.strip()
    assert key.startswith("gh_") and len(key) > 30
    assert "只显示这一次" in err and key not in err

    token = ApiToken.objects.get(user=world.clerk)
    assert token.name == "人事系统同步"
    assert token.prefix == key[:8]
    assert token.digest == ApiToken.hash(key)
    assert not ApiToken.objects.filter(digest=key).exists()

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN)
    assert event.user == world.clerk
    assert event.org == world.town
    assert "命令行创建令牌" in event.summary and key not in event.summary
    assert key not in str(event.detail)

    # The key works against the API right away.
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["username"] == "clerk"
    assert response.json()["auth"] == "token"


def test_default_name_and_two_tokens_differ(world):
    first, _ = run("create", "chair_a")
    second, _ = run("create", "chair_a")
    assert first != second
    assert list(ApiToken.objects.filter(user=world.chair_a).values_list("name", flat=True)) == [
        "命令行",
        "命令行",
    ]


def test_unknown_user_is_refused(world):
    with pytest.raises(CommandError, match="没有名为 nobody 的用户"):
        run("create", "nobody")
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN).exists()


def test_user_without_a_place_in_the_tree_is_refused(world):
    make_user("loose", None, None)
    with pytest.raises(CommandError, match="尚未分配到组织"):
        run("create", "loose")
    assert not ApiToken.objects.exists()


def test_inactive_user_is_refused(world):
    world.viewer.is_active = False
    world.viewer.save()
    with pytest.raises(CommandError, match="已停用"):
        run("create", "viewer")


def test_subcommand_is_required(world):
    with pytest.raises(CommandError):
        run()
