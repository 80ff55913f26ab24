"""`gonghui generate`: a county-sized synthetic data set (for benchmarks), or a roster file.

gonghui generate --members 500000 --unions 5000 --employers 10000
gonghui generate --roster 名册.xlsx --rows 100000      a roster over the unions in the database
gonghui generate --ledgers            also every ledger (aid, agreements, competitions, 劳模, activities);
                                      over the county already in the database, if there is one
"""

import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.generate import GenerateError, generate_county, write_roster


class Command(BaseCommand):
    help = "生成县级规模的合成数据（用于性能基准），或生成一份会员名册文件"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=500_000, help="会员人数，默认 500000")
        parser.add_argument("--unions", type=int, default=5_000, help="基层工会数，默认 5000")
        parser.add_argument("--employers", type=int, default=10_000, help="用人单位数，默认 10000")
        parser.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
        parser.add_argument(
            "--roster", metavar="FILE", help="改为生成会员名册文件（.xlsx 或 .csv）"
        )
        parser.add_argument("--rows", type=int, default=100_000, help="名册行数，默认 100000")
        parser.add_argument(
            "--ledgers",
            action="store_true",
            help="同时生成各台账（帮扶、集体合同、竞赛、劳模、活动）；库里已有县级数据时只生成台账",
        )

    def handle(self, *args, members, unions, employers, seed, roster, rows, ledgers, **options):
        started = time.monotonic()
        if roster:
            from gonghui.orgs.models import Organization

            names = list(Organization.objects.unions().values_list("name", flat=True))
            if not names:
                raise CommandError(
                    "数据库里还没有基层工会；请先运行 gonghui generate 或 gonghui demo"
                )
            path = write_roster(roster, rows=rows, unions=names, seed=seed)
            self.stdout.write(f"已写出 {path}：{rows} 行，用时 {time.monotonic() - started:.1f} 秒")
            return
        if ledgers:
            from gonghui.orgs.models import Organization

            if Organization.objects.exists():
                self._ledgers(seed, started)
                return
        try:
            counts = generate_county(
                members=members,
                unions=unions,
                employers=employers,
                seed=seed,
                progress=self.stdout.write,
            )
        except GenerateError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"完成：{counts['orgs']} 个组织、{counts['employers']} 个用人单位、"
            f"{counts['members']} 名会员，用时 {time.monotonic() - started:.1f} 秒"
        )
        if ledgers:
            self._ledgers(seed, time.monotonic())

    def _ledgers(self, seed: int, started: float) -> None:
        from gonghui.core.generate_ledgers import generate_ledgers

        try:
            counts = generate_ledgers(seed=seed, progress=self.stdout.write)
        except GenerateError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"台账完成：{sum(counts.values())} 行，用时 {time.monotonic() - started:.1f} 秒"
        )
