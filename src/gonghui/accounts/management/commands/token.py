"""`gonghui token create USERNAME [--name NAME]`: an API token for a script, shown once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.accounts.models import ApiToken
from gonghui.core.audit import record_event
from gonghui.core.models import AuditEvent
from gonghui.orgs.access import placement_of


class Command(BaseCommand):
    help = "管理 API 令牌：token create 用户名 [--name 用途]"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create}")
        create = actions.add_parser("create", help="为用户创建一个 API 令牌（只显示这一次）")
        create.add_argument("username", help="用户名")
        create.add_argument("--name", default="命令行", help="令牌用途，如“人事系统同步”")

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(options["username"], options["name"])

    def create(self, username: str, name: str) -> None:
        name = (name or "").strip()
        if not name:
            raise CommandError("令牌用途（--name）不能为空。")
        if len(name) > 100:
            raise CommandError("令牌用途（--name）不能超过 100 个字。")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有名为 {username} 的用户。")
        if not user.is_active:
            raise CommandError(f"用户 {username} 已停用，不能创建令牌。")
        placement = placement_of(user)
        if placement is None:
            raise CommandError(
                f"用户 {username} 尚未分配到组织，令牌无法使用；请先在系统管理中为其设置岗位。"
            )
        with transaction.atomic():
            token, key = ApiToken.issue(user=user, name=name)
            record_event(
                AuditEvent.Kind.TOKEN,
                user=user,
                org=placement.org,
                summary=f"命令行创建令牌 {token}",
                detail={"via": "命令行", "token_id": token.pk, "prefix": token.prefix},
            )
        self.stdout.write(key)
        self.stderr.write(
            f"已为 {username} 创建令牌“{name}”。上面这一行就是令牌，只显示这一次，请妥善保存；"
            f"调用时带上请求头 Authorization: Bearer <令牌>。"
        )
