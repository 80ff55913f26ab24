"""One error shape for the whole API: {"detail": "一句中文"}; 422 adds {"errors": {字段: [原因]}}."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import NO_CREDENTIALS

logger = logging.getLogger("gonghui.api")

NOT_FOUND = "没有找到该记录，或它不在您的管辖范围内"
FORBIDDEN = "您没有权限进行此操作"
INVALID = "提交的数据有误，请按字段逐项修改"
SERVER_ERROR = "服务器内部错误，已记录日志，请联系管理员"

# ninja's own English messages, as the client would otherwise see them.
_NINJA_MESSAGES = {
    "Cannot parse request body": "请求体不是有效的 JSON（Content-Type 应为 application/json）",
    "CSRF check Failed": "CSRF 校验失败：通过浏览器会话调用写操作时须带上 X-CSRFToken 请求头",
    "Unauthorized": NO_CREDENTIALS,
    "Forbidden": FORBIDDEN,
    "Not Found": NOT_FOUND,
}

# Pydantic error types → a reason a clerk understands ({…} filled from the error's context).
_REASONS = {
    "missing": "此项必填",
    "string_type": "应为文本",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "不能超过 {max_length} 个字符",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "literal_error": "取值应为 {expected} 之一",
    "enum": "取值应为 {expected} 之一",
    "extra_forbidden": "不认识的字段",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
}


def _reason(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        # Our validators raise ValueError with a Chinese sentence; show just that sentence.
        inner = ctx.get("error")
        return str(inner) if inner is not None else str(error.get("msg", ""))
    template = _REASONS.get(kind)
    if template is None:
        return str(error.get("msg", INVALID))
    values = {
        k: str(v).replace("'", "").replace(" or ", "、").replace(", ", "、") for k, v in ctx.items()
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.split(" {")[0]


# A query schema's own (model-level) errors come back located at its parameter name; the names the
# routers give those parameters are not fields the client sent. (Body errors always carry the
# parameter name second: ("body", "payload", field).)
QUERY_SCHEMA_PARAMETERS = {"filters", "f"}


def _field(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in ("query", "path", "form", "file", "header", "cookie"):
        parts = parts[1:]
        if len(parts) == 1 and parts[0] in QUERY_SCHEMA_PARAMETERS:
            parts = []
    return ".".join(parts) or "__all__"


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        result.setdefault(_field(error.get("loc", ())), []).append(_reason(error))
    return result


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, detail: str, **extra):
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        response = respond(request, 401, _NINJA_MESSAGES.get(exc.message, exc.message))
        response["WWW-Authenticate"] = 'Bearer realm="gonghui"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return respond(request, exc.status_code, _NINJA_MESSAGES.get(exc.message, exc.message))

    @api.exception_handler(NinjaValidationError)
    def on_invalid_request(request, exc):
        return respond(request, 422, INVALID, errors=field_errors(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def on_invalid_data(request, exc):
        if hasattr(exc, "error_dict"):
            errors = {k: list(v) for k, v in exc.message_dict.items()}
        else:
            errors = {"__all__": list(exc.messages)}
        detail = next(iter(errors.values()))[0] if len(errors) == 1 else INVALID
        return respond(request, 422, detail, errors=errors)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return respond(request, 403, str(exc) or FORBIDDEN)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        message = str(exc)
        # Django's own messages ("No Membership matches…") are English and name the model.
        if not message or message.isascii():
            message = NOT_FOUND
        return respond(request, 404, message)

    @api.exception_handler(Exception)
    def on_crash(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, SERVER_ERROR)
