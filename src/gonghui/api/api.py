"""The JSON API under /api/v1/: one NinjaAPI, its auth, its error shape, its routers."""

from ninja import NinjaAPI, Swagger

from . import aid, bargaining, competitions, errors, honors, members, orgs
from .auth import READ

DESCRIPTION = """工会台账系统的 JSON 接口。

**认证**：在“我的账号”页面创建 API 令牌（或在服务器上运行 `gonghui token create 用户名`），
在每个请求中带上 `Authorization: Bearer gh_…`。已登录的浏览器会话也可调用（写操作须带 CSRF 令牌）。

**范围**：与网页相同，只能看到和修改您所在组织及其下级的数据；超出范围的记录返回 404，
只读角色的写操作返回 403。完整身份证号仅对有权查看的角色返回，并记入审计日志。

**错误**：统一为 `{"detail": "原因"}`；数据校验错误（422）另有 `errors`：`{字段: [原因, …]}`。
"""

api = NinjaAPI(
    title="工会台账 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # Swagger UI from the ninja package's own static files; no online validator badge (no network).
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    # Every operation names READ or WRITE itself; the default here also tells the docs page to
    # send the CSRF token with "Try it out" from a signed-in browser.
    auth=READ,
)
errors.install(api)
api.add_router("", orgs.router)
api.add_router("", members.router)
api.add_router("", aid.router)
api.add_router("", honors.router)
api.add_router("", bargaining.router)
api.add_router("", competitions.router)
