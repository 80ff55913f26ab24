"""gonghui figures LEDGER --org NAME [--from DATE --to DATE] --json

--to is the last day of the period (inclusive); without --from the period starts on 1 January of
the --to year; without either the ledger reports its current figures.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from gonghui.core.dates import DateError, Period, parse_date

from ._ledger_args import add_common_arguments, resolve


class Command(BaseCommand):
    help = "打印一个台账的统计数字（与页面和报告使用同一个查询）"

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("--from", dest="date_from", help="起始日期，如 2026-01-01")
        parser.add_argument("--to", dest="date_to", help="截止日期（含当天），如 2026-06-30")
        parser.add_argument("--json", action="store_true", help="打印 JSON（默认也是 JSON）")

    def handle(self, *args, **options):
        ledger, user, org, extra = resolve(options)
        if ledger.figures is None:
            raise CommandError(f"台账 {ledger.name}（{ledger.label}）没有统计数字")
        if org is None:
            if user is None:
                from gonghui.orgs.models import Organization

                org = Organization.objects.get_first_root_node()
            else:
                from gonghui.orgs.access import require_placement

                org = require_placement(user).org
            if org is None:
                raise CommandError("还没有任何组织")
        period = self._period(options)
        figures = ledger.figures(user=user, org=org, period=period, options=extra)
        self.stdout.write(json.dumps(figures, ensure_ascii=False, cls=DjangoJSONEncoder, indent=2))

    def _period(self, options):
        raw_from, raw_to = options.get("date_from"), options.get("date_to")
        if not raw_from and not raw_to:
            return None
        try:
            last = parse_date(raw_to, allow_future=True) if raw_to else None
            first = parse_date(raw_from, allow_future=True) if raw_from else None
        except DateError as exc:
            raise CommandError(str(exc)) from None
        if last is None:
            import datetime as dt

            last = dt.date.today()
        if first is None:
            first = last.replace(month=1, day=1)
        if last < first:
            raise CommandError("截止日期早于起始日期")
        return Period.inclusive(first, last)
