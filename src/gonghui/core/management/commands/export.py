"""gonghui export LEDGER -o FILE.xlsx [--org NAME] [--user USERNAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._ledger_args import add_common_arguments, resolve


class Command(BaseCommand):
    help = "把一个台账导出为 .xlsx"

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, **options):
        ledger, user, org, extra = resolve(options)
        if ledger.exporter is None:
            raise CommandError(f"台账 {ledger.name}（{ledger.label}）不支持导出")
        data = ledger.exporter(user=user, org=org, options=extra)
        path = Path(options["output"])
        path.write_bytes(data)
        self.stderr.write(f"已导出{ledger.label}到 {path}（{len(data):,} 字节）")
