"""Who may call the API: a bearer token (scripts) or the signed-in browser session.

Both refuse a user without a place in the organisation tree, and the write variants refuse the
read-only roles before the request body is even read, so a viewer gets 403 and never a 422.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from gonghui.accounts.models import ApiToken
from gonghui.orgs.access import placement_of

NO_CREDENTIALS = (
    "需要身份认证：请在请求头中提供 API 令牌（Authorization: Bearer gh_…），或先登录系统"
)
BAD_TOKEN = "API 令牌无效或已被撤销，请在“我的账号”页面重新创建"
NO_PLACEMENT = "您的账号尚未分配到组织，请联系管理员"
READ_ONLY = "您的角色只能查看，不能修改"
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
        return admit(request, user, write=self.write, method="session")


READ = [TokenAuth(), SessionAuth()]
WRITE = [TokenAuth(write=True), SessionAuth(write=True)]
