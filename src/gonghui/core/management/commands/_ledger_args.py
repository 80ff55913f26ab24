"""What the generic ledger commands (import, export, figures) share: --user, --org and options."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from gonghui.core import ledgers


def add_common_arguments(parser) -> None:
    parser.add_argument("ledger", help="台账名称，如 members")
    parser.add_argument("--org", help="组织的全称或简称（默认：整个组织树）")
    parser.add_argument("--user", help="以该用户的身份和权限执行（默认：系统，记为“命令行”）")
    parser.add_argument("--campaign", help="活动名称（帮扶等台账使用）")
    parser.add_argument("--competition", help="竞赛名称（竞赛台账使用）")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="台账的其他选项，可重复",
    )


def resolve(options) -> tuple:
    """(ledger, user, org, ledger options) from the parsed arguments; CommandError when unknown."""
    try:
        ledger = ledgers.get(options["ledger"])
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None
    user = None
    if options.get("user"):
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有用户名为 {options['user']} 的用户") from None
    org = None
    if options.get("org"):
        org = find_org(user, options["org"])
    extra = {}
    for pair in options.get("option") or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"选项 {pair} 应写成 KEY=VALUE")
        extra[key.strip()] = value.strip()
    for key in ("campaign", "competition"):
        if options.get(key):
            extra[key] = options[key]
    return ledger, user, org, extra


def find_org(user, name: str):
    from gonghui.orgs.access import find_org_by_name
    from gonghui.orgs.models import Organization

    if user is not None:
        org = find_org_by_name(user, name)
    else:
        name = name.strip()
        org = (
            Organization.objects.filter(name=name).first()
            or Organization.objects.filter(short_name=name).first()
        )
    if org is None:
        raise CommandError(f"没有找到名为“{name}”的组织")
    return org
