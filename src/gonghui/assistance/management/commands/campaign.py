"""gonghui campaign create --name NAME --kind KIND --org NAME --from DATE --to DATE [...]
gonghui campaign list"""

from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.assistance.models import Campaign, CampaignStandard
from gonghui.assistance.rules import Category
from gonghui.core.audit import record_create
from gonghui.core.dates import DateError, parse_date


class Command(BaseCommand):
    help = "创建或列出帮扶活动"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建帮扶活动")
        create.add_argument("--name", required=True, help="活动名称")
        create.add_argument("--kind", required=True, choices=Campaign.Kind.values)
        create.add_argument("--org", required=True, help="主办工会的全称或简称")
        create.add_argument("--from", dest="start", required=True, help="开始日期")
        create.add_argument("--to", dest="end", required=True, help="结束日期")
        create.add_argument("--deadline", help="申请截止日期")
        create.add_argument("--budget", default="0", help="预算（元）")
        create.add_argument("--members-only", action="store_true", help="仅限会员")
        create.add_argument("--approval", choices=Campaign.Approval.values, default=None)
        create.add_argument("--yearly-cap", help="每户年度上限（元）")
        create.add_argument("--exclude", action="append", default=[], help="互斥活动名称，可重复")
        create.add_argument(
            "--standard",
            action="append",
            default=[],
            metavar="类别=金额[:物资:折价]",
            help="慰问标准，如 低保户=500:大米、食用油:150，可重复",
        )
        sub.add_parser("list", help="列出帮扶活动")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for c in Campaign.objects.select_related("org"):
                self.stdout.write(
                    f"{c.name}\t{c.get_kind_display()}\t{c.org.name}\t{c.start}～{c.end}"
                )
            return
        from gonghui.core.management.commands._ledger_args import find_org

        org = find_org(None, options["org"])
        try:
            start = parse_date(options["start"], allow_future=True)
            end = parse_date(options["end"], allow_future=True)
            deadline = (
                parse_date(options["deadline"], allow_future=True) if options["deadline"] else None
            )
        except DateError as exc:
            raise CommandError(str(exc)) from None
        if end < start:
            raise CommandError("结束日期早于开始日期")
        if Campaign.objects.filter(name=options["name"]).exists():
            raise CommandError(f"已有名为“{options['name']}”的活动")
        labels = {label: value for value, label in Category.choices}
        standards = []
        for text in options["standard"]:
            label, _, rest = text.partition("=")
            if label not in labels:
                raise CommandError(f"慰问标准“{text}”中的类别“{label}”无法识别")
            cash, _, goods = rest.partition(":")
            goods, _, value = goods.partition(":")
            try:
                standards.append((labels[label], Decimal(cash or 0), goods, Decimal(value or 0)))
            except InvalidOperation:
                raise CommandError(f"慰问标准“{text}”中的金额无法识别") from None
        excluded = []
        for name in options["exclude"]:
            other = Campaign.objects.filter(name=name).first()
            if other is None:
                raise CommandError(f"没有名为“{name}”的活动")
            excluded.append(other)
        kind = options["kind"]
        approval = options["approval"] or ("upper" if kind == "illness_aid" else "organiser")
        with transaction.atomic():
            campaign = Campaign.objects.create(
                name=options["name"],
                kind=kind,
                org=org,
                start=start,
                end=end,
                deadline=deadline,
                budget=Decimal(options["budget"]),
                recipients="members" if options["members_only"] else "residents",
                approval=approval,
                yearly_cap=Decimal(options["yearly_cap"]) if options["yearly_cap"] else None,
            )
            campaign.excludes.set(excluded)
            CampaignStandard.objects.bulk_create(
                [
                    CampaignStandard(
                        campaign=campaign, category=c, cash=cash, goods=g, goods_value=v
                    )
                    for c, cash, g, v in standards
                ]
            )
            record_create(user=None, instance=campaign, org=org)
        self.stdout.write(
            f"已创建活动“{campaign.name}”（{campaign.get_kind_display()}，{org.name}）"
        )
