"""Who may call the API: a bearer token (scripts) or the signed-in browser session.

Both refuse a user without a place in the organisation tree, and the write variants refuse the
read-only roles before the request body is even read, so a viewer gets 403 and never a 422.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from gonghui.accounts.models import ApiToken
from gonghui.accounts.security import password_expired
from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.orgs.access import placement_of

NO_CREDENTIALS = (
    "需要身份认证：请在请求头中提供 API 令牌（Authorization: Bearer gh_…），或先登录系统"
)
BAD_TOKEN = "API 令牌无效或已被撤销，请在“我的账号”页面重新创建"
NO_PLACEMENT = "您的账号尚未分配到组织，请联系管理员"
READ_ONLY = "您的角色只能查看，不能修改"
SESSION_TIMEOUT = "登录已超时，请重新登录"
PASSWORD_EXPIRED = "密码已过期，请先在网页上修改密码"
CSRF_FAILED = "CSRF 校验失败：通过浏览器会话调用写操作时须带上 X-CSRFToken 请求头"


def admit(request: HttpRequest, user, *, write: bool, method: str):
    """The user, if placed in the tree (and allowed to write, for write operations)."""
    placement = placement_of(user)
    if placement is None:
        raise AuthorizationError(403, NO_PLACEMENT)
    if write and not placement.can_write:
        raise AuthorizationError(403, READ_ONLY)
    request.api_auth_method = method
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gh_…`; only the SHA-256 of the key is stored (accounts.ApiToken)."""

    def __init__(self, *, write: bool = False) -> None:
        self.write = write
        super().__init__()

    def __call__(self, request: HttpRequest):
        value = request.headers.get(self.header)
        if not value:
            return None  # no header: let the session try
        scheme, _, key = value.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            # Someone meant to authenticate and got it wrong: say so, do not fall back.
            raise AuthenticationError(401, BAD_TOKEN)
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token)
        if user is None:
            raise AuthenticationError(401, BAD_TOKEN)
        return admit(request, user, write=self.write, method="token")


class SessionAuth(APIKeyCookie):
    """The browser's Django session (the docs page, htmx); writes need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, *, write: bool = False) -> None:
        self.write = write
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not signed in: no CSRF question to ask
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False):
            if check_csrf(request):
                raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session_policy(request, user)
        return admit(request, user, write=self.write, method="session")


def session_policy(request: HttpRequest, user) -> None:
    """The pages' idle timeout and password expiry (accounts.middleware skips /api/ so that
    token calls are untouched; a browser session calling the API keeps the same rules)."""
    now = int(time.time())
    last = request.session.get("last_seen")
    if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
        record_event(
            AuditEvent.Kind.TIMEOUT, user=user, request=request, summary="空闲超时自动退出"
        )
        logout(request)
        raise AuthenticationError(401, SESSION_TIMEOUT)
    request.session["last_seen"] = now
    if user.is_superuser:
        return
    if request.session.get("password_ok") is None:
        request.session["password_ok"] = not password_expired(user)
    if not request.session["password_ok"]:
        raise AuthorizationError(403, PASSWORD_EXPIRED)


READ = [TokenAuth(), SessionAuth()]
WRITE = [TokenAuth(write=True), SessionAuth(write=True)]
