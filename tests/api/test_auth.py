"""Who may call the API: tokens, the browser session, the placement, the docs page."""

import datetime as dt
import json
import re
import time
from urllib.parse import urlparse

from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken, Credential
from gonghui.core.models import AuditEvent
from tests.factories import make_member, make_user

ME = "/api/v1/me"


def test_no_credentials_is_401_in_chinese(world, client):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "需要身份认证：请在请求头中提供 API 令牌（Authorization: Bearer gh_…），或先登录系统"
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_invalid_token_is_401(world, client):
    response = client.get(ME, headers={"Authorization": "Bearer gh_not-a-real-key"})
    assert response.status_code == 401
    assert "无效或已被撤销" in response.json()["detail"]


def test_wrong_scheme_is_401_not_a_fallback_to_the_session(world, client, bearer):
    client.force_login(world.clerk)
    for header in ("Token gh_abc", "Bearer", "Basic Y2xlcms6eA=="):
        response = client.get(ME, headers={"Authorization": header})
        assert response.status_code == 401, header
    # A bad token with a good session is still refused: the caller meant the token.
    response = client.get(ME, headers={"Authorization": "Bearer gh_wrong"})
    assert response.status_code == 401


def test_valid_token_answers_and_marks_last_used(world, client):
    token, key = ApiToken.issue(user=world.chair_a, name="同步")
    assert token.last_used is None
    response = client.get(ME, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json() == {
        "username": "chair_a",
        "display_name": "chair_a",
        "role": "chair",
        "role_label": "基层工会主席",
        "org": {"id": world.union_a.pk, "name": "桥涯村工会", "short_name": "桥涯村"},
        "can_write": True,
        "can_unmask": True,
        "auth": "token",
    }
    token.refresh_from_db()
    assert token.last_used is not None


def test_revoked_token_is_401(world, client, login):
    token, key = ApiToken.issue(user=world.clerk, name="旧脚本")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(ME, headers=headers).status_code == 200
    # Revoked on the profile page, the way a user does it.
    login(world.clerk)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    client.logout()
    response = client.get(ME, headers=headers)
    assert response.status_code == 401
    assert "无效或已被撤销" in response.json()["detail"]


def test_token_of_an_inactive_user_is_401(world, client, bearer):
    headers = bearer(world.viewer)
    world.viewer.is_active = False
    world.viewer.save()
    assert client.get(ME, headers=headers).status_code == 401


def test_user_without_a_placement_is_403(world, client, bearer):
    loose = make_user("loose", None, None)
    response = client.get(ME, headers=bearer(loose))
    assert response.status_code == 403
    assert response.json() == {"detail": "您的账号尚未分配到组织，请联系管理员"}
    client.force_login(loose)
    assert client.get(ME).status_code == 403


def test_read_only_roles_are_refused_before_the_body_is_read(world, client, bearer):
    for user in (world.viewer, world.approver):
        response = client.post(
            "/api/v1/members", "not json", content_type="application/json", headers=bearer(user)
        )
        assert response.status_code == 403
        assert response.json() == {"detail": "您的角色只能查看，不能修改"}


def test_session_reads_and_writes_need_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.clerk)
    me = browser.get(ME)
    assert me.status_code == 200 and me.json()["auth"] == "session"

    body = {
        "id_number": "320102199003070017",
        "name": "王五",
        "org": world.union_a.pk,
        "joined": "2021-05-01",
    }
    refused = browser.post("/api/v1/members", json.dumps(body), content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    page = browser.get("/accounts/profile/")  # any page sets the CSRF cookie
    csrf = page.cookies["csrftoken"].value
    created = browser.post(
        "/api/v1/members",
        json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert created.status_code == 201, created.content


def test_token_writes_need_no_csrf_token(world):
    _, key = ApiToken.issue(user=world.clerk, name="脚本")
    script = Client(enforce_csrf_checks=True)
    response = script.post(
        "/api/v1/members",
        {
            "id_number": "320102199003070017",
            "name": "王五",
            "org": world.union_a.pk,
            "joined": "2021-05-01",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201


def test_openapi_document_lists_every_endpoint(world, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "工会台账 API"
    paths = doc["paths"]
    assert set(paths["/api/v1/members"]) == {"get", "post"}
    assert set(paths["/api/v1/members/{member_id}"]) == {"get", "patch"}
    assert set(paths["/api/v1/members/import"]) == {"post"}
    assert set(paths["/api/v1/orgs"]) == {"get"}
    assert set(paths["/api/v1/me"]) == {"get"}
    schemes = doc["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    listing = paths["/api/v1/members"]["get"]
    params = {p["name"] for p in listing["parameters"]}
    assert {"q", "org", "sex", "age_min", "age_max", "joined_from", "joined_to", "status"} <= params
    assert {"limit", "offset"} <= params
    assert "422" in listing["responses"] and "401" in listing["responses"]


def test_docs_page_uses_only_local_assets(world, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert refs, "the page loads its Swagger UI files"
    for ref in refs:
        parsed = urlparse(ref)
        assert not parsed.scheme and not parsed.netloc, f"external asset: {ref}"
        assert ref.startswith("/static/"), ref
        assert finders.find(ref.removeprefix("/static/")), f"not shipped: {ref}"
    assert "http://" not in html and "https://" not in html
    # No online validator badge: Swagger UI would otherwise call validator.swagger.io.
    settings_json = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
    ).group(1)
    settings = json.loads(settings_json)
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/v1/openapi.json"


def test_unknown_member_and_unknown_path(world, client, bearer):
    headers = bearer(world.clerk)
    missing = client.get("/api/v1/members/999999", headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "没有找到该会员"}
    # A member of another town is exactly as unknown as one that does not exist.
    elsewhere = make_member(world.union_c, "赵六")
    hidden = client.get(f"/api/v1/members/{elsewhere.pk}", headers=headers)
    assert hidden.status_code == 404
    assert hidden.json() == missing.json()


def test_docs_page_sends_the_csrf_token_for_signed_in_browsers(world, client):
    client.force_login(world.clerk)
    html = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in html
    token = re.search(r'data-csrf-token="([^"]+)"', html)
    assert token and len(token.group(1)) >= 32


def test_an_idle_browser_session_is_signed_out(world, client, settings):
    client.force_login(world.clerk)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": "登录已超时，请重新登录"}
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TIMEOUT, user=world.clerk).exists()
    assert client.get(ME).status_code == 401  # the session is gone


def test_a_browser_session_with_an_expired_password_is_refused(world, client, bearer):
    Credential.objects.update_or_create(
        user=world.clerk, defaults={"password_changed": timezone.now() - dt.timedelta(days=365)}
    )
    client.force_login(world.clerk)
    response = client.get(ME)
    assert response.status_code == 403
    assert response.json() == {"detail": "密码已过期，请先在网页上修改密码"}
    # A token is a separate credential and keeps working for scripts.
    client.logout()
    assert client.get(ME, headers=bearer(world.clerk)).status_code == 200
