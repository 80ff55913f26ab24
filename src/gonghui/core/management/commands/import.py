"""gonghui import LEDGER FILE [--org NAME] [--commit] [--json] [--option key=value ...]

Without --commit the file is only checked. Exit 0 when no row was rejected, 1 otherwise, 2 when the
file as a whole cannot be read (one sentence on stderr).
"""

import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gonghui.core.sheets import SheetError

from ._ledger_args import add_common_arguments, resolve


class Command(BaseCommand):
    help = "检查（加 --commit 则导入）一个台账的电子表格"

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("file", help=".xlsx、.xls、.ods 或 .csv 文件")
        parser.add_argument("--commit", action="store_true", help="写入通过检查的行")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 对象")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        ledger, user, org, extra = resolve(options)
        if ledger.importer is None:
            raise CommandError(f"台账 {ledger.name}（{ledger.label}）不支持导入")
        path = Path(options["file"])
        if not path.is_file():
            return self._fail(f"找不到文件 {path}。", options)
        stream = getattr(self.stderr, "_out", sys.stderr)
        bar = tqdm(
            total=0,
            unit="行",
            file=stream,
            disable=options["no_progress"] or not getattr(stream, "isatty", lambda: False)(),
            desc="导入" if options["commit"] else "检查",
        )

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            result = ledger.importer(
                user=user,
                source=path,
                filename=path.name,
                org=org,
                commit=options["commit"],
                options=extra,
                progress=progress,
            )
        except SheetError as exc:
            bar.close()
            return self._fail(str(exc), options)
        except PermissionDenied as exc:
            bar.close()
            return self._fail(str(exc) or "没有权限导入到该组织。", options)
        bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            self._print(result, options["commit"])
        if result.rejected:
            sys.exit(1)

    def _fail(self, message: str, options):
        if options.get("json"):
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        self.stderr.write(message)
        sys.exit(2)

    def _print(self, result, commit: bool) -> None:
        for error in result.errors:
            self.stdout.write(f"第 {error.row} 行  {error.column}  “{error.value}”：{error.reason}")
        verb = "已导入" if commit else "检查完毕（未写入，加 --commit 导入）"
        self.stdout.write(
            f"{verb}：通过 {result.accepted} 行（新增 {result.created}，更新 {result.updated}，"
            f"无变化 {result.unchanged}），未通过 {result.rejected} 行。"
        )
